import DoctorKit
import Foundation
import NetProbe
import NetProbeLive
import Testing
import TestSupport

/// `Doctor.triage`, the report on a pasted report that `openclaw-doctor triage` prints: a public issue body
/// (`Tests/Fixtures/issues`, read by `IssueReportReader`), the port, redaction, and the exit code it leads to.
@Suite("Doctor triage of a pasted report")
struct DoctorTriageTests {
    static let mirrored = Fixtures.path("issues/docs1967-mirrored.md")

    @Test("a mirrored WSL2 paste: its verdict, the blocks read, what would decide it, the plan for the port given; exit 0 or 1 by confidence")
    func mirroredPaste() throws {
        let reading = try IssueReportReader.load(path: Self.mirrored)
        let report = Doctor.triage(reading, input: Self.mirrored, port: 19002, redactor: nil, captureOut: "/tmp/x.txt")
        #expect(report.environment.kind == .wsl2 && report.environment.wslNetworkingMode == .mirrored, "\(report.environment)")
        #expect(report.port == 19002)
        let part = try #require(report.triage)
        #expect(part.input == Self.mirrored && part.captureOut == "/tmp/x.txt")
        #expect(part.blocks.compactMap(\.section) == ["wslconfig", "ip-addr"])
        #expect(part.wouldDecide.map(\.command).contains("ip rule"), "\(part.wouldDecide.map(\.command))")
        #expect(TriageExit.code(report: report) == (report.environment.confidence == .low ? 1 : 0))
        #expect(Doctor.triage(reading, input: "-", port: nil, redactor: nil, captureOut: nil).port == 18789)
    }

    @Test("redacted: the prompt names never reach the part, the verdict is the same")
    func redacted() throws {
        let reading = try IssueReportReader.load(path: Self.mirrored)
        let redactor = Redactor(hostNames: reading.promptHosts, userNames: reading.promptUsers, learningFrom: reading.facts)
        let plain = Doctor.triage(reading, input: "-", port: nil, redactor: nil, captureOut: nil)
        let shown = Doctor.triage(reading, input: "-", port: nil, redactor: redactor, captureOut: nil)
        #expect(shown.environment.kind == plain.environment.kind && shown.environment.confidence == plain.environment.confidence)
        #expect(!reading.promptHosts.union(reading.promptUsers).isEmpty, "the paste's prompts name a user or host")
        let text = shown.triage.map { $0.renderText() } ?? ""
        for name in reading.promptHosts.union(reading.promptUsers) where name.count > 2 {
            #expect(!text.contains(name), "\(name) left in the triage part")
        }
    }

    @Test("prose only: nothing recognisable, exit 1")
    func prose() throws {
        let reading = try IssueReportReader.read(bytes: Array("It does not work.\n".utf8), file: "-")
        let report = Doctor.triage(reading, input: "-", port: nil, redactor: nil, captureOut: nil)
        #expect(TriageExit.code(report: report) == 1)
        #expect(report.triage?.blocks.allSatisfy { $0.section == nil } == true)
    }
}
