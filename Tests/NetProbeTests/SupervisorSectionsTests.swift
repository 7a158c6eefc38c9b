import Foundation
@testable import NetProbe
@testable import NetProbeLive
import Testing
import TestSupport

/// The `systemd-show` and `journal` sections and the live outputs they come from: parsing, warnings with lines,
/// write + read round trips (property-tested), the bug report's last snapshot, and secret masking.
@Suite("Supervisor sections")
struct SupervisorSectionsTests {
    func journal(_ text: String) -> (queries: [JournalQuery], warnings: [FactWarning]) {
        var d = SectionDiagnostics(file: "f", section: "journal")
        let q = SupervisorSections.parseJournalSection(TextLines.split(text, firstNumber: 10), diagnostics: &d)
        return (q, d.warnings)
    }

    @Test("journalctl -o json lines: kept fields only, byte-array MESSAGE decoded, null dropped, numbers as text")
    func journalctlOutput() {
        let text = """
            {"__CURSOR":"s=1","MESSAGE":"plain","_PID":"12","_HOSTNAME":"box","__REALTIME_TIMESTAMP":"1777280100000000"}
            {"MESSAGE":[27,91,51,49,109,104,105],"PRIORITY":3,"_CMDLINE":null}
            not json
            """
        let parsed = SupervisorSections.parseJournalOutput(text)
        #expect(parsed.unreadable == 1)
        #expect(parsed.entries.count == 2)
        #expect(parsed.entries[0].fields == ["MESSAGE": "plain", "_PID": "12", "__REALTIME_TIMESTAMP": "1777280100000000"])
        #expect(parsed.entries[0].realtimeMicroseconds == 1_777_280_100_000_000)
        #expect(parsed.entries[1].message == "\u{1B}[31mhi")
        #expect(parsed.entries[1].priority == 3 && parsed.entries[1].fields["_CMDLINE"] == nil)
    }

    @Test("systemctl show output: Key=Value, empty values kept, '=' inside values kept, junk ignored")
    func showOutput() {
        let p = SupervisorSections.parseShowOutput("NRestarts=37\nActiveState=activating\nResult=\nExecMainStartTimestamp=Mon 2026-11-30 18:00:00 UTC\nX=a=b\njunk\n=novalue\r\n")
        #expect(p["NRestarts"] == "37" && p["Result"] == "" && p["X"] == "a=b" && p.count == 5)
    }

    @Test("journal section: query lines group entries; pasted output without one is one query; bad lines warn with their line")
    func journalSection() {
        let (pasted, none) = journal("{\"MESSAGE\":\"a\"}\n\n# comment\n{\"MESSAGE\":\"b\"}")
        #expect(none.isEmpty && pasted.count == 1 && pasted[0].scope == nil && pasted[0].entries.map(\.message) == ["a", "b"])

        let (queries, warnings) = journal("""
            {"query":{"scope":"user","unit":"openclaw-gateway.service","since":"-1h","truncated":true}}
            {"MESSAGE":"x"}
            [1,2]
            {"query":{"scope":"system","unit":"openclaw-gateway.service","skipped":"no permission"}}
            {"query":{"scope":"moon"}}
            """)
        #expect(queries.count == 3)
        #expect(queries[0].scope == .user && queries[0].truncated && queries[0].since == "-1h" && queries[0].entries.count == 1)
        #expect(queries[1].scope == .system && queries[1].skipped == "no permission")
        #expect(warnings.map(\.line) == [12, 14])
        #expect(warnings.allSatisfy { $0.file == "f" && $0.section == "journal" })
    }

    @Test("systemd-show section: skipped units, unknown scope warns, a line without unit warns")
    func showSection() {
        var d = SectionDiagnostics(file: "f", section: "systemd-show")
        let states = SupervisorSections.parseShowSection(TextLines.split("""
            {"scope":"user","unit":"openclaw-gateway.service","properties":{"NRestarts":"37","LoadState":"loaded"}}
            {"scope":"system","unit":"openclaw-gateway.service","skipped":"systemd is not running here"}
            {"scope":"user"}
            {"scope":"x","unit":"u"}
            """), diagnostics: &d)
        #expect(states.count == 3)
        #expect(states[0].restarts == 37 && states[0].isLoaded == true)
        #expect(states[1].skipped != nil && states[1].isLoaded == nil)
        #expect(d.warnings.map(\.line) == [3, 4])
    }

