/// Lines that wrap pasted output without being part of it: markdown code fences (```` ``` ````, `~~~`, with or
/// without a language), markdown headings (`## Environment`; a capture's own `### NAME` headers never reach
/// here), and the first line of a two-line prompt (Kali's `┌──(root㉿kali)-[~]`, Parrot's `┌─[user@parrot]─[~]`).
///
/// Pure. Section parsers skip these lines silently instead of warning about them as unparseable output.
enum PasteWrapper {
    /// Whether the words of one line are a wrapper line.
    static func isWrapper(_ words: [String]) -> Bool {
        guard let first = words.first else { return false }
        return isFence(first) || isHeading(words) || isPromptHeader(first)
    }

    /// ```` ``` ````, ```` ```text ````, `~~~`, `~~~sh`: three or more backticks or tildes, then an optional info
    /// string.
    static func isFence(_ word: String) -> Bool {
        for mark in ["```", "~~~"] where word.hasPrefix(mark) { return true }
        return false
    }

    /// `##`, `####` ... followed by words (a markdown heading). A single `#` is a root prompt (`# ip a`) or a
    /// comment, never a heading here.
    static func isHeading(_ words: [String]) -> Bool {
        guard let first = words.first, first.count >= 2, first.allSatisfy({ $0 == "#" }) else { return false }
        return words.count >= 2
    }

    /// The upper line of a two-line prompt: starts with a box-drawing corner (`┌`, `╭`).
    static func isPromptHeader(_ word: String) -> Bool {
        guard let scalar = word.unicodeScalars.first else { return false }
        return scalar == "\u{250C}" || scalar == "\u{256D}"
    }
}
