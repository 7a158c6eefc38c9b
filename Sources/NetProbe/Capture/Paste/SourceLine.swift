#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One line of a capture file, with its 1-based line number in that file.
struct SourceLine: Sendable, Equatable {
    var number: Int
    var text: String
}

/// Line splitting that treats only `\n` as a line end.
///
/// Splitting works on UTF-8 bytes, not `Character`s: Swift treats `"\r\n"` as one `Character`, so a
/// `Character`-based split would keep Windows line ends glued together. A `\r` stays in the line text.
enum TextLines {
    /// The lines of `text`. A final `\n` ends the last line rather than starting an empty one.
    static func split(_ text: String, firstNumber: Int = 1) -> [SourceLine] {
        var text = text
        return text.withUTF8 { bytes in
            var ranges = lineRanges(bytes)
            if bytes.last == UInt8(ascii: "\n") { ranges.removeLast() }
            var lines: [SourceLine] = []
            lines.reserveCapacity(ranges.count)
            for (offset, range) in ranges.enumerated() {
                lines.append(SourceLine(number: firstNumber + offset,
                                        text: String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)))
            }
            return lines
        }
    }

    /// Every piece between `\n`s, including a final empty one (the exact inverse of joining with `\n`).
    static func pieces(_ text: String) -> [String] {
        var text = text
        return text.withUTF8 { bytes in
            lineRanges(bytes).map { String(decoding: UnsafeBufferPointer(rebasing: bytes[$0]), as: UTF8.self) }
        }
    }

    /// The byte ranges between `\n`s of `bytes`, including a final empty one after a last `\n` (one range for no
    /// bytes at all). Found with `memchr`, so splitting costs one pass over the bytes.
    static func lineRanges(_ bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return [0..<0] }
        var start = 0
        while start <= bytes.count {
            let rest = bytes.count - start
            if rest > 0, let found = memchr(base + start, Int32(UInt8(ascii: "\n")), rest) {
                let end = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                ranges.append(start..<end)
                start = end + 1
            } else {
                ranges.append(start..<bytes.count)
                break
            }
        }
        return ranges
    }
}
