/// Splits a pasted line into words at any run of Unicode whitespace (spaces, tabs, `\r`, no-break spaces
/// that web pages put into pasted output).
enum Tokenizer {
    static func words(_ line: String) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in line.unicodeScalars {
            if scalar.properties.isWhitespace {
                if !current.isEmpty {
                    words.append(String(current))
                    current = String.UnicodeScalarView()
                }
            } else {
                current.append(scalar)
            }
        }
        if !current.isEmpty { words.append(String(current)) }
        return words
    }

    /// `text` without leading and trailing Unicode whitespace.
    static func trimmed(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }

    /// `text` without one trailing `\r` (a Windows line end).
    static func droppingCR(_ text: String) -> String {
        var scalars = text.unicodeScalars
        if scalars.last == "\r" {
            scalars.removeLast()
            return String(scalars)
        }
        return text
    }
}
