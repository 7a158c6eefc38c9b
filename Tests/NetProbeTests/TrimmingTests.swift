import Foundation
import Testing
@testable import NetProbe

/// The native trims agree with Foundation's `trimmingCharacters(in:)` on the same character sets.
@Suite("Trimming")
struct TrimmingTests {
    /// ASCII letters and spaces, every ASCII control in the newline range, and the Unicode spaces and
    /// separators that decide the edge cases (NBSP, EN QUAD, IDEOGRAPHIC SPACE, NEL, LS, PS, ZWSP, BOM).
    static let alphabet: [Unicode.Scalar] = ["a", "Z", "0", ":", "/", " ", "\t", "\n", "\u{0B}", "\u{0C}", "\r",
        "\u{85}", "\u{A0}", "\u{2000}", "\u{3000}", "\u{2028}", "\u{2029}", "\u{200B}", "\u{FEFF}", "é", "\u{1F600}"]

    @Test("random strings: same result as Foundation for both sets (seeded, 5000 cases)")
    func agreesWithFoundation() {
        var generator = SplitMix64(seed: 0x7EAF)
        for _ in 0..<5000 {
            let length = Int(generator.next() % 12)
            var scalars = String.UnicodeScalarView()
            for _ in 0..<length { scalars.append(Self.alphabet[Int(generator.next() % UInt64(Self.alphabet.count))]) }
            let text = String(scalars)
            #expect(text.trimmingSpaces() == text.trimmingCharacters(in: .whitespaces), "\(Array(text.unicodeScalars))")
            #expect(text.trimmingSpacesAndNewlines() == text.trimmingCharacters(in: .whitespacesAndNewlines),
                    "\(Array(text.unicodeScalars))")
            let sub = text.dropFirst(length > 0 ? 1 : 0)
            #expect(sub.trimmingSpaces() == sub.trimmingCharacters(in: .whitespaces))
        }
    }

    @Test("trimming(charactersIn:), the one trim of a set of characters (the triage form readers'): as Foundation's on whole characters (seeded, 3000 cases)")
    func characterSet() {
        var generator = SplitMix64(seed: 0x5E7)
        let alphabet: [Character] = ["[", "]", "(", ")", "*", "_", " ", "`", "v", "1", ".", "é", "\u{1F600}"]
        for set in ["[]()", "*_ ", "()[]\"'`*,;.", ""] {
            for _ in 0..<750 {
                let text = String((0..<Int(generator.next() % 10)).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
                #expect(text.trimming(charactersIn: set) == text.trimmingCharacters(in: CharacterSet(charactersIn: set)), "\(text) \(set)")
            }
        }
        #expect("[10.0.22631.4460]".trimming(charactersIn: "[]()") == "10.0.22631.4460")
        #expect("** WSL2 **".trimming(charactersIn: "*_ ") == "WSL2")
        // A whole character: `*` with a combining acute accent is not `*`, so it stays (scalar trimming would split it).
        #expect("*\u{301}x*".trimming(charactersIn: "*") == "*\u{301}x")
    }

    @Test("examples")
    func examples() {
        #expect("  a b\t".trimmingSpaces() == "a b")
        #expect(" \n x \r\n".trimmingSpaces() == "\n x \r\n")
        #expect(" \n x \r\n".trimmingSpacesAndNewlines() == "x")
        #expect("\t \n".trimmingSpacesAndNewlines() == "")
        #expect("".trimmingSpaces() == "")
    }
}

/// A small seeded generator (SplitMix64) so failures reproduce.
private struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
