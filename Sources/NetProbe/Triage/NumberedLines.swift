/// Line numbers in front of pasted lines, removed before the paste is read: `cat -n`'s (`     1\t1: lo: <...>`), an
/// editor's or a viewer's (`12 | 2: eth0: ...`, `12  2: eth0: ...`). Pure.
///
/// Only a RUN is numbering: at least `minimumRun` consecutive lines whose first word is a decimal number one more than
/// the line above's (a blank line inside the run is numbered too), followed by a tab, a `|`, or (for a number padded
/// on its left, as `less -N` and editors align them) a space; the number, its padding and that one separator go, the
/// rest of the line stays verbatim (its indentation is output: `ip addr`'s continuation lines). Numbers that do not
/// count up by one (`netsh`'s `Start Port  End Port` rows, a list of ports) are never a run, nor unpadded numbers
/// before a space (`/proc/self/mountinfo`'s consecutive mount ids).
enum NumberedLines {
    static let minimumRun = 3

    /// `lines` with each run's numbers removed; other lines unchanged (same numbers, same order).
    static func strip(_ lines: [SourceLine]) -> [SourceLine] {
        var out = lines
        var index = 0
        while index < lines.count {
            guard let first = number(lines[index].text) else { index += 1; continue }
            var end = index + 1
            var expected = first.value + 1
            while end < lines.count, let next = number(lines[end].text), next.value == expected {
                expected += 1
                end += 1
            }
            if end - index >= minimumRun {
                for at in index..<end {
                    if let numbered = number(lines[at].text) {
                        out[at] = SourceLine(number: lines[at].number, text: numbered.rest)
                    }
                }
                index = end
            } else {
                index += 1
            }
        }
        return out
    }

    /// The leading line number of `text` and the text after its separator, or `nil`: optional spaces, 1-6 digits,
    /// then a tab, ` | ` / `| ` / `|`, a space after a padded number, or the line's end.
    static func number(_ text: String) -> (value: Int, rest: String)? {
        var rest = Substring(text).drop { $0 == " " }
        let padded = rest.count < text.count
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 6, let value = Int(digits) else { return nil }
        rest = rest.dropFirst(digits.count)
        guard let separator = rest.first else { return (value, "") }
        switch separator {
        case "\t":
            return (value, String(rest.dropFirst()))
        case "|":
            let after = rest.dropFirst()
            return (value, String(after.first == " " ? after.dropFirst() : after))
        case " ":
            var after = rest.dropFirst()
            guard padded || after.first == "|" else { return nil }
            if after.first == "|" {
                after = after.dropFirst()
                if after.first == " " { after = after.dropFirst() }
            }
            return (value, String(after))
        case "\r":
            return (value, String(rest))
        default:
            return nil
        }
    }
}
