@testable import DoctorKit
import Foundation
@testable import NetProbe
import Testing
import TestSupport

/// Issue 19's leftovers in the report: pasted log lines are named as log lines, never journal entries (text and
/// JSON); a comments-only paste has no reporter; every other person's machine gets the same checks as the reporter's.
@Suite("Triage: log lines, comments only, other people's checks")
struct TriageLogLinesAndThreadsTests {
    static func report(_ text: String) -> DoctorReport {
        Doctor.triage(IssueReportReader.read(text: text, file: "r.md"), input: "r.md", port: nil, redactor: nil, captureOut: nil)
    }

    static func journal(_ report: DoctorReport) throws -> CheckResult {
        try #require(report.checks.first { $0.id == "supervisor.journal" })
    }

    static let logTail = """
        user@host:~$ tail -n 20 /tmp/openclaw/openclaw-2026-07-19.log
        2026-07-19T12:30:42.592+02:00 [gateway] starting...
        2026-07-19T12:30:43.159+02:00 [gateway] starting HTTP server...
        2026-07-19T12:30:43.925+02:00 [gateway] ready
        """

    static let journalctl = """
        $ journalctl --user -u openclaw-gateway -o short-iso
        2026-04-27T10:55:10+0200 host systemd[1513]: Started openclaw-gateway.service - OpenClaw Gateway.
        2026-04-27T10:55:11+0200 host node[41017]: [gateway] listening on ws://127.0.0.1:18789
        """

    @Test("a tailed log, `openclaw logs` and bare gateway lines are log lines; journalctl's lines journal entries; both counted apart",
          arguments: ["tail", "openclaw logs", "bare"])
    func logLinesNamed(form: String) throws {
        let text: String
        switch form {
        case "tail": text = Self.logTail
        case "openclaw logs": text = Self.logTail.replacing("tail -n 20 /tmp/openclaw/openclaw-2026-07-19.log", with: "openclaw logs --limit 20")
        default: text = "```\n" + Self.logTail.split(separator: "\n").dropFirst().joined(separator: "\n") + "\n```"
        }
        let check = try Self.journal(Self.report(text))
        #expect(check.status == .ok, "\(check)")
        #expect(check.title.contains("3 log lines") && !check.title.contains("journal entr"), "\(check.title)")
        #expect(check.title.contains("log lines do not show restarts"), "\(check.title)")
        #expect(check.data["logLines"] == .number(3) && check.data["journalEntries"] == .number(0) && check.data["entries"] == .number(3))

        let records = try Self.journal(Self.report(Self.journalctl))
        #expect(records.title.contains("2 journal entries, no restarts, no errors"), "\(records.title)")
        #expect(records.data["logLines"] == .number(0) && records.data["journalEntries"] == .number(2))

        let both = try Self.journal(Self.report(Self.journalctl + "\n\n" + Self.logTail))
        #expect(both.title.contains("2 journal entries and 3 log lines, no restarts, no errors"), "\(both.title)")
    }

    @Test("log lines with an error: the fix points at the whole log, not at journalctl; the derived capture keeps the source and replays it")
    func logLinesError() throws {
        let text = Self.logTail + "\n2026-07-19T12:30:44.000+02:00 Gateway failed to start: another gateway instance is already listening on ws://127.0.0.1:18789\n"
        let reading = IssueReportReader.read(text: text, file: "r.md")
        let check = try Self.journal(Doctor.triage(reading, input: "r.md", port: nil, redactor: nil, captureOut: nil))
        #expect(check.data["logLines"] == .number(4), "\(check)")
        #expect(!(check.fix ?? "").contains("journalctl"), "\(check.fix ?? "")")
        #expect(reading.captureText.contains(#""source":"log-lines""#), "\(reading.captureText)")
        let replayed = CaptureReader.parse(text: reading.captureText, file: "c.txt")
        #expect(replayed.journal?.map(\.source) == [.logLines] && replayed.journal == reading.facts.journal)
        // A capture's unknown source is a warning naming the line, read as the journal.
        let odd = CaptureReader.parse(text: "# openclaw-capture v1\n### journal\n{\"query\":{\"source\":\"tape\",\"truncated\":false}}\n{\"MESSAGE\":\"x\"}\n", file: "o.txt")
        #expect(odd.journal?.first?.source == .journal && odd.warnings.contains { $0.message.contains("unknown source 'tape'") }, "\(odd.warnings)")
    }

