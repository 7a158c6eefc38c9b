@testable import DoctorKit
import Foundation
@testable import NetProbe
import Testing
import TestSupport

/// The kinds of untrue sentences the fourth evaluation round found (docs/triage-eval.md, "Round four": 20 public
/// reports no test read before), each on a constructed paste of the kind and on the public report that showed it.
@Suite("Triage: what the fourth evaluation round found")
struct TriageEvalRoundFourTests {
    static func reading(_ text: String) -> IssueReportReader.Reading { IssueReportReader.read(text: text, file: "r.md") }

    static func part(_ reading: IssueReportReader.Reading) throws -> TriagePart {
        try #require(Doctor.triage(reading, input: "r.md", port: nil, redactor: nil, captureOut: nil).triage)
    }

    @Test("V1: a one-line span in triple backticks is no fence: the prose after it is never swallowed into a 'fenced block'")
    func tripleBacktickSpan() throws {
        let text = """
            I checked with ```netsh interface ipv4 show excludedportrange protocol=tcp``` and 2222 is listed.

            More prose here.
            ```
            $ uname -r
            5.15.146.1-microsoft-standard-WSL2
            ```
            """
        let reading = Self.reading(text)
        #expect(reading.facts.osRelease == "5.15.146.1-microsoft-standard-WSL2", "\(reading.blocks)")
        #expect(!reading.blocks.contains { $0.kind == .fencedText }, "\(reading.blocks.map { ($0.kind, $0.firstLine, $0.lastLine) })")
        #expect(PasteWrapper.isFenceLine(["```"]) && PasteWrapper.isFenceLine(["```text"]) && PasteWrapper.isFenceLine(["~~~", "x`"]))
        #expect(!PasteWrapper.isFenceLine(["```netsh", "int", "ip", "show", "excludedportrange", "protocol=tcp```"]))
        // Public: sakai135/wsl-vpnkit 230 (line 7's span once opened a fence that ate the prose and closed at the real one).
        let vpnkit = try IssueReportReader.load(path: Fixtures.path("issues/wslvpnkit230-wsaeacces-2222.md"))
        #expect(!vpnkit.blocks.contains { $0.kind == .fencedText }, "\(vpnkit.blocks.map { ($0.kind, $0.firstLine) })")
        // microsoft/WSL 6953's comment: the span alone on its line is listed as a command with no output.
        let wsl6953 = try IssueReportReader.load(path: Fixtures.path("threads/wsl6953-excluded-61222.md"))
        #expect(!wsl6953.blocks.contains { $0.kind == .fencedText && $0.firstLine > 55 }, "\(wsl6953.blocks.map { ($0.kind, $0.firstLine) })")
    }

    @Test("V2: a section whose fences were read is not 'prose, no command line' over them: its prose is what is left out")
    func sectionAroundReadFence() throws {
        let text = """
            ## Actual behavior

            Port 18791 stays closed:

            ```bash
            $ uname -r
            5.15.146.1-microsoft-standard-WSL2
            ```

            Nothing else helps.
            """
        let part = try Self.part(Self.reading(text))
        let section = try #require(part.blocks.first { $0.kind == TriageBlockKind.formSection.rawValue }, "\(part.blocks)")
        #expect(section.unused == "`## Actual behavior`: its prose, outside the blocks read in it, holds no command line or output this reader knows", "\(section)")
        let prose = try Self.part(Self.reading("## Actual behavior\n\nNothing helps.\n"))
        #expect(prose.blocks.first?.unused == "`## Actual behavior`: prose, no command line or output this reader knows")
    }

