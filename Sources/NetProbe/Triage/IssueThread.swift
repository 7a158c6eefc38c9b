/// The parts of an issue THREAD pasted whole (the description and the comments under it), each with the person who
/// wrote it, so facts from different people's machines are never read as one machine. Pure, one pass over the lines.
///
/// A part starts at a line that names its author, in the forms a thread is copied in:
/// - the public issue index's: `NAME · description · 2024-01-22`, `NAME · comment · 2024-01-23`, and its chunk
///   marker `[turn N by NAME, continued]` (turn 0 is the description);
/// - `gh issue view --comments` without a terminal (cli/cli's raw form): `author:<TAB>NAME` followed by
///   `association:<TAB>...` (a comment), or `title:<TAB>...` with `author:<TAB>NAME` under it (the issue itself);
/// - GitHub's web page copied as text: `NAME commented on Nov 12, 2020`, `NAME opened this issue on Nov 12, 2020`.
/// A header line is the thread's, never content (it ends any fence or block above it: each part is read on its own).
/// Text before the first header is the description's (its author unnamed), unless it holds nothing but a markdown
/// title (`# ...`). A paste of comments only (no description header, no text before the first) has no reporter:
/// a comment is never taken for the description, so no author's facts are read as the reporter's.
public struct ThreadPart: Sendable, Equatable, Codable {
    public enum Role: String, Sendable, Codable {
        case description
        case comment
    }

    /// The login the header names; `nil` for the text before any header.
    public var author: String?
    public var role: Role
    /// The header line (1-based); `nil` for the text before any header.
    public var headerLine: Int?
    /// The content lines: the first after the header, the last before the next header (1-based; `lastLine <
    /// firstLine` for a header with nothing under it).
    public var firstLine: Int
    public var lastLine: Int

    public init(author: String?, role: Role, headerLine: Int?, firstLine: Int, lastLine: Int) {
        self.author = author
        self.role = role
        self.headerLine = headerLine
        self.firstLine = firstLine
        self.lastLine = lastLine
    }
}

public enum IssueThread {
    /// One header: who, which role, and how many lines it spans (the `gh` form's metadata lines up to `--`).
    struct Header: Equatable {
        var author: String
        var role: ThreadPart.Role
        var lines: Int
    }

    /// The parts of `lines`, in order; one unnamed `description` part when no header is found.
    static func parts(_ lines: [SourceLine]) -> [ThreadPart] {
        var parts: [ThreadPart] = []
        var start = lines.first?.number ?? 1
        var current = ThreadPart(author: nil, role: .description, headerLine: nil, firstLine: start, lastLine: start - 1)
        var index = 0
        while index < lines.count {
            guard let header = header(lines, at: index) else {
                current.lastLine = lines[index].number
                index += 1
                continue
            }
            parts.append(current)
            let headerLine = lines[index].number
            index += header.lines
            start = index < lines.count ? lines[index].number : headerLine + header.lines
            current = ThreadPart(author: header.author, role: header.role, headerLine: headerLine, firstLine: start,
                                 lastLine: start - 1)
        }
        parts.append(current)
        // The unnamed start: dropped when it holds nothing, or nothing but a markdown title or an HTML comment (then
        // the first header is the reporter's part).
        if let first = parts.first, first.headerLine == nil, parts.count > 1 {
            let meaningful = lines.contains { line in
                guard line.number >= first.firstLine, line.number <= first.lastLine else { return false }
                let words = Tokenizer.words(line.text)
                guard let head = words.first else { return false }
                return head != "#" && !(head.hasPrefix("<!--") && words.last?.hasSuffix("-->") == true)
            }
            if !meaningful { parts.removeFirst() }
        }
        return parts
    }

    /// The reporter's login: the description's author; `nil` when the report's own text comes first unnamed, and
    /// when the paste holds comments only (no description: `isCommentsOnly`). A comment is never taken for the
    /// description: without one the paste says nothing of who reported, and every author's comments are read apart.
    static func reporter(_ parts: [ThreadPart]) -> String? {
        parts.first(where: { $0.role == .description && $0.author != nil })?.author
    }

    /// Whether the paste is comments only: authors' comments and no description (neither a description header nor
    /// text before the first header).
    static func isCommentsOnly(_ parts: [ThreadPart]) -> Bool {
        !parts.isEmpty && !parts.contains { $0.role == .description }
    }

    /// Whether `part` is the reporter's: the description, text before any header, or a comment by the reporter.
    static func isReporters(_ part: ThreadPart, reporter: String?) -> Bool {
        part.author == nil || part.role == .description || part.author == reporter
    }

