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
        var pieces = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if text.utf8.last == UInt8(ascii: "\n") { pieces.removeLast() }
        return pieces.enumerated().map { offset, bytes in
            SourceLine(number: firstNumber + offset, text: String(decoding: bytes, as: UTF8.self))
        }
    }

    /// Every piece between `\n`s, including a final empty one (the exact inverse of joining with `\n`).
    static func pieces(_ text: String) -> [String] {
        text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
    }
}