    @Test("V3: another program's bare `listen EADDRINUSE` (microsoft/WSL 6482's Express app on :::8080) is not the gateway's; its refused bind is still asked about")
    func foreignEaddrinuse() throws {
        let reading = try IssueReportReader.load(path: Fixtures.path("threads/wsl6482-eaddrinuse-8080.md"))
        #expect(reading.facts.journal == nil, "\(String(describing: reading.facts.journal))")
        let report = Doctor.triage(reading, input: "r.md", port: nil, redactor: nil, captureOut: nil)
        #expect(report.checks.first { $0.id == "supervisor.journal" }?.status == .skip)
        #expect(report.triage?.wouldDecide.first { $0.command == "netstat -ano | findstr :8080" } != nil, "\(report.triage?.wouldDecide ?? [])")
        // The gateway's own: on its port, or under its start failure, or naming it.
        #expect(SupervisorShapes.isGatewayLine(Tokenizer.words("listen EADDRINUSE: address already in use 127.0.0.1:18789")))
        #expect(!SupervisorShapes.isGatewayLine(Tokenizer.words("Error: listen EADDRINUSE: address already in use :::8080")))
        let under = Self.reading("Gateway failed to start: another gateway instance is already listening on ws://127.0.0.1:18790\nlisten EADDRINUSE: address already in use 127.0.0.1:18790\n")
        #expect(under.facts.journal?.first?.entries.count == 2, "\(under.blocks)")
    }

    @Test("V4: strace's byte counts are no port (`write(2, \"Errno::EACCES\", 13)`); `htons(1023)` is; a refusal naming no port is not listed beside one that does")
    func straceAndUnnamed() throws {
        #expect(RefusedBinds.parse(#"write(2, "Errno::EACCES", 13)           = 13"#)?.port == nil)
        #expect(RefusedBinds.parse(#"bind(7, {sa_family=AF_INET, sin_port=htons(1023), sin_addr=inet_addr("127.0.0.1")}, 16) = -1 EACCES (Permission denied)"#)?.port == 1023)
        #expect(RefusedBinds.parse("OSError: [Errno 98] error while attempting to bind on address ('127.0.0.1', 8000): address already in use")?.port == 8000)
        let text = "# Bind socket < 1023 EACCES (Permission denied)\n\nreporter · description · 2017-04-26\n$ uname -r\n4.4.0-43-Microsoft\nbind(7, {sa_family=AF_INET, sin_port=htons(1023), sin_addr=inet_addr(\"127.0.0.1\")}, 16) = -1 EACCES (Permission denied)\n"
        let part = try Self.part(Self.reading(text))
        let netsh = try #require(part.wouldDecide.first { $0.command.hasPrefix("netsh") }, "\(part.wouldDecide)")
        #expect(netsh.why.contains("whether port 1023 (EACCES, line 6) lies") && !netsh.why.contains("no number"), "\(netsh.why)")
        #expect(part.wouldDecide.contains { $0.command == "netstat -ano | findstr :1023" })
    }

    @Test("V5: a left-out block holding a refused bind says it was read for what would decide it (NaClYen/blog 71's shape)")
    func leftOutRefusal() throws {
        let text = "## Error\n```\n｢wds｣: Error: listen EACCES: permission denied 127.0.0.1:1212\n```\n"
        let part = try Self.part(Self.reading(text))
        let fence = try #require(part.blocks.first { $0.kind == TriageBlockKind.fencedText.rawValue })
        #expect(fence.unused?.hasSuffix("its refused bind (line 3: EACCES on port 1212) is asked about under what would decide it") == true, "\(fence)")
        #expect(part.wouldDecide.contains { $0.command.hasPrefix("netsh") && $0.why.contains("port 1212 (EACCES, line 3)") })
    }

    @Test("V6: a pasted `wsl --version` is the wsl-version section; the form's `### WSL Version` 0.0.0.0 beside it is only listed (microsoft/WSL 12909)")
    func toolVersionWins() throws {
        let reading = try IssueReportReader.load(path: Fixtures.path("issues/wsl12909-form-other-software.md"))
        let info = try #require(reading.facts.windows?.wslVersion.flatMap { WslVersionInfo.parse($0.output) })
        #expect(info.wsl?.description == "2.4.13.0" && info.windowsBuild == 22631, "\(info)")
        let part = try Self.part(reading)
        #expect(part.blocks.contains { $0.unused == "the pasted `wsl --version` output is used: it is the tool's own answer, this the reporter's field" }, "\(part.blocks)")
        let report = Doctor.triage(reading, input: "r.md", port: nil, redactor: nil, captureOut: nil)
        let version = try #require(report.checks.first { $0.id == "wsl.version" })
        #expect(!version.title.contains("0.0.0.0") && !version.detail.joined().contains("older than WSL 2.0.0"), "\(version)")
    }
}
