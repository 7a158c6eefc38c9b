@testable import DoctorKit
import Foundation
import NetProbe
import NetProbeLive
import Testing
import TestSupport

/// Issue 19: a paste that holds a Windows-side or a journal fact reaches the check that judges it, with the same
/// result as a capture holding the same fact.
@Suite("Triage: pasted facts reach the checks")
struct TriageChecksTests {
    static func run(_ id: String, _ text: String, port: UInt16 = 18789) -> CheckResult {
        let facts = IssueReportReader.read(text: text, file: "paste.md").facts
        return DoctorTestInputs.run(id, DoctorTestInputs.inputs(facts, DoctorTestInputs.configuration(port: port)))
    }

    /// The issue's example, on a WSL2 mirrored paste (kernel and wslinfo stated), with the image from tasklist.
    static let mirroredExample = """
        Kernel Version: 5.15.167.4-microsoft-standard-WSL2

        ```
        $ wslinfo --networking-mode
        mirrored
        ```

        ```
        Active Connections

          Proto  Local Address          Foreign Address        State           PID
          TCP    127.0.0.1:18789        0.0.0.0:0              LISTENING       4242
        ```

        ```
        Start Port    End Port
        ----------    --------
             18780       18879
        ```

        ```
        C:\\> tasklist /fi "PID eq 4242"

        Image Name                     PID Session Name        Session#    Mem Usage
        ========================= ======== ================ =========== ============
        node.exe                      4242 Console                    1     52,116 K
        ```
        """

    @Test("the issue's example: windows.port-holder names pid 4242 (node.exe), windows.excluded-port names 18780-18879")
    func windowsExample() throws {
        let holder = Self.run("windows.port-holder", Self.mirroredExample)
        #expect(holder.status == .fail, "\(holder)")
        #expect(holder.title == "port 18789 is held on Windows by node.exe (pid 4242) (a Windows-side OpenClaw)", "\(holder)")
        let excluded = Self.run("windows.excluded-port", Self.mirroredExample)
        #expect(excluded.status == .fail, "\(excluded)")
        #expect(excluded.title == "port 18789 is inside a Windows excluded port range 18780-18879 (reserved by Hyper-V/WinNAT)", "\(excluded)")
        // The same result as the capture derived from the paste.
        let reading = IssueReportReader.read(text: Self.mirroredExample, file: "paste.md")
        let capture = CaptureReader.parse(text: reading.captureText, file: "paste.md")
        let replayed = DoctorTestInputs.run("windows.port-holder", DoctorTestInputs.inputs(capture))
        #expect(replayed.status == holder.status && replayed.title == holder.title)
        // Without a word on the environment the checks say so, never "none".
        let unknown = Self.run("windows.port-holder", TriageWindowsTestsExample.text)
        #expect(unknown.status == .skip && unknown.title.hasPrefix("unknown whether this is WSL"), "\(unknown)")
    }

    @Test("a pasted crash loop (journalctl lines, the gateway's own lines) on a WSL2 mirrored paste names issue 53877")
    func journalPaste() throws {
        let body = """
            Kernel: 6.6.87.2-microsoft-standard-WSL2, `wslinfo --networking-mode` says

                mirrored

            ```
            $ journalctl --user -u openclaw-gateway -n 20
            Apr 27 10:55:00 wsl-box node[41017]: [canvas] host mounted at http://127.0.0.1:18789/__openclaw__/canvas/
            Apr 27 10:55:10 wsl-box node[41017]: Gateway failed to start: another gateway instance is already listening on ws://127.0.0.1:18789
            Apr 27 10:55:10 wsl-box node[41017]: listen EADDRINUSE: address already in use 127.0.0.1:18789
            Apr 27 10:55:10 wsl-box systemd[1513]: openclaw-gateway.service: Main process exited, code=exited, status=1/FAILURE
            Apr 27 10:55:10 wsl-box systemd[1513]: openclaw-gateway.service: Failed with result 'exit-code'.
            Apr 27 10:55:15 wsl-box systemd[1513]: openclaw-gateway.service: Scheduled restart job, restart counter is at 33.
            ```
            """
        let facts = IssueReportReader.read(text: "wslinfo --networking-mode\nmirrored\n\n" + body, file: "j.md").facts
        #expect(Classifier.classify(facts).wslNetworkingMode == .mirrored)
        let r = DoctorTestInputs.run("supervisor.journal", DoctorTestInputs.inputs(facts))
        // A pasted excerpt has no timestamps to rate the loop by: `failed` (warn), never ok.
        #expect(r.status == .warn || r.status == .fail, "\(r)")
        #expect(r.data["issue"] == "53877", "\(r)")
        // Bare gateway lines (no journalctl, no timestamps) and `-o cat` reach the same signature.
        let bare = IssueReportReader.read(text: """
            $ wslinfo --networking-mode
            mirrored
            ```
            [gmail-watcher] gmail watcher stopped
            Gateway failed to start: another gateway instance is already listening on ws://127.0.0.1:18789
            listen EADDRINUSE: address already in use 127.0.0.1:18789
            ```
            """, file: "b.md")
        #expect(bare.blocks.contains { $0.kind == .gatewayLog })
        let rb = DoctorTestInputs.run("supervisor.journal", DoctorTestInputs.inputs(bare.facts))
        #expect(rb.data["issue"] == "53877", "\(rb)")
    }

