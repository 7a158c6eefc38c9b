import Testing
@testable import NetProbe
import TestSupport

/// An issue thread pasted whole: each person's comments are their machine, never merged into the reporter's
/// (bench/triage-eval's microsoft/WSL 6218: a commenter's `wsl -l -v` VERSION 1 was read beside the reporter's WSL2
/// kernel as one machine).
@Suite("Triage: an issue thread is one machine per person")
struct TriageThreadTests {
    static func lines(_ text: String) -> [SourceLine] { TextLines.split(text) }

    @Test("the thread forms: the public index's `NAME · comment · DATE` and `[turn N by NAME, continued]`, gh's raw `author:` block, GitHub's web `NAME commented on Mon D, YYYY`")
    func headers() {
        let text = """
            # Title
            reporter · description · 2020-11-10
            body
            helper-1 · comment · 2020-11-11
            a comment
            [turn 3 by helper-2, continued]
            more
            author:\thelper-3
            association:\tnone
            edited:\tfalse
            status:\tnone
            --
            gh comment body
            --
            helper-4 commented on Nov 12, 2020
            web comment
            reporter commented on Nov 13, 2020 • edited
            the reporter again
            """
        let parts = IssueThread.parts(Self.lines(text))
        #expect(parts.map(\.author) == ["reporter", "helper-1", "helper-2", "helper-3", "helper-4", "reporter"], "\(parts)")
        #expect(parts.map(\.role) == [.description, .comment, .comment, .comment, .comment, .comment])
        // Header lines are never content; gh's metadata up to `--` is the header.
        #expect(parts[0].headerLine == 2 && parts[0].firstLine == 3 && parts[0].lastLine == 3)
        #expect(parts[3].headerLine == 8 && parts[3].firstLine == 13 && parts[3].lastLine == 14, "\(parts[3])")
        #expect(IssueThread.reporter(parts) == "reporter")
        // gh's issue view: `title:` with `author:` among its fields, up to `--`, is the issue's header.
        let gh = IssueThread.parts(Self.lines("title:\tx\nstate:\tOPEN\nauthor:\tsomeone\nlabels:\t\n--\nbody\n"))
        #expect(gh.map(\.author) == ["someone"] && gh.first?.role == .description && gh.first?.headerLine == 1
                && gh.first?.firstLine == 6, "\(gh)")
    }

    @Test("prose that looks like a header is content: a middle dot in a sentence, `commented on` without a date, `author:` without gh's next field")
    func notHeaders() {
        for text in ["I tried a · b · c and it failed", "someone commented on the PR", "author: me\nno association here",
                     "NAME · comment · yesterday", "two words · comment · 2020-11-11"] {
            let parts = IssueThread.parts(Self.lines(text))
            #expect(parts.count == 1 && parts[0].author == nil, "\(text): \(parts)")
        }
    }

    @Test("property: over random threads, the parts cover every line exactly once (headers apart), in order, each author's as written")
    func partsCoverTheText() {
        var generator = SeededGenerator(seed: 6218)
        let contents = ["```", "$ wsl.exe -l -v", "  NAME      STATE           VERSION", "* Legacy    Running         1",
                        "Linux version 5.15.146.1-microsoft-standard-WSL2", "prose with a · dot", "", "```", "--"]
        for _ in 0..<300 {
            var text: [String] = []
            var expected: [String?] = []
            if Bool.random(using: &generator) {
                text.append("leading words")
                expected.append(nil)
            }
            for _ in 0..<Int.random(in: 0...5, using: &generator) {
                let author = "user\(Int.random(in: 1...3, using: &generator))"
                switch Int.random(in: 0...2, using: &generator) {
                case 0: text.append("\(author) · comment · 2024-01-0\(Int.random(in: 1...9, using: &generator))")
                case 1: text.append("\(author) commented on Jan \(Int.random(in: 1...28, using: &generator)), 2024")
                default: text += ["author:\t\(author)", "association:\tnone", "--"]
                }
                expected.append(author)
                for _ in 0..<Int.random(in: 0...4, using: &generator) { text.append(contents.randomElement(using: &generator)!) }
            }
            let lines = Self.lines(text.joined(separator: "\n"))
            let parts = IssueThread.parts(lines)
            #expect(parts.map(\.author) == (expected.isEmpty ? [nil] : expected), "\(text)")
            // Coverage: every line is in one part's content or is a header line (or gh's metadata under it).
            var covered = Set<Int>()
            for part in parts {
                if let header = part.headerLine { covered.formUnion(header..<part.firstLine) }
                if part.lastLine >= part.firstLine { covered.formUnion(part.firstLine...part.lastLine) }
            }
            #expect(covered == Set(lines.map(\.number)) || lines.isEmpty, "\(text)")
            #expect(zip(parts, parts.dropFirst()).allSatisfy { $0.lastLine < ($1.headerLine ?? $1.firstLine) })
        }
    }

    @Test("a commenter's `wsl -l -v` VERSION 1 is their machine: the reporter's WSL2 kernel stays high, the commenter's machine is WSL1")
    func commenterIsAnotherMachine() {
        let text = """
            # Environment
            Whether the issue is on WSL 2 and/or WSL 1: Linux version 5.15.146.1-microsoft-standard-WSL2 (gcc) #1 SMP

            commenter1 · comment · 2020-11-11
            Or better, output of `wsl.exe -l -v`.

            commenter2 · comment · 2020-11-12
            I have the same issue.
            ` wsl.exe -l -v
              NAME      STATE           VERSION
            * Legacy    Running         1`
            """
        let reading = IssueReportReader.read(text: text, file: "t.md")
        #expect(reading.facts.windows?.wslList == nil, "the commenter's list is not the reporter's")
        let verdict = Classifier.classify(reading.facts)
        #expect(verdict.kind == .wsl2 && verdict.confidence != .low, "\(verdict.summary)")
        #expect(reading.others.map(\.author) == ["commenter1", "commenter2"])
        let theirs = reading.others.first { $0.author == "commenter2" }
        #expect(theirs?.blocks.map(\.kind) == [.wslList], "\(String(describing: theirs?.blocks))")
        #expect(theirs.map { Classifier.classify($0.facts).kind } == .wsl1)
        // Authors are user names: `--redact` learns them.
        #expect(reading.promptUsers.isSuperset(of: ["commenter1", "commenter2"]))
        // The reporter's own later comment is the reporter's machine.
        let own = IssueReportReader.read(text: "reporter · description · 2020-11-10\nhello\nreporter · comment · 2020-11-12\n```\n$ uname -r\n5.15.146.1-microsoft-standard-WSL2\n```\n", file: "o.md")
        #expect(own.others.isEmpty && own.facts.osRelease != nil)
        // One comment pasted alone (no description): no reporter is assumed; the comment is its author's machine.
        let alone = IssueReportReader.read(text: "# Title\n\nhelper · comment · 2021-09-09\n```\n$ uname -r\n5.15.146.1-microsoft-standard-WSL2\n```\n", file: "a.md")
        #expect(alone.commentsOnly && alone.facts.osRelease == nil && alone.blocks.isEmpty, "\(alone.blocks.map(\.kind))")
        #expect(alone.others.map(\.author) == ["helper"] && alone.others.first?.facts.osRelease != nil)
    }

    @Test("comments only, in every header form: no reporter, each author's facts their own; a description or text before the first header is the reporter's", arguments: [
        "helper-1 · comment · 2021-09-09\n$ uname -r\n5.15.146.1-microsoft-standard-WSL2\nhelper-2 · comment · 2021-09-10\n$ wslinfo --networking-mode\nnat\n",
        "helper-1 commented on Sep 9, 2021\n$ uname -r\n5.15.146.1-microsoft-standard-WSL2\nhelper-2 commented on Sep 10, 2021\n$ wslinfo --networking-mode\nnat\n",
        "author:\thelper-1\nassociation:\tnone\nedited:\tfalse\n--\n$ uname -r\n5.15.146.1-microsoft-standard-WSL2\n--\nauthor:\thelper-2\nassociation:\tnone\n--\n$ wslinfo --networking-mode\nnat\n",
        "[turn 3 by helper-1, continued]\n$ uname -r\n5.15.146.1-microsoft-standard-WSL2\n[turn 4 by helper-2, continued]\n$ wslinfo --networking-mode\nnat\n",
    ])
    func commentsOnly(text: String) {
        let reading = IssueReportReader.read(text: "# A title\n\n" + text, file: "c.md")
        #expect(reading.commentsOnly && reading.facts.osRelease == nil && reading.facts.wslinfo == nil, "\(reading.thread)")
        #expect(reading.others.map(\.author) == ["helper-1", "helper-2"], "\(reading.others.map(\.author))")
        #expect(reading.others.first?.facts.osRelease != nil && reading.others.first?.facts.wslinfo == nil)
        #expect(reading.others.last?.facts.wslinfo != nil && reading.others.last?.facts.osRelease == nil)
        // With the description named, or the report's own text first, the reporter is back.
        let described = IssueReportReader.read(text: "reporter · description · 2021-09-08\nhello\n" + text, file: "d.md")
        #expect(!described.commentsOnly && described.others.count == 2)
        let unnamed = IssueReportReader.read(text: "My gateway fails.\n\n" + text, file: "u.md")
        #expect(!unnamed.commentsOnly && unnamed.others.count == 2 && unnamed.facts.osRelease == nil)
    }

    @Test("a fence left open in one comment ends at the next person's header: their lines are never read as its content")
    func fenceEndsAtHeader() {
        let text = "reporter · description · 2024-01-01\n```\n$ uname -r\n5.15.146.1-microsoft-standard-WSL2\nhelper · comment · 2024-01-02\n```\n$ wslinfo --networking-mode\nnat\n```\n"
        let reading = IssueReportReader.read(text: text, file: "f.md")
        #expect(reading.facts.wslinfo == nil && reading.facts.osRelease != nil)
        #expect(reading.others.first?.facts.wslinfo != nil)
    }
}
