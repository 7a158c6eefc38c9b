@testable import DoctorKit
import Foundation
@testable import NetProbe
import Testing
import TestSupport

/// Sentences of the triage output found untrue when reading bench/triage-eval's public reports (docs/triage-eval.md),
/// each rebuilt here on a constructed paste of the same shape.
@Suite("Triage: what the evaluation set found untrue")
struct TriageEvalFindingsTests {
    static func reading(_ text: String) -> IssueReportReader.Reading { IssueReportReader.read(text: text, file: "paste.md") }

    static func check(_ id: String, _ text: String, port: UInt16 = 18789) -> CheckResult {
        DoctorTestInputs.run(id, DoctorTestInputs.inputs(reading(text).facts, DoctorTestInputs.configuration(port: port)))
    }

    @Test("Linux `netstat -an` (its Unix-socket header `Proto RefCnt ...` too) is Linux's netstat, never `read: netstat -ano -> windows-netstat`")
    func linuxNetstatAn() {
        let table = """
            Active Internet connections (servers and established)
            Proto Recv-Q Send-Q Local Address           Foreign Address         State
            Active UNIX domain sockets (servers and established)
            Proto RefCnt Flags       Type       State         I-Node   Path
            """
        for text in ["someone@box:/mnt/c/Windows/System32$ netstat -an\n" + table, "```\n$ netstat -an\n" + table + "\n```"] {
            let reading = Self.reading(text)
            #expect(reading.blocks.map(\.kind) == [.linuxNetstat], "\(reading.blocks)")
            #expect(reading.facts.windows == nil)
        }
        // Windows' own `netstat -an` stays Windows'.
        let windows = Self.reading("```\nC:\\> netstat -an\n  TCP    0.0.0.0:9000           0.0.0.0:0              LISTENING\n```")
        #expect(windows.blocks.map(\.kind) == [.windowsNetstat], "\(windows.blocks)")
    }

    @Test("an excerpt of another port (`| grep 40209`, header-less rows, `lsof -i :8000`) says nothing about 18789: not 'no socket listened'")
    func excerptIsNotAbsence() {
        let grep = "Check listening ports: `ss -tlnp | grep 40209`\n```\nLISTEN 0  511  127.0.0.1:40209  0.0.0.0:*\n```"
        let r = Self.check("gateway.port", grep)
        #expect(r.status == .skip, "\(r)")
        // The port it shows is known.
        let shown = Self.check("gateway.port", grep, port: 40209)
        #expect(shown.status == .fail && shown.detail.first == "LISTEN on 127.0.0.1:40209 (holder not in the paste)", "\(shown)")
        let lsof = Self.check("gateway.port", "```\n$ lsof -i :8000\nCOMMAND PID USER FD TYPE DEVICE SIZE/OFF NODE NAME\nnode 22276 someone 25u IPv4 70349 0t0 TCP localhost:8000 (LISTEN)\n```")
        #expect(lsof.status == .skip, "\(lsof)")
        // lsof's header without its command line: it was run for some port (`lsof -i :8000` in the prose), not all.
        let lsofShape = Self.check("gateway.port", "i tried \"lsof -i :8000\":\nCOMMAND PID USER FD TYPE DEVICE SIZE/OFF NODE NAME\nnode 22276 someone 25u IPv4 70349 0t0 TCP localhost:8000 (LISTEN)")
        #expect(lsofShape.status == .skip, "\(lsofShape)")
        // A whole table (a command without a filter, or a header) that has no row on the port does say so.
        let whole = Self.check("gateway.port", "```\n$ ss -lntp\nState Recv-Q Send-Q Local Address:Port Peer Address:Port Process\nLISTEN 0 511 0.0.0.0:3007 0.0.0.0:* users:((\"node\",pid=5315,fd=22))\n```")
        #expect(whole.status == .info && whole.title.hasPrefix("no socket listened on port 18789"), "\(whole)")
        // Filtered to the port itself: a complete answer for it.
        let filtered = Self.reading("```\n$ ss -ltnp 'sport = :18789'\nState Recv-Q Send-Q Local Address:Port Peer Address:Port Process\n```")
        #expect(CapturedPortOwners.owners(filtered.facts, port: 18789) == [])
        #expect(CapturedPortOwners.owners(filtered.facts, port: 18790) == nil)
        #expect(TriageCommands.listenerExcerpt(["ss", "-ltnp", "|", "grep", ":18789"], firstLine: []) == "# excerpt port=18789")
        #expect(TriageCommands.listenerExcerpt(["sudo", "lsof", "-iTCP:18789", "-sTCP:LISTEN"], firstLine: []) == "# excerpt port=18789")
        #expect(TriageCommands.listenerExcerpt(["ss", "-ltnp", "|", "head"], firstLine: []) == "# excerpt")
        #expect(TriageCommands.listenerExcerpt(["ss", "-ltnp"], firstLine: []) == "# complete")
    }