    @Test("systemctl --user status: Active auto-restart and Main PID status=1 become the unit state; its log lines journal entries")
    func systemctlStatus() throws {
        let reading = IssueReportReader.read(text: """
            ```
            $ systemctl --user status openclaw-gateway
            ● openclaw-gateway.service - OpenClaw Gateway (v2026.4.24)
                 Loaded: loaded (/home/someone/.config/systemd/user/openclaw-gateway.service; enabled; preset: enabled)
                 Active: activating (auto-restart) (Result: exit-code) since Mon 2026-04-27 10:55:11 CEST; 2s ago
                Process: 41017 ExecStart=/usr/bin/node /usr/lib/node_modules/openclaw/dist/index.js gateway (code=exited, status=1/FAILURE)
               Main PID: 41017 (code=exited, status=1/FAILURE)

            Apr 27 10:55:10 wsl-box node[41017]: Gateway failed to start: another gateway instance is already listening on ws://127.0.0.1:18789
            ```
            """, file: "s.md")
        let state = try #require(reading.facts.systemdShow?.first)
        #expect(state.scope == .user && state.unit == "openclaw-gateway")
        #expect(state.properties["ActiveState"] == "activating" && state.properties["SubState"] == "auto-restart")
        #expect(state.properties["Result"] == "exit-code" && state.mainStatus == 1 && state.isLoaded == true)
        #expect(reading.facts.journal?.first?.entries.first?.message.hasPrefix("Gateway failed to start") == true)
        let analysis = JournalAnalysis.analyze(show: reading.facts.systemdShow, journal: reading.facts.journal)
        #expect(analysis.failingNow && analysis.signatures[.upstreamAlreadyListening] != nil)
    }

    @Test("public report openclaw#72693: its kernel line decides WSL2 and its pasted gateway lines reach supervisor.journal")
    func publicCrashLoop() throws {
        let reading = try IssueReportReader.load(path: Fixtures.path("issues/openclaw72693-crash-loop.md"))
        #expect(Classifier.classify(reading.facts).kind == .wsl2)
        let r = DoctorTestInputs.run("supervisor.journal", DoctorTestInputs.inputs(reading.facts))
        #expect((r.status == .warn || r.status == .fail) && (r.data["signatures"].map { "\($0)" } ?? "").contains("upstream-already-listening"), "\(r)")
    }

    // MARK: issue 19, what is left: the Windows adapters, the form's versions

    static let natAdapters = """
        $ uname -r
        5.15.167.4-microsoft-standard-WSL2

        $ wslinfo --networking-mode
        nat

        $ ip addr
        1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
            inet 127.0.0.1/8 scope host lo
        2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP group default qlen 1000
            link/ether 00:15:5d:aa:bb:cc brd ff:ff:ff:ff:ff:ff
            inet ETH0 brd 172.23.255.255 scope global eth0

        C:\\> ipconfig /all

        Windows IP Configuration

        Ethernet adapter vEthernet (WSL (Hyper-V firewall)):

           IPv4 Address. . . . . . . . . . . : 172.23.240.1(Preferred)
           Subnet Mask . . . . . . . . . . . : 255.255.240.0
        """