    @Test("public report: openclaw/openclaw 111372's bare gateway lines (macOS) are 12 log lines, not journal entries")
    func publicLogLines() throws {
        let reading = try IssueReportReader.load(path: Fixtures.path("issues/openclaw111372-macos-log-lines.md"))
        let check = try Self.journal(Doctor.triage(reading, input: "r.md", port: nil, redactor: nil, captureOut: nil))
        #expect(check.title == "the gateway (no unit named): 12 log lines, no errors in them (log lines do not show restarts; systemd's journal does)", "\(check.title)")
        // The defect's kind: an ISO-stamped gateway line whose message starts `word:` was taken for `journalctl -o
        // short-iso` (`[gateway]` as the host); a host name is never a `[tag]`. journald's own form still is one.
        #expect(!SupervisorShapes.isJournalLine(Tokenizer.words("2026-07-19T12:30:42.572+02:00 [gateway] service-mode: cleared 1 stale gateway pid(s)")))
        #expect(SupervisorShapes.isJournalLine(Tokenizer.words("2026-04-27T10:55:10+0200 host node[41017]: [gateway] ready")))
        #expect(JournalTextLines.entry("2026-07-19T12:30:42.572+02:00 [gateway] service-mode: x")?.fields["SYSLOG_IDENTIFIER"] == nil)
    }

    static let helperExclusion = """
        reporter · description · 2022-09-16
        My gateway does not start.

        helper · comment · 2022-09-17
        ```
        $ uname -r
        5.15.146.1-microsoft-standard-WSL2
        > netsh interface ipv4 show excludedportrange protocol=tcp

        Protocol tcp Port Exclusion Ranges

        Start Port    End Port
        ----------    --------
             18780       18879
        ```
        """

    @Test("another person's machine gets the same checks on their facts alone: the helper's excluded range is judged on the helper's machine, never the reporter's")
    func otherMachineChecks() throws {
        let report = Self.report(Self.helperExclusion)
        let reporters = try #require(report.checks.first { $0.id == "windows.excluded-port" })
        #expect(reporters.status == .skip, "\(reporters)")
        let part = try #require(report.triage)
        let helper = try #require(part.otherMachines.first)
        let excluded = try #require(helper.checks.first { $0.id == "windows.excluded-port" }, "\(helper.checks.map(\.id))")
        #expect(excluded.status == .fail || excluded.status == .warn, "\(excluded)")
        #expect(!helper.checks.contains { $0.status == .skip } && helper.checksSkipped > 0)
        #expect(helper.checks.count + helper.checksSkipped == report.checks.count, "the same checks as the reporter's")
        let text = part.renderText()
        let judged = helper.checks.filter { !["env.classification", "gateway.plan", "gateway.bind"].contains($0.id) }
        #expect(text.contains("    checks on helper's machine (their facts alone): \(judged.count) judged (besides the verdict and the plan made for it), \(helper.checksSkipped) skipped"), "\(text)")
        #expect(!text.contains("      ✓ gateway.plan"), "\(text)")
        #expect(text.contains("      \(excluded.status.marker) windows.excluded-port: \(excluded.title)"), "\(text)")
        try DoctorSchema.validate(JSONRenderer.render(report))
    }

    @Test("comments only (constructed): no reporter; the report says so instead of 'read: nothing'; each author's machine with its checks")
    func commentsOnly() throws {
        let text = Self.helperExclusion.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(3).joined(separator: "\n")
        let report = Self.report(text)
        let part = try #require(report.triage)
        #expect(part.commentsOnly && part.blocks.isEmpty && part.otherMachines.map(\.author) == ["helper"])
        let rendered = part.renderText()
        #expect(rendered.contains("comments only, no issue description: no reporter is assumed"), "\(rendered)")
        #expect(!rendered.contains("read: nothing recognisable"), "\(rendered)")
        #expect(report.environment.kind == .unknown)
        let json = JSONRenderer.render(report)
        #expect(json.contains(#""commentsOnly":true"#))
        try DoctorSchema.validate(json)
    }

    @Test("public report: docker/for-win 3171's comments only: four authors, no reporter, nothing read as anyone's machine but their own")
    func publicCommentsOnly() throws {
        let reading = try IssueReportReader.load(path: Fixtures.path("threads/dockerforwin3171-comments-only.md"))
        #expect(reading.commentsOnly && reading.blocks.isEmpty, "\(reading.blocks.map(\.kind))")
        #expect(reading.others.map(\.author) == ["helper-1", "helper-2", "helper-3", "helper-7"], "\(reading.others.map(\.author))")
        let part = try #require(Doctor.triage(reading, input: "r.md", port: nil, redactor: nil, captureOut: nil).triage)
        #expect(part.renderText().contains("comments only, no issue description"))
    }
}
