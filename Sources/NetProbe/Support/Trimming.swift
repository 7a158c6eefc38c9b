/// Trimming without Foundation's `NSString` bridge (`trimmingCharacters(in:)` converts to UTF-16 and back, which
/// dominated the classifier's per-line work on `mountinfo`). Same sets as Foundation's `.whitespaces` and
/// `.whitespacesAndNewlines`.
extension StringProtocol {
    /// `trimmingCharacters(in: .whitespaces)`: Unicode category Zs, tab and (as Foundation on Linux) U+200B.
    package func trimmingSpaces() -> String { trimmed(where: Self.isSpace) }

    /// `trimmingCharacters(in: .whitespacesAndNewlines)`: Unicode category Z*, tab, U+000A-U+000D, U+0085, U+200B.
    package func trimmingSpacesAndNewlines() -> String { trimmed(where: Self.isSpaceOrNewline) }

    /// The text without the leading and trailing characters that `set` holds (`"[v1]".trimming(charactersIn: "[]")`
    /// is `v1`); whole characters, so a `*` with a combining mark on it stays.
    package func trimming(charactersIn set: String) -> String {
        var characters = Substring(self)
        while let first = characters.first, set.contains(first) { characters = characters.dropFirst() }
        while let last = characters.last, set.contains(last) { characters = characters.dropLast() }
        return String(characters)
    }

    /// The text without the leading and trailing scalars for which `isTrimmed` holds.
    package func trimmed(where isTrimmed: (Unicode.Scalar) -> Bool) -> String {
        let scalars = Substring(self).unicodeScalars
        guard let first = scalars.firstIndex(where: { !isTrimmed($0) }),
              let last = scalars.lastIndex(where: { !isTrimmed($0) }) else { return "" }
        return String(scalars[first...last])
    }

    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar == " " || scalar == "\t" }
        return scalar.properties.generalCategory == .spaceSeparator || scalar.value == 0x200B
    }

    private static func isSpaceOrNewline(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar == " " || (0x09...0x0D).contains(scalar.value) }
        switch scalar.properties.generalCategory {
        case .spaceSeparator, .lineSeparator, .paragraphSeparator: return true
        default: return scalar.value == 0x85 || scalar.value == 0x200B
        }
    }
}
