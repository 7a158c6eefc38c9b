/// Lines that wrap pasted output without being part of it: markdown code fences (```` ``` ````, `~~~`, with or
/// without a language), markdown headings (`## Environment`; a capture's own `### NAME` headers never reach
/// here), and the first line of a two-line prompt (Kali's `┌──(root㉿kali)-[~]`, Parrot's `┌─[user@parrot]─[~]`).
///
/// Pure. Section parsers skip these lines silently instead of warning about them as unparseable output.
enum PasteWrapper {
    /// Whether the words of one line are a wrapper line.
    static func isWrapper(_ words: [String]) -> Bool {
        guard let first = words.first else { return false }
        return isFenceLine(words) || isHeading(words) || isPromptHeader(first)
    }

    /// Whether the words of one line open or close a fence: `isFence` of the first, and for backticks no backtick
    /// after the opening run (CommonMark: a backtick fence's info string holds none, so
    /// ```` ```netsh interface ipv4 show excludedportrange protocol=tcp``` ```` is an inline code span, not a fence).
    static func isFenceLine(_ words: [String]) -> Bool {
        guard let first = words.first, isFence(first) else { return false }
        guard first.hasPrefix("`") else { return true }
        let info = first.drop { $0 == "`" }
        return !info.contains("`") && !words.dropFirst().contains { $0.contains("`") }
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
        // A table's top rule (`┌────┬────┐`, upstream's `openclaw status`) is box drawing only; a prompt names
        // something (`┌──(root㉿kali)-[~]`).
        let drawing: ClosedRange<UInt32> = 0x2500...0x257F
        return (scalar == "\u{250C}" || scalar == "\u{256D}") && word.unicodeScalars.contains { !drawing.contains($0.value) }
    }
}
