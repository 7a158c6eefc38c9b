@testable import NetProbe
import Testing

/// Issue 19: upstream's and this project's `openclaw` status outputs, read for what they state and never as a
/// gateway journal line. The upstream forms are those of public reports (openclaw#23253, openclaw#79515,
/// netease-youdao/LobsterAI#366, techartdev/OpenClawHomeAssistant#130), rebuilt here with constructed values.
@Suite("Triage: openclaw CLI output")
struct OpenClawCLITextTests {
    static func stated(_ text: String) -> [String] {
        let reading = IssueReportReader.read(text: text, file: "cli.md")
        return reading.blocks.filter { $0.kind == .openclawCLI }.flatMap(\.stated).map { "\($0.fact)=\($0.value)" }
    }

    @Test("upstream `openclaw gateway status`: version, service, bind, port, runtime, pid, RPC probe, listening")
    func upstreamGatewayStatus() {
        let text = """
            ```
            $ openclaw gateway status

            🦞 OpenClaw 2026.5.4 (325df3e) — I read logs so you don't have to.

            │
            ◇
            Service: systemd (enabled)
            File logs: /tmp/openclaw/openclaw-2026-05-06.log

            Gateway: bind=loopback (127.0.0.1), port=18789 (env/config)
            Probe target: ws://127.0.0.1:18789
            Dashboard: http://127.0.0.1:18789/

            Runtime: running (pid 4242, state active, sub running, last exit 0, reason 0)
            RPC probe: failed
            Listening: 127.0.0.1:18789, [::1]:18789
            ```
            """
        #expect(Self.stated(text) == ["version=2026.5.4", "service=systemd (enabled)", "bind=loopback", "port=18789",
                                      "runtime=running", "pid=4242", "rpc-probe=failed", "listening=127.0.0.1:18789, [::1]:18789"])
    }

    @Test("upstream `openclaw status` table rows (with and without borders) and the port diagnostics")
    func upstreamStatus() {
        let text = """
            ```
            $ openclaw status
            🦞 OpenClaw 2026.2.21-2 (35a57bc)
            ┌─────────────────┬──────────────────────────────────────────────┐
            │ Gateway         │ local · ws://127.0.0.1:18789 (local loopback) · unreachable (connect ECONNREFUSED) │
            │ Gateway service │ systemd user installed · enabled · stopped (state failed) │
            └─────────────────┴──────────────────────────────────────────────┘
            Port 18789 is already in use.
            - pid 777 someone: python3 -m http.server 18789 (127.0.0.1:18789)
            ```
            """
        #expect(Self.stated(text) == ["version=2026.2.21-2", "port=18789", "gateway=unreachable (connect ECONNREFUSED)",
                                      "service=systemd user installed · enabled · stopped (state failed)", "port-in-use=18789",
                                      "holder=pid 777 someone: python3 -m http.server 18789 (127.0.0.1:18789)"])
        // Without a fence or command: the banner starts the block, the rows continue it.
        let bare = "Gateway              local · ws://127.0.0.1:19011 (local loopback) · reachable ~65ms · auth token"
        #expect(Self.stated("OpenClaw 2026.5.7 (eeef486)\n" + bare) == ["version=2026.5.7", "port=19011", "gateway=reachable ~65ms"])
    }

    @Test("this project's `openclaw gateway status`: runtime, pid, listening, version; not running with its port")
    func ownGatewayStatus() {
        let running = """
            Runtime: running (pid 4242, instance 0f3c, status serving)
            Listening: 127.0.0.1:18789, [::1]:18789
            Started: 2026-11-30T18:00:01Z, version 0.9.0, strategy pidfile
            """
        #expect(Self.stated(running) == ["runtime=running", "pid=4242", "listening=127.0.0.1:18789, [::1]:18789", "version=0.9.0"])
        #expect(Self.stated("Runtime: not running (port 18790; lock /run/user/1000/openclaw/gateway-18790.lock free)")
                == ["runtime=not running", "port=18790"])
    }

    @Test("the known defect: `[openclaw] Failed to start CLI: ...` was read as a gateway journal line ('1 journal entries, no errors')")
    func cliFailureIsNoJournalLine() {
        let text = """
            I ran openclaw devices list and got:

            [openclaw] Failed to start CLI: Error: gateway closed (1000 normal closure): no close reason Gateway target: ws://127.0.0.1:18789
            """
        let reading = IssueReportReader.read(text: text, file: "cli.md")
        #expect(reading.facts.journal == nil, "\(String(describing: reading.facts.journal))")
        #expect(reading.blocks.map(\.kind) == [.openclawCLI], "\(reading.blocks)")
        #expect(reading.blocks.first?.stated.first?.fact == "cli-error")
        // A start failure the CLI prints in the same form still says what the gateway said: a gateway line.
        let start = IssueReportReader.read(text: "[openclaw] Failed to start CLI: Gateway failed to start: another gateway instance is already listening on ws://127.0.0.1:18789", file: "s.md")
        #expect(start.blocks.map(\.kind) == [.gatewayLog])
        // `gateway status` quoting the gateway's last error is the CLI's line (its statement), not a journal entry.
        let quoted = IssueReportReader.read(text: "Last gateway error: Gateway failed to start: another gateway instance is already listening on ws://127.0.0.1:18789", file: "q.md")
        #expect(quoted.blocks.map(\.kind) == [.openclawCLI] && quoted.facts.journal == nil, "\(quoted.blocks)")
        #expect(quoted.blocks.first?.stated.first?.fact == "last-error")
        // Journal lines of the gateway's process keep its `[openclaw]` lines (they are the gateway's output).
        let journal = IssueReportReader.read(text: "Apr 27 10:55:10 box node[41017]: [openclaw] Uncaught exception", file: "j.md")
        #expect(journal.blocks.map(\.kind) == [.journalctl])
    }

    @Test("a prose line that mentions Runtime or a port is not CLI output unless it has the CLI's shape")
    func proseIsNot() {
        #expect(Self.stated("The runtime: it crashed.\nThe port 18789 is busy I think.") == [])
    }
}