    @Test("property: random sections survive CaptureWriter + CaptureReader unchanged", arguments: [UInt64(1), 2, 3, 4])
    func roundTrip(seed: UInt64) {
        var g = SeededGenerator(seed: seed)
        let alphabet = Array("abc XYZ=:\"\\/{}[]#\u{1B}\t\u{7F}é日🦞\u{0}")
        func text() -> String { String((0..<Int.random(in: 0...24, using: &g)).map { _ in alphabet.randomElement(using: &g)! }) }
        for _ in 0..<40 {
            var facts = MachineFacts(origin: .live)
            facts.systemdShow = (0..<Int.random(in: 0...3, using: &g)).map { _ in
                SystemdUnitState(scope: SystemdScope.allCases.randomElement(using: &g)!, unit: "u" + text(),
                                 properties: Dictionary(uniqueKeysWithValues: SupervisorReader.showProperties.shuffled(using: &g)
                                    .prefix(Int.random(in: 0...3, using: &g)).map { ($0, text()) }),
                                 skipped: Bool.random(using: &g) ? text() : nil)
            }
            facts.journal = (0..<Int.random(in: 0...3, using: &g)).map { _ in
                JournalQuery(scope: Bool.random(using: &g) ? .user : nil, unit: Bool.random(using: &g) ? text() : nil,
                             since: Bool.random(using: &g) ? "-1h" : nil, skipped: Bool.random(using: &g) ? text() : nil,
                             truncated: Bool.random(using: &g),
                             entries: (0..<Int.random(in: 0...4, using: &g)).map { _ in
                                 JournalEntry(fields: Dictionary(uniqueKeysWithValues: JournalEntry.keptFields.shuffled(using: &g)
                                    .prefix(Int.random(in: 0...5, using: &g)).map { ($0, text()) }))
                             })
            }
            let back = CaptureReader.parse(text: CaptureWriter.write(facts), file: "rt")
            #expect(back.systemdShow == facts.systemdShow)
            #expect(back.journal == facts.journal)
            #expect(back.warnings.isEmpty, "\(back.warnings)")
        }
    }

    @Test("a bug report replays as its last snapshot, warnings naming lines of the whole file")
    func bugReport() {
        var first = MachineFacts(origin: .live)
        first.osRelease = "5.15.0-first"
        var second = MachineFacts(origin: .live)
        second.osRelease = "6.6.87.2-microsoft-standard-WSL2"
        second.journal = [JournalQuery(scope: .user, unit: "openclaw-gateway.service", entries: [JournalEntry(fields: ["MESSAGE": "### not a header"])])]
        let text = BugReportFormat.write(header: ["what is in it", "two\nlines"], parts: [
            .init(title: "snapshot 1 of 2: before", body: CaptureWriter.write(first)),
            .init(title: "snapshot 2 of 2: after", body: CaptureWriter.write(second) + "### bogus\n"),
            .init(title: "report (JSON)", body: "{\"ok\":true}"),
        ])
        #expect(BugReportFormat.isBugReport(text))
        let facts = CaptureReader.parse(text: text, file: "report.txt")
        #expect(facts.osRelease == second.osRelease)
        #expect(facts.journal == second.journal)
        let bogusLine = TextLines.split(text).first { $0.text == "### bogus" }?.number
        #expect(facts.warnings.map(\.line) == [bogusLine])
        #expect(!text.contains("\n# two\n"), "a header line break stays inside one comment line")
    }

    @Test("secrets are masked in the forms a gateway's command line or log shows")
    func masking() {
        let cases: [(String, String)] = [
            ("node index.js gateway --port 18789 --token abc123", "node index.js gateway --port 18789 --token ***"),
            ("gateway --token=abc123 --bind lan", "gateway --token=*** --bind lan"),
            ("gateway --password 'p w'", "gateway --password '***'"),
            ("OPENCLAW_GATEWAY_TOKEN=abc123 node", "OPENCLAW_GATEWAY_TOKEN=*** node"),
            ("Authorization: Bearer abc.def", "Authorization: Bearer ***"),
            ("{\"token\":\"abc\"}", "{\"token\":\"***\"}"),
            ("nothing secret on port 18789", "nothing secret on port 18789"),
        ]
        for (input, expected) in cases { #expect(SecretMasking.mask(input) == expected) }
    }

    @Test("redaction masks secrets and names in messages and command lines, keeps the signatures")
    func redaction() {
        var facts = MachineFacts(origin: .live)
        facts.journal = [JournalQuery(scope: .user, unit: "openclaw-gateway.service", entries: [JournalEntry(fields: [
            "MESSAGE": "another gateway instance is already listening on ws://127.0.0.1:18789 from 192.168.1.23 on alice-pc",
            "_CMDLINE": "/usr/bin/node /home/alice/app.js gateway --token s3cr3t",
            "_COMM": "node",
        ])])]
        let r = Redactor(key: 7, hostNames: ["alice-pc"], learningFrom: facts).redact(facts)
        let entry = r.journal![0].entries[0]
        #expect(entry.message.contains("already listening on ws://127.0.0.1:18789"))
        #expect(!entry.message.contains("192.168.1.23") && !entry.message.contains("alice-pc"))
        let cmdline = entry.fields["_CMDLINE"] ?? ""
        #expect(cmdline.hasPrefix("/usr/bin/node /home/user-") && cmdline.hasSuffix("/app.js gateway --token ***")
                && !cmdline.contains("alice"), "\(cmdline)")
    }
}
