/// Markdown decoration around a pasted line, removed before the line is read: bold or italic markers around a
/// command (`**$ cat /proc/version**`), an inline code span holding the whole line (`` `ip a` ``), a blockquote
/// `> ` in front of output, a one-line span in triple backticks (```` ```netsh ... protocol=tcp``` ````), an arrow in front of output (`==> Linux version ...`), a list bullet (`- `, `+ `, `* `;
/// not the `*` that marks `wsl -l -v`'s default distribution), and an ordered list's marker (`7. `, `7) `: every line of
/// a paste turned into a numbered list item, or one item holding output), and `**` emphasis inside the line. Pure.
enum TriageLine {
    static let arrows: Set<String> = ["==>", "=>", "->", "-->"]

    /// The words of `line` without decoration, and the line itself (its text rebuilt only when something was
    /// removed, so verbatim content stays verbatim).
    static func clean(_ line: SourceLine) -> ([String], SourceLine) {
        var words = Tokenizer.words(line.text)
        guard !words.isEmpty, !PasteWrapper.isFenceLine(words) else { return (words, line) }
        let original = words
        if words.count > 1, arrows.contains(words[0]) { words.removeFirst() }
        if words.count > 1, words[0] == ">", !isCommandAfterPrompt(words) { words.removeFirst() }
        if words.count > 1, bullets.contains(words[0]), !(words[0] == "*" && isDistributionRow(line.text)) { words.removeFirst() }
        if words.count > 1, isOrderedMarker(words[0]) { words.removeFirst() }
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
        // (```` ``` ```` first: a one-line code span in triple backticks, never a fence: `PasteWrapper.isFenceLine`.)
        for marker in ["**", "__", "```", "`"] {
            guard let first = words.first, let last = words.last, first.hasPrefix(marker), last.hasSuffix(marker),
                  first.count > marker.count || words.count > 1 else { continue }
            words[0] = String(first.dropFirst(marker.count))
            let end = words.count - 1
            words[end] = String(words[end].dropLast(marker.count))
            words = words.filter { !$0.isEmpty }
        }
        // `**` pairs inside the line (`inet **192.168.1.50**/24 ... **[THE SAME AS IN WINDOWS]**`): emphasis the reporter
        // added to output; no tool this reader knows prints `**`. (`__` stays: `/__openclaw__/canvas/` is a path.)
        if words.contains(where: { $0.contains("**") }) {
            let marks = words.reduce(0) { $0 + $1.components(separatedBy: "**").count - 1 }
            if marks % 2 == 0 {
                // A bold bracketed note at the end (`**[THIS IP IS THE SAME AS IN WINDOWS]**`) is the reporter's, not output.
                if words.count > 1, let last = words.last, last.hasSuffix("]**"),
                   let open = words.lastIndex(where: { $0.hasPrefix("**[") }), open > 0 {
                    words.removeSubrange(open...)
                }
                words = words.map { $0.replacingEvery("**") }.filter { !$0.isEmpty }
            }
        }
        guard words != original, !words.isEmpty else { return (original, line) }
        return (words, SourceLine(number: line.number, text: words.joined(separator: " ")))
    }

    static let bullets: Set<String> = ["-", "+", "*"]

    /// `1.`, `12)`: markdown's ordered list marker (1-3 digits, then `.` or `)`). No tool this reader knows starts a line
    /// with such a word (`ip`'s indices end in `:`).
    static func isOrderedMarker(_ word: String) -> Bool {
        guard let last = word.last, last == "." || last == ")" else { return false }
        let digits = word.dropLast()
        return !digits.isEmpty && digits.count <= 3 && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// `` `ip a | grep eth0` -> eth0: <...> ``: a command in a code span, an arrow, and its output on the same line (a
    /// list item that shows a command and what it printed). The command's words and the output's text, or `nil`.
    static func commandThenOutput(_ words: [String]) -> (command: [String], output: String)? {
        guard let first = words.first, first.hasPrefix("`"), !first.hasPrefix("``"),
              let close = words.firstIndex(where: { $0.hasSuffix("`") && ($0 != first || $0.count > 1) }),
              close + 2 < words.count, arrows.contains(words[close + 1]) else { return nil }
        var command = Array(words[...close])
        command[0] = String(command[0].dropFirst())
        command[command.count - 1] = String(command[command.count - 1].dropLast())
        command = command.filter { !$0.isEmpty }
        guard !command.isEmpty, !command.contains(where: { $0.contains("`") }) else { return nil }
        return (command, words[(close + 2)...].joined(separator: " "))
    }

    /// `* Ubuntu Running 2`: `wsl -l -v`'s default row, whose `*` is output.
    private static func isDistributionRow(_ text: String) -> Bool {
        WslDistributionList.row(text, line: 0, relaxed: false) != nil
    }

    /// `> ip a` is a prompt (`>` then a command), not a blockquote.
    private static func isCommandAfterPrompt(_ words: [String]) -> Bool {
        TriageCommands.kind(Array(words.dropFirst())) != nil
    }
}

extension String {
    /// The string without any occurrence of `mark`.
    fileprivate func replacingEvery(_ mark: String) -> String {
        split(separator: mark, omittingEmptySubsequences: false).joined()
    }
}
