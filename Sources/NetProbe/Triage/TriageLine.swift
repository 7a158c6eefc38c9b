/// Markdown decoration around a pasted line, removed before the line is read: bold or italic markers around a
/// command (`**$ cat /proc/version**`), an inline code span holding the whole line (`` `ip a` ``), a blockquote
/// `> ` in front of output, an arrow in front of output (`==> Linux version ...`), and a list bullet (`- `, `+ `, `* `;
/// not the `*` that marks `wsl -l -v`'s default distribution). Pure.
enum TriageLine {
    static let arrows: Set<String> = ["==>", "=>", "->", "-->"]

    /// The words of `line` without decoration, and the line itself (its text rebuilt only when something was
    /// removed, so verbatim content stays verbatim).
    static func clean(_ line: SourceLine) -> ([String], SourceLine) {
        var words = Tokenizer.words(line.text)
        guard let head = words.first, !PasteWrapper.isFence(head) else { return (words, line) }
        let original = words
        if words.count > 1, arrows.contains(words[0]) { words.removeFirst() }
        if words.count > 1, words[0] == ">", !isCommandAfterPrompt(words) { words.removeFirst() }
        if words.count > 1, bullets.contains(words[0]), !(words[0] == "*" && isDistributionRow(line.text)) { words.removeFirst() }
        // An inline code span over several lines (`` `Windows Subsystem for Linux Distributions: `` ... `` Legacy
        // (Default)` ``): a lone backtick opening the first line or closing the last is markdown, not output.
        if line.text.filter({ $0 == "`" }).count == 1 {
            if words.first == "`" {
                words.removeFirst()
            } else if let first = words.first, first.hasPrefix("`"), !first.hasPrefix("``") {
                words[0] = String(first.dropFirst())
            } else if words.last == "`" {
                words.removeLast()
            } else if let last = words.last, last.hasSuffix("`") {
                words[words.count - 1] = String(last.dropLast())
            }
            words = words.filter { !$0.isEmpty }
        }
        for marker in ["**", "__", "`"] {
            guard let first = words.first, let last = words.last, first.hasPrefix(marker), last.hasSuffix(marker),
                  first.count > marker.count || words.count > 1 else { continue }
            words[0] = String(first.dropFirst(marker.count))
            let end = words.count - 1
            words[end] = String(words[end].dropLast(marker.count))
            words = words.filter { !$0.isEmpty }
        }
        guard words != original, !words.isEmpty else { return (original, line) }
        return (words, SourceLine(number: line.number, text: words.joined(separator: " ")))
    }

    static let bullets: Set<String> = ["-", "+", "*"]

    /// `* Ubuntu Running 2`: `wsl -l -v`'s default row, whose `*` is output.
    private static func isDistributionRow(_ text: String) -> Bool {
        WslDistributionList.row(text, line: 0, relaxed: false) != nil
    }

    /// `> ip a` is a prompt (`>` then a command), not a blockquote.
    private static func isCommandAfterPrompt(_ words: [String]) -> Bool {
        TriageCommands.kind(Array(words.dropFirst())) != nil
    }
}