    @Test("windows.adapters: NAT eth0 inside vEthernet (WSL)'s subnet is ok, outside it warns; the paste and its capture agree")
    func windowsAdapters() {
        let inside = Self.natAdapters.replacingOccurrences(of: "ETH0", with: "172.23.245.9/20")
        let ok = Self.run("windows.adapters", inside)
        #expect(ok.status == .ok && ok.title.contains("eth0 172.23.245.9 lies in"), "\(ok)")
        let outside = Self.run("windows.adapters", Self.natAdapters.replacingOccurrences(of: "ETH0", with: "172.30.1.9/20"))
        #expect(outside.status == .warn && outside.title == "the Windows adapters do not fit NAT networking", "\(outside)")
        #expect(outside.detail.contains("confidence medium"))
        // The derived capture holds the same facts: the same result.
        let reading = IssueReportReader.read(text: inside, file: "paste.md")
        let replay = CaptureReader.parse(text: reading.captureText, file: "paste.md")
        #expect(DoctorTestInputs.run("windows.adapters", DoctorTestInputs.inputs(replay, DoctorTestInputs.configuration(port: 18789))) == ok)
        // A paste's Windows outputs were run on Windows, not from this Linux: interop is not known from them.
        let interop = Self.run("windows.interop", inside)
        #expect(interop.status == .skip && interop.title.contains("not run from this Linux"), "\(interop)")
        // Without ipconfig: a skip naming why; on an unknown machine: unknown whether WSL2.
        let without = Self.run("windows.adapters", "$ uname -r\n5.15.167.4-microsoft-standard-WSL2\n")
        #expect(without.status == .skip && without.title == "ipconfig.exe /all is not in this capture", "\(without)")
        #expect(Self.run("windows.adapters", "```\nipconfig\n```\n").status == .skip)
    }

    @Test("supervisor.journal on a paste that says nothing of Linux: the fix names Windows' netstat beside ss (openclaw#67544's shape)")
    func clashFixOnUnknown() {
        let line = "Gateway failed to start: another gateway instance is already listening on ws://127.0.0.1:18789 | listen EADDRINUSE: address already in use 127.0.0.1:18789"
        let unknown = Self.run("supervisor.journal", "- OS: Windows 11 Pro\n\n```text\n\(line)\n```\n")
        #expect(unknown.fix?.contains("`netstat -ano | findstr :18789` (Windows)") == true, "\(unknown)")
        let native = Self.run("supervisor.journal", "$ uname -r\n6.8.0-45-generic\n\n```text\n\(line)\n```\n")
        #expect(native.fix?.contains("netstat -ano") == false && native.fix?.contains("ss -tlnp") == true, "\(native)")
    }

    @Test("wsl.version reads the form's versions: mirrored requested on a Windows 10 build warns; WSL 2.0.0+ on 22621+ allows it")
    func formVersions() {
        let old = Self.run("wsl.version", """
            - OS: Windows 10 22H2 (19045.6466)
            - WSL version: 2.3.26.0
            - Kernel: 5.15.153.1-microsoft-standard-WSL2

            ```
            $ cat /mnt/c/Users/me/.wslconfig
            [wsl2]
            networkingMode=mirrored
            ```
            """)
        #expect(old.status == .warn && old.detail.contains { $0.contains("Windows build 19045 is older than Windows 11 22H2") }, "\(old)")
        let new = Self.run("wsl.version", "- OS: Windows 11 Pro 23H2\n- WSL version: 2.3.26.0\n- Kernel: 5.15.153.1-microsoft-standard-WSL2\n")
        #expect(new.status == .info && new.detail.contains("the versions allow mirrored networking (WSL 2.0.0 or later, Windows build 22621 or later)"), "\(new)")
    }
}

/// The issue's two-fence example without any word on the environment.
enum TriageWindowsTestsExample {
    static let text = """
        ```
          Proto  Local Address          Foreign Address        State           PID
          TCP    127.0.0.1:18789        0.0.0.0:0              LISTENING       4242
        ```
        """

}
