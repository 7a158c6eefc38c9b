import DoctorKit
import Foundation
import NetProbe
import Testing

/// `bugreport`'s file (`BugReport`): its name, its parts, the recording's journal, and that `--snapshot` reads its
/// last snapshot back.
@Suite("Doctor bug report file")
struct BugReportTests {
    static func facts(kernel: String, journal: [UInt64]) -> MachineFacts {
        var f = MachineFacts(origin: .live)
        f.osRelease = kernel
        f.journal = [JournalQuery(scope: .user, unit: "openclaw-gateway.service", entries: journal.map {
            JournalEntry(fields: ["__REALTIME_TIMESTAMP": String($0), "MESSAGE": "line at \($0)"])
        })]
        return f
    }

    @Test("the default name is the UTC time, second precision")
    func defaultName() {
        #expect(BugReport.defaultName(Date(timeIntervalSince1970: 1_796_657_400)) == "openclaw-bugreport-20261207-153000.txt")
    }

    @Test("a recording: two snapshots, the journal written during it (and only that), the report; the last snapshot replays")
    func recording() throws {
        let start = Date(timeIntervalSince1970: 1_796_657_400)
        let startMicros = UInt64(1_796_657_400) * 1_000_000
        let before = BugReport.Snapshot(facts: Self.facts(kernel: "6.6.1-before", journal: [startMicros - 5]), taken: start, title: "before reproducing")
        let after = BugReport.Snapshot(facts: Self.facts(kernel: "6.6.2-after", journal: [startMicros - 5, startMicros + 7]),
                                       taken: start.addingTimeInterval(30), title: "after reproducing")
        let text = BugReport.assemble(snapshots: [before, after], reportJSON: #"{"ok":true}"#, recordedFrom: start, now: start.addingTimeInterval(31))
        #expect(BugReportFormat.isBugReport(text))
        #expect(text.contains("It holds: 2 snapshot(s)") && text.contains("the journal lines written during the recording"), "\(text.prefix(600))")
        #expect(text.contains("recording: from 2026-12-07T15:30:00Z to 2026-12-07T15:30:30Z"), "\(text.prefix(900))")
        #expect(text.contains("snapshot 1 of 2: before reproducing (2026-12-07T15:30:00Z)") && text.contains("snapshot 2 of 2: after reproducing"))
        let during = try #require(text.range(of: "journal during the recording"))
        let rest = String(text[during.upperBound...])
        #expect(rest.contains("line at \(startMicros + 7)") && !rest.prefix(while: { _ in true }).split(separator: "report (JSON)")[0].contains("line at \(startMicros - 5)"),
                "only the lines at or after the start: \(rest.prefix(600))")
        #expect(text.contains(#"{"ok":true}"#))
        let last = try #require(BugReportFormat.lastSnapshot(text))
        #expect(CaptureReader.parse(text: last.text, file: "bugreport").osRelease == "6.6.2-after")
    }

    @Test("journalSince keeps the entries at or after the time, per query")
    func journalSince() {
        let queries = Self.facts(kernel: "k", journal: [10, 20, 30]).journal ?? []
        #expect(BugReport.journalSince(queries, microseconds: 20).first?.entries.compactMap(\.realtimeMicroseconds) == [20, 30])
        #expect(BugReport.journalSince(queries, microseconds: 31).first?.entries.isEmpty == true)
    }

    @Test("the redactor learns every snapshot's names: hosts and mountinfo of both, the journals of both")
    func learningFacts() {
        var a = MachineFacts(origin: .live)
        a.hosts = "10.0.0.1 alpha"
        var b = MachineFacts(origin: .live)
        b.hosts = "10.0.0.2 beta"
        let merged = BugReport.learningFacts([a, b])
        #expect(merged.hosts == "10.0.0.1 alpha\n10.0.0.2 beta")
    }
}