    @Test("a recognised block that gives its section nothing is left out, never 'read': systemctl status over a `ps aux` line")
    func emptyBlockIsNotRead() {
        let text = "```\nsystemctl status openclaw-gateway  # → active (running)\nps aux | grep openclaw             # → shows /usr/bin/openclaw gateway\n```"
        let reading = Self.reading(text)
        let part = TriagePart(input: "paste.md", blocks: reading.blocks, wouldDecide: [], captureOut: nil)
        #expect(part.blocks.map(\.section) == [nil], "\(part.blocks)")
        #expect(part.blocks.first?.unused == "recognised as systemctl status, but no line of it could be read")
        #expect(reading.facts.systemdShow == nil && reading.facts.journal == nil)
    }

    @Test("bare gateway lines name no unit: 'the gateway (no unit named) failed', not 'the gateway unit failed'")
    func noUnitNamed() {
        let r = Self.check("supervisor.journal", "```text\nGateway failed to start: another gateway instance is already listening on ws://127.0.0.1:18789 | listen EADDRINUSE: address already in use 127.0.0.1:18789\n```")
        #expect(r.title.hasPrefix("the gateway (no unit named) failed: Gateway failed to start"), "\(r)")
        // journalctl -u names the unit.
        let unit = Self.check("supervisor.journal", "```\n$ journalctl --user -u openclaw-gateway\nApr 27 10:55:10 box node[41017]: Gateway failed to start: another gateway instance is already listening on ws://127.0.0.1:18789\n```")
        #expect(unit.title.hasPrefix("the gateway unit failed"), "\(unit)")
    }

    static func stated(_ reading: IssueReportReader.Reading) -> [String] {
        reading.blocks.flatMap(\.stated).map { "\($0.fact)=\($0.value)" }
    }

    @Test("prose that starts 'OpenClaw 2026.9.5 running under WSL2' is no CLI banner; the banner is")
    func proseIsNoBanner() {
        #expect(Self.reading("OpenClaw 2026.9.5 running under WSL2 with a systemd user service enters a loop.").blocks.isEmpty)
        #expect(Self.stated(Self.reading("🦞 OpenClaw 2026.2.6-1 (875324e) — No $999 stand required.")) == ["version=2026.2.6-1"])
    }

    @Test("`OpenClaw status Overview` (the title it prints) is no command line; the banner's block runs on through its table")
    func titleIsNoCommand() {
        let reading = Self.reading("```text\n🦞 OpenClaw 2026.2.21-2 (35a57bc)\n\nOpenClaw status Overview\n┌──────┬──────┐\n│ Item │ Value │\n├──────┼──────┤\n│ Dashboard │ http://127.0.0.1:18789/ │\n│ OS │ linux 6.8.0-100-generic (x64) · node 22.22.0 │\n```")
        #expect(reading.blocks.map(\.kind) == [.openclawCLI] && reading.blocks.first?.command == nil, "\(reading.blocks)")
        #expect(Self.stated(reading) == ["version=2026.2.21-2", "port=18789", "os=linux 6.8.0-100-generic (x64) · node 22.22.0"], "\(Self.stated(reading))")
    }

    @Test("`openclaw status` rows without a banner or borders are CLI output, not a left-out fence")
    func statusRowsStart() {
        let reading = Self.reading("```text\nGateway              local · ws://127.0.0.1:18789 (local loopback) · reachable ~65ms · auth token\nGateway service      systemd user installed · enabled · stopped (state failed)\n```")
        #expect(reading.blocks.map(\.kind) == [.openclawCLI], "\(reading.blocks)")
        #expect(Self.stated(reading) == ["port=18789", "gateway=reachable ~65ms", "service=systemd user installed · enabled · stopped (state failed)"])
        // A bordered row alone (openclaw#27267 quotes one).
        #expect(Self.stated(Self.reading("```\nGateway service │ systemd not installed\n```")) == ["service=systemd not installed"])
    }

    @Test("a paste whose only block is openclaw output says what it stated, not 'nothing recognisable'; no 'no command output' warning")
    func statedIsRecognised() {
        let reading = Self.reading("```\n$ openclaw gateway status\nRuntime: unknown (systemctl not available)\nRPC probe: ok\n```")
        #expect(reading.facts.warnings.isEmpty, "\(reading.facts.warnings)")
        let text = TriagePart(input: "p.md", blocks: reading.blocks, wouldDecide: [], captureOut: nil).renderText()
        #expect(!text.contains("nothing recognisable") && text.contains("read: no fact of the machine (only what openclaw's own output states, below)"), "\(text)")
        #expect(text.contains("stated: openclaw CLI output (lines 2-4, found by `openclaw gateway status`): runtime unknown; rpc-probe ok"), "\(text)")
    }
}
