@testable import DoctorKit
import Foundation
import NetProbe
import NetProbeLive
import Testing
import TestSupport

/// Issue 19: a pasted Linux listener table (`ss -ltnp`, `netstat -tlnp`, `lsof -i`) names the Linux holder through
/// `gateway.port`, the check that judges a capture's `/proc/net/tcp` rows, with the same result as the derived capture.
@Suite("Triage: pasted listener tables reach gateway.port")
struct TriageListenerTests {
    static func reading(_ text: String) -> IssueReportReader.Reading { IssueReportReader.read(text: text, file: "paste.md") }

    static func portCheck(_ text: String) -> CheckResult {
        DoctorTestInputs.run("gateway.port", DoctorTestInputs.inputs(reading(text).facts))
    }

    /// The same check on the capture the paste derives (format v1, replayed as `--snapshot` would).
    static func replayed(_ text: String) -> CheckResult {
        let capture = CaptureReader.parse(text: reading(text).captureText, file: "paste.md")
        return DoctorTestInputs.run("gateway.port", DoctorTestInputs.inputs(capture))
    }

    static let ssPaste = """
        The gateway says the port is busy:

        ```
        $ ss -ltnp | grep 18789
        LISTEN 0      511        127.0.0.1:18789      0.0.0.0:*    users:(("python3",pid=5151,fd=3))
        ```
        """

    @Test("ss -ltnp names pid and command: gateway.port fails naming them, as on the derived capture")
    func ssNamesHolder() {
        let blocks = Self.reading(Self.ssPaste).blocks
        #expect(blocks.map(\.kind) == [.ss], "\(blocks)")
        let r = Self.portCheck(Self.ssPaste)
        #expect(r.status == .fail, "\(r)")
        #expect(r.title == "port 18789 was in use when the capture was taken", "\(r)")
        #expect(r.detail.first == "LISTEN on 127.0.0.1:18789 (pid 5151 python3)", "\(r.detail)")
        #expect(r.detail.contains { $0.contains("pid 5151: python3 (127.0.0.1)") }, "\(r.detail)")
        let again = Self.replayed(Self.ssPaste)
        #expect(again.status == r.status && again.title == r.title && again.detail == r.detail)
    }

    @Test("a row without -p names no pid: 'holder not in the paste', never a uid it does not show")
    func withoutProcess() {
        let text = """
            ```
            $ ss -ltn
            State  Recv-Q Send-Q Local Address:Port Peer Address:Port Process
            LISTEN 0      511                *:18789            *:*
            ```
            """
        let r = Self.portCheck(text)
        #expect(r.status == .fail, "\(r)")
        #expect(r.detail.first == "LISTEN on [::]:18789 (holder not in the paste)", "\(r.detail)")
        #expect(r.detail.contains { $0.contains("does not name (holder not in the paste") }, "\(r.detail)")
        #expect(!r.detail.joined().contains("uid"), "\(r.detail)")
    }

