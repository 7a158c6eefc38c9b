import Testing
import TestSupport
@testable import NetProbe

/// Report strings quote at most `TextExcerpt.maxBytes` of the input, cut at a character boundary, saying the length.
@Suite("Text excerpts of the input")
struct TextExcerptTests {
    @Test("short text is kept whole; long text keeps its start and says how long it was")
    func shortAndLong() {
        #expect(TextExcerpt.bounded("eth0 00:15:5d:45:a2:ee") == "eth0 00:15:5d:45:a2:ee")
        let exact = String(repeating: "a", count: TextExcerpt.maxBytes)
        #expect(TextExcerpt.bounded(exact) == exact)
        let long = String(repeating: "b", count: 8 << 20)
        let cut = TextExcerpt.bounded(long)
        #expect(cut == String(repeating: "b", count: TextExcerpt.maxBytes) + " … (\(8 << 20) bytes in all, cut)")
    }

    @Test("a cut never splits a character, and keeps a prefix of the input (random text, seeded)")
    func characterBoundary() {
        var rng = SeededGenerator(seed: 0x7E47)
        let alphabet: [String] = ["a", " ", "é", "中", "🦀", "\u{301}", "\n"]
        for _ in 0..<300 {
            let count = Int.random(in: 0...700, using: &rng)
            let text = (0..<count).map { _ in alphabet.randomElement(using: &rng) ?? "a" }.joined()
            let limit = Int.random(in: 1...64, using: &rng)
            let cut = TextExcerpt.bounded(text, maxBytes: limit)
            if text.utf8.count <= limit {
                #expect(cut == text)
            } else {
                let kept = cut.components(separatedBy: " … (")[0]
                #expect(kept.utf8.count <= limit && kept.utf8.count >= limit - 3, "\(limit): \(kept.utf8.count)")
                #expect(Array(text.utf8.prefix(kept.utf8.count)) == Array(kept.utf8), "a prefix of the input, byte for byte")
                #expect(cut.hasSuffix("(\(text.utf8.count) bytes in all, cut)"))
            }
        }
    }

    @Test("the container section is one value: the first non-blank line; later lines are named in a warning")
    func containerSingleValue() {
        let facts = CaptureReader.parse(text: "### container\n\n  docker  \nsecond line\nthird\n", file: "c.txt")
        #expect(facts.containerManager == "docker")
        #expect(facts.warnings.count == 1)
        #expect(facts.warnings.first?.line == 4 && facts.warnings.first?.section == "container")
        #expect(facts.warnings.first?.message.contains("the 2 more non-blank line(s) from here on are not read") == true)
        #expect(CaptureReader.parse(text: "### container\npodman\n", file: "c.txt").warnings.isEmpty)
    }
}

/// The byte-level line splitting and decoding the capture reader runs on every input.
@Suite("Capture text: lines and decoding")
struct CaptureTextBytesTests {
    @Test("lines split at every \\n only, as a byte-wise split does (random text, seeded)")
    func linesMatchReference() {
        var rng = SeededGenerator(seed: 0x11E5)
        let alphabet: [String] = ["a", "\n", "\r", "é", "\r\n", " ", "🦀"]
        for _ in 0..<500 {
            let text = (0..<Int.random(in: 0...40, using: &rng)).map { _ in alphabet.randomElement(using: &rng) ?? "" }.joined()
            let reference = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
                .map { String(decoding: $0, as: UTF8.self) }
            #expect(TextLines.pieces(text) == reference, "\(Array(text.utf8))")
            var lines = reference
            if text.utf8.last == UInt8(ascii: "\n") { lines.removeLast() }
            let split = TextLines.split(text, firstNumber: 7)
            #expect(split.map(\.text) == lines)
            #expect(split.map(\.number) == Array((0..<lines.count).map { $0 + 7 }))
        }
    }

    @Test("decoding finds the first invalid UTF-8 byte wherever it is; valid bytes decode to themselves (seeded)")
    func decodingOffsets() {
        var rng = SeededGenerator(seed: 0xDEC0)
        for _ in 0..<500 {
            var bytes = Array("ok é 中 🦀 line\n".utf8)
            bytes = (0..<Int.random(in: 1...6, using: &rng)).flatMap { _ in bytes }
            let broken = Bool.random(using: &rng)
            if broken { bytes.insert(0xFF, at: Int.random(in: 0...bytes.count, using: &rng)) }
            // The byte-by-byte scan is the reference: the fast path must agree with it on every input.
            let expected = CaptureTextDecoding.firstInvalidUTF8Offset(bytes)
            #expect((expected != nil) == broken)
            switch CaptureTextDecoding.decode(bytes) {
            case .success(let text):
                #expect(expected == nil)
                #expect(Array(text.utf8) == bytes)
            case .failure(.invalidUTF8(let offset)):
                #expect(offset == expected, "offset \(offset)")
            case .failure(let other):
                Issue.record("unexpected \(other)")
            }
        }
        // A truncated 4-byte sequence (3 bytes) is repaired to one 3-byte U+FFFD: same length, different bytes.
        #expect(CaptureTextDecoding.decode([0x61, 0xF0, 0x9F, 0xA6, 0x62]) == .failure(.invalidUTF8(byteOffset: 1)))
    }

    @Test("line ends: every run of CRs before an LF goes, other CRs stay (random text against a reference, seeded)")
    func lineEndsMatchReference() {
        var rng = SeededGenerator(seed: 0xC4C4)
        let alphabet: [UInt8] = [UInt8(ascii: "\r"), UInt8(ascii: "\r"), UInt8(ascii: "\n"), UInt8(ascii: "a")]
        for _ in 0..<500 {
            let bytes = (0..<Int.random(in: 0...40, using: &rng)).map { _ in alphabet.randomElement(using: &rng) ?? 0 }
            // Reference: drop a CR when the next byte that is not a CR is an LF.
            var expected: [UInt8] = []
            for (i, byte) in bytes.enumerated() {
                if byte == UInt8(ascii: "\r"), bytes[(i + 1)...].first(where: { $0 != UInt8(ascii: "\r") }) == UInt8(ascii: "\n") { continue }
                expected.append(byte)
            }
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(Array(CaptureTextDecoding.normalizedLineEnds(text).utf8) == expected, "\(bytes)")
        }
    }
}