    /// The header starting at `lines[index]`, or `nil`.
    static func header(_ lines: [SourceLine], at index: Int) -> Header? {
        let text = Tokenizer.trimmed(Tokenizer.droppingCR(lines[index].text))
        if let found = indexHeader(text) ?? turnHeader(text) ?? webHeader(text) { return found }
        return ghHeader(lines, at: index)
    }

    /// `NAME · description · 2024-01-22` / `NAME · comment · 2024-01-23`.
    static func indexHeader(_ text: String) -> Header? {
        let fields = text.components(separatedBy: " · ")
        guard fields.count == 3, isLogin(fields[0]), isDate(fields[2]) else { return nil }
        switch fields[1] {
        case "description": return Header(author: fields[0], role: .description, lines: 1)
        case "comment": return Header(author: fields[0], role: .comment, lines: 1)
        default: return nil
        }
    }

    /// `[turn 3 by NAME, continued]`.
    static func turnHeader(_ text: String) -> Header? {
        guard text.hasPrefix("[turn "), text.hasSuffix(", continued]") else { return nil }
        let words = text.dropFirst().dropLast(", continued]".count).split(separator: " ").map(String.init)
        guard words.count == 4, words[0] == "turn", let turn = Int(words[1]), turn >= 0, words[2] == "by",
              isLogin(words[3]) else { return nil }
        return Header(author: words[3], role: turn == 0 ? .description : .comment, lines: 1)
    }

    static let months: Set<String> = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `NAME commented on Nov 12, 2020`, `NAME opened this issue on Nov 12, 2020` (anything after the year, such as
    /// `· edited`, is allowed).
    static func webHeader(_ text: String) -> Header? {
        let words = text.split(separator: " ").map(String.init)
        guard words.count >= 5, words.count <= 12, isLogin(words[0]) else { return nil }
        let role: ThreadPart.Role
        let at: Int
        if words[1] == "commented", words[2] == "on" {
            role = .comment
            at = 3
        } else if words.count >= 7, words[1] == "opened", words[2] == "this", words[3] == "issue", words[4] == "on" {
            role = .description
            at = 5
        } else {
            return nil
        }
        guard at + 2 < words.count, months.contains(words[at]), words[at + 1].hasSuffix(","),
              let day = Int(words[at + 1].dropLast()), (1...31).contains(day),
              words[at + 2].count == 4, Int(words[at + 2]) != nil else { return nil }
        return Header(author: words[0], role: role, lines: 1)
    }

    /// `gh issue view --comments`' raw form (cli/cli): a comment is `author:\tNAME` then `association:\t...`, its
    /// metadata up to the `--` line; the issue itself is `title:\t...` with `author:\tNAME` among the fields under it,
    /// up to `--`.
    static func ghHeader(_ lines: [SourceLine], at index: Int) -> Header? {
        // The metadata runs to the `--` line (at most a dozen fields).
        func span() -> Int? {
            var end = index + 1
            while end < lines.count, end - index <= 12 {
                if Tokenizer.trimmed(Tokenizer.droppingCR(lines[end].text)) == "--" { return end - index + 1 }
                end += 1
            }
            return nil
        }
        if let author = ghField("author", lines[index].text), isLogin(author), index + 1 < lines.count,
           ghField("association", lines[index + 1].text) != nil {
            return Header(author: author, role: .comment, lines: span() ?? 2)
        }
        if ghField("title", lines[index].text) != nil, let length = span() {
            let fields = lines[(index + 1)..<(index + length - 1)]
            guard let author = fields.lazy.compactMap({ ghField("author", $0.text) }).first, isLogin(author) else { return nil }
            return Header(author: author, role: .description, lines: length)
        }
        return nil
    }

    /// The value of a `gh` raw field line (`author:\tNAME`, tab or spaces), or `nil`.
    static func ghField(_ name: String, _ text: String) -> String? {
        let line = Tokenizer.droppingCR(text)
        guard line.hasPrefix(name + ":") else { return nil }
        let rest = line.dropFirst(name.count + 1)
        guard let first = rest.first, first == "\t" || first == " " else { return nil }
        return Tokenizer.trimmed(String(rest))
    }

    /// A GitHub login as the thread shows it: letters, digits and `-` (1-39), or an app's `NAME[bot]`.
    static func isLogin(_ word: String) -> Bool {
        var name = Substring(word)
        if name.hasSuffix("[bot]") { name = name.dropLast(5) }
        return !name.isEmpty && name.count <= 39 && name.first != "-"
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }

    /// `2024-01-22`.
    static func isDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 3 && parts[0].count == 4 && parts[1].count == 2 && parts[2].count == 2
            && parts.allSatisfy { $0.allSatisfy { $0.isASCII && $0.isNumber } }
    }
}