    @Test("header-less excerpts outside a fence: netstat -tlnp and lsof rows by shape; another port is not the gateway's")
    func byShape() {
        let text = """
            netstat shows:
            tcp        0      0 127.0.0.1:18789         0.0.0.0:*               LISTEN      4242/node

            and lsof:
            node     4242 alice   22u  IPv6  98766      0t0  TCP [::1]:18789 (LISTEN)
            """
        let reading = Self.reading(text)
        #expect(reading.blocks.map(\.kind) == [.linuxNetstat, .lsof], "\(reading.blocks)")
        let r = Self.portCheck(text)
        #expect(r.status == .fail && r.detail.prefix(2) == ["LISTEN on 127.0.0.1:18789 (pid 4242 node)",
                                                             "LISTEN on [::1]:18789 (pid 4242 node, user alice)"], "\(r)")
        let other = Self.portCheck("```\n$ sudo lsof -iTCP -sTCP:LISTEN -nP\npython3 7 bob 3u IPv4 1 0t0 TCP 127.0.0.1:8080 (LISTEN)\n```")
        #expect(other.status == .info && other.title == "no socket listened on port 18789 when the capture was taken", "\(other)")
    }

    @Test("Windows netstat -ano stays Windows' (windows-netstat), Linux netstat -tlnp goes to listeners")
    func windowsAndLinuxNetstat() {
        let reading = Self.reading("""
            ```
            C:\\> netstat -ano | findstr :18789
              TCP    127.0.0.1:18789        0.0.0.0:0              LISTENING       4242
            ```
            ```
            $ netstat -tlnp
            Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name
            tcp        0      0 127.0.0.1:18789         0.0.0.0:*               LISTEN      77/node
            ```
            """)
        #expect(reading.blocks.map(\.kind) == [.windowsNetstat, .linuxNetstat], "\(reading.blocks)")
        #expect(reading.facts.windows?.netstat?.output.contains("4242") == true)
        #expect(reading.facts.listeners?.contains("77/node") == true && reading.facts.listeners?.contains("4242") == false)
    }

    @Test("a host name in a pasted row is a warning naming the input line, and the row is not guessed")
    func hostNameWarning() {
        let reading = Self.reading("```\n$ ss -lt\nLISTEN 0 511 localhost:18789 0.0.0.0:*\n```")
        #expect(reading.facts.warnings.contains { $0.line == 3 && $0.section == "listeners" && $0.message.contains("host name") },
                "\(reading.facts.warnings)")
        #expect(CapturedPortOwners.owners(reading.facts, port: 18789) == [])
    }

    @Test("public: an ss -ltnp table (dcc-mcp-core#2488): the holders of 8080 and 80 named through gateway.port; 18789 free in it")
    func publicSSTable() throws {
        let reading = try IssueReportReader.load(path: Fixtures.path("issues/dccmcp2488-ss-ltnp.md"))
        #expect(reading.blocks.filter { $0.kind.section != nil }.map(\.kind) == [.ss], "\(reading.blocks)")
        let config = { (port: UInt16) in DoctorTestInputs.configuration(port: port) }
        let web = DoctorTestInputs.run("gateway.port", DoctorTestInputs.inputs(reading.facts, config(8080)))
        #expect(web.status == .fail && web.detail.first == "LISTEN on [::]:8080 (pid 1502 backendsidemon)", "\(web)")
        let nginx = DoctorTestInputs.run("gateway.port", DoctorTestInputs.inputs(reading.facts, config(80)))
        #expect(nginx.detail.prefix(2) == ["LISTEN on 0.0.0.0:80 (pid 1186 nginx)", "LISTEN on 0.0.0.0:80 (pid 1187 nginx)"], "\(nginx)")
        let gateway = DoctorTestInputs.run("gateway.port", DoctorTestInputs.inputs(reading.facts, config(18789)))
        #expect(gateway.status == .info && gateway.title.hasPrefix("no socket listened on port 18789"), "\(gateway)")
    }

    @Test("--redact: lsof's USER column is a personal detail: the redactor learns it, the listeners section loses it")
    func lsofUserRedacted() {
        let reading = Self.reading("```\n$ sudo lsof -iTCP:18789 -sTCP:LISTEN -nP\nCOMMAND PID USER FD TYPE DEVICE SIZE/OFF NODE NAME\nnode 4242 zelda 21u IPv4 98765 0t0 TCP 127.0.0.1:18789 (LISTEN)\n```")
        #expect(reading.promptUsers.contains("zelda"))
        let redactor = Redactor(hostNames: reading.promptHosts, userNames: reading.promptUsers, learningFrom: reading.facts)
        let redacted = redactor.redact(reading.facts)
        #expect(redacted.listeners?.contains("zelda") == false && redacted.listeners?.contains("4242") == true, "\(redacted.listeners ?? "")")
        // The holder is still named after redaction (the verdict is kept).
        let r = DoctorTestInputs.run("gateway.port", DoctorTestInputs.inputs(redacted))
        #expect(r.status == .fail && r.detail.first?.hasPrefix("LISTEN on 127.0.0.1:18789 (pid 4242 node, user ") == true, "\(r)")
    }

    @Test("a pasted table of 30 holders on the port names 20 and counts the rest, in the check and in run's message")
    func boundedListing() {
        let rows = (0..<30).map { "LISTEN 0 511 10.0.0.\($0 + 1):18789 0.0.0.0:* users:((\"node\",pid=\(100 + $0),fd=3))" }
        let r = DoctorTestInputs.run("gateway.port", DoctorTestInputs.inputs(Self.reading("```\n$ ss -ltnp\n" + rows.joined(separator: "\n") + "\n```").facts,
                                                                         DoctorTestInputs.configuration(port: 18789, bind: .lan, token: true)))
        #expect(r.detail.filter { $0.hasPrefix("LISTEN on ") }.count == 20, "\(r.detail)")
        #expect(r.detail.contains("... and 10 more LISTEN rows on port 18789"), "\(r.detail)")
        #expect(r.detail.contains("  - ... and 10 more"), "\(r.detail)")
    }
}
