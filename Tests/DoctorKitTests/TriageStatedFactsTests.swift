@testable import DoctorKit
import Foundation
@testable import NetProbe
import Testing
import TestSupport

/// Issue 19, items 4 and 5 (a fresh tester's defects on public reports, each fixed as a kind): a Windows build that
/// rules mirrored out decides the mirrored question and no mirrored evidence is asked; each check's "would decide
/// it" names what decides THAT check; a kernel release read from the issue form is the kernel of every check, its
/// provenance the form's field; a port the paste states is the port judged; `Get-Process` of a port's owner names
/// the Windows holder. Constructed fixtures of the same kinds as microsoft/WSL#11045, #11090, #5222 and
/// openclaw/openclaw#22445.
@Suite("Triage: what the paste states is what is judged")
struct TriageStatedFactsTests {
    static func triage(_ text: String, port: UInt16? = nil) -> DoctorReport {
        Doctor.triage(IssueReportReader.read(text: text, file: "r.md"), input: "r.md", port: port, redactor: nil, captureOut: nil)
    }

    static func form(windows: String, kernel: String) -> String {
        """
        ### Windows Version

        Microsoft Windows [Version \(windows)]

        ### WSL Version

        2.0.9.0

        ### Are you using WSL 1 or WSL 2?

        - [X] WSL 2
        - [ ] WSL 1

        ### Kernel Version

        \(kernel)

        ### Repro Steps

        localhost from Windows does not reach a server in WSL.
        """
    }

    @Test("a Windows build older than 22621 (19041, 19045, 22000): mirrored is ruled out, no mirrored evidence is asked",
          arguments: ["10.0.19045.3570", "10.0.19041.1415", "10.0.22000.2538"])
    func buildRulesOutMirrored(windows: String) throws {
        let report = Self.triage(Self.form(windows: windows, kernel: "5.15.133.1-1"))
        let asks = try #require(report.triage).wouldDecide.map(\.command)
        for mirroredEvidence in ["ip rule", "wslinfo --networking-mode", "ip route show table all"] {
            #expect(!asks.contains(mirroredEvidence), "\(windows): \(asks)")
        }
        // The kernel release is in the form: never `uname -r`.
        #expect(!asks.contains("uname -r"), "\(asks)")
        let dynamic = try #require(report.checks.first { $0.id == "windows.dynamic-range" })
        #expect(dynamic.title.contains("not mirrored networking") && !dynamic.title.contains("uname"), "\(dynamic.title)")
        // A build that allows mirrored leaves the question open, and asks for the mode's evidence.
        let open = Self.triage(Self.form(windows: "10.0.22631.2715", kernel: "5.15.133.1-1"))
        #expect(try #require(open.triage).wouldDecide.map(\.command).contains("ip rule"))
    }

    @Test("each check's 'would decide it' names what decides that check: the mirrored question asks a mode fact, not uname -r")
    func hintPerQuestion() throws {
        // Kernel and mode both unknown: the WSL2 verdict comes from the form's box alone.
        let text = "### Are you using WSL 1 or WSL 2?\n\n- [X] WSL 2\n- [ ] WSL 1\n"
        let report = Self.triage(text)
        let asks = try #require(report.triage).wouldDecide.map(\.command)
        #expect(asks.first == "uname -r", "\(asks)")
        let dynamic = try #require(report.checks.first { $0.id == "windows.dynamic-range" })
        #expect(dynamic.title.contains("would decide it: `ip rule`"), "\(dynamic.title)")
    }

    @Test("the form's Kernel Version is the kernel for every check, read as the form's field, never as `uname -r`",
          arguments: ["5.15.133.1-microsoft-standard-WSL2", "5.15.133.1-1", "4.4.0-19041-Microsoft"])
    func formKernelOneReading(kernel: String) throws {
        let report = Self.triage(Self.form(windows: "10.0.22631.2715", kernel: kernel))
        let version = try #require(report.checks.first { $0.id == "wsl.version" })
        #expect(version.title.contains("kernel \(kernel)"), "\(version.title)")
        let part = try #require(report.triage)
        #expect(!part.wouldDecide.map(\.command).contains("uname -r"), "\(part.wouldDecide.map(\.command))")
        let text = part.renderText()
        #expect(text.contains("read: issue form (Kernel Version) (lines 16-16"), "\(text)")
        #expect(!text.contains("read: uname -r"), "\(text)")
        // The block's provenance in JSON too.
        #expect(part.blocks.contains { $0.field == "Kernel Version" && $0.section != nil })
    }

    @Test("a port the paste states is the port judged, with where it came from", arguments: [
        ("2026-02-20T10:00:00.000Z [gateway] listening on ws://127.0.0.1:18790 (PID 4242)", StatedGatewayPort.Form.logLine),
        ("Gateway: bind=loopback (127.0.0.1), port=18790 (env/config)", .gatewayStatus),
        ("$ openclaw gateway --port 18790 --verbose", .portOption),
        ("$ openclaw gateway run --bind loopback --port=18790", .portOption),
        ("```json\n{\n  \"gateway\": {\n    \"mode\": \"local\",\n    \"port\": 18790,\n    \"auth\": { \"port\": 1 }\n  }\n}\n```", .configFile),
        ("{\"gateway\": {\"port\": 18790, \"bind\": \"loopback\"}}", .configFile),
    ])
    func statedPort(line: String, form: StatedGatewayPort.Form) throws {
        let report = Self.triage("The gateway does not answer.\n\n" + line + "\n")
        #expect(report.port == 18790, "\(line)")
        let part = try #require(report.triage)
        #expect(part.portSource?.contains("stated in the report (\(form.rawValue), line") == true, "\(String(describing: part.portSource))")
        // `--port` wins over the paste; without either, the default, said so.
        #expect(Self.triage("x\n" + line + "\n", port: 19001).port == 19001)
        let none = Self.triage("The gateway does not answer.\n")
        #expect(none.port == 18789 && none.triage?.portSource?.hasPrefix("the default") == true)
    }

    @Test("a port inside another object of openclaw.json, a clock, a port out of range: not the gateway's port", arguments: [
        "{\n  \"canvasHost\": {\n    \"port\": 18793\n  }\n}",
        "at 10:55:10 it failed",
        "openclaw gateway --port 99999",
        "listening on ws://127.0.0.1:0",
    ])
    func notAStatedPort(text: String) {
        #expect(Self.triage(text + "\n").port == 18789, "\(text)")
    }

    @Test("`Bind: loopback` and `Port: 18790` are stated, listed as read")
    func bindStated() throws {
        let report = Self.triage("Gateway settings:\n\nPort: 18790\nBind: loopback\n")
        #expect(report.port == 18790)
        let part = try #require(report.triage)
        let stated = part.blocks.flatMap { $0.stated ?? [] }
        #expect(stated.contains { $0.fact == "bind" && $0.value == "loopback" }, "\(part.blocks)")
        #expect(part.renderText().contains("bind loopback"), "\(part.renderText())")
        // A mode the gateway does not know is not a bind mode.
        #expect(!OpenClawCLIText.statements([SourceLine(number: 1, text: "Bind: everywhere")]).contains { $0.fact == "bind" })
    }

    static func getProcess(port: Int, rows: String) -> String {
        """
        ```
        PS C:\\WINDOWS\\system32> Get-Process -Id (Get-NetTCPConnection -LocalPort \(port)).OwningProcess

        Handles  NPM(K)    PM(K)      WS(K)     CPU(s)     Id  SI ProcessName
        -------  ------    -----      -----     ------     --  -- -----------
        \(rows)
        ```
        """
    }

    @Test("Get-Process of a port's OwningProcess names the Windows holder, as netstat and tasklist do")
    func getProcessHolder() throws {
        let text = "Kernel Version: 5.15.167.4-microsoft-standard-WSL2\n\n"
            + Self.getProcess(port: 18789, rows: "    246      14     2364      10640       0.05   8944   1 wslhost")
        let reading = IssueReportReader.read(text: text, file: "r.md")
        #expect(reading.blocks.contains { $0.kind == .getProcessForPort && $0.kind.section == .windowsNetstat })
        let holder = TriageChecksTests.run("windows.port-holder", text)
        #expect(holder.title == "port 18789 is held on Windows by wslhost (pid 8944)", "\(holder)")
        // The same from the derived capture.
        let capture = CaptureReader.parse(text: reading.captureText, file: "r.md")
        let replayed = DoctorTestInputs.run("windows.port-holder", DoctorTestInputs.inputs(capture))
        #expect(replayed.title == holder.title, "\(replayed)")
        // A row without CPU time, two holders, a node process (a Windows-side OpenClaw).
        let two = Self.getProcess(port: 18789, rows: """
                 88       9     1480       6012              4   0 System
                412      40    61000      90000       3.50   4242   1 node
            """)
        let both = TriageChecksTests.run("windows.port-holder", "Kernel Version: 5.15.167.4-microsoft-standard-WSL2\n\n" + two)
        #expect(both.title.hasPrefix("port 18789 is held on Windows by System (pid 4), node (pid 4242)"), "\(both)")
        // Another port's owner does not hold the gateway port.
        let other = TriageChecksTests.run("windows.port-holder", "Kernel Version: 5.15.167.4-microsoft-standard-WSL2\n\n"
            + Self.getProcess(port: 5432, rows: "    246      14     2364      10640       0.05   8944   1 wslhost"))
        #expect(!other.title.contains("wslhost"), "\(other)")
    }

    @Test("the Get-Process pieces: the command's port, the table's rows, nothing else")
    func getProcessParts() {
        func words(_ text: String) -> [Substring] { text.split(separator: " ") }
        #expect(NetstatListeners.processCommandPort(words("get-process -id (Get-NetTCPConnection -LocalPort 8080 -State Listen).OwningProcess")) == 8080)
        #expect(NetstatListeners.processCommandPort(words("Get-Process -Id 4242")) == nil)
        #expect(NetstatListeners.processCommandPort(words("Get-Process -Id (Get-NetTCPConnection -LocalPort 70000).OwningProcess")) == nil)
        #expect(NetstatListeners.processRow(words("246 14 2364 10640 0.05 8944 1 wslhost"))! == (8944, "wslhost"))
        #expect(NetstatListeners.processRow(words("88 9 1480 6012 4 0 System"))! == (4, "System"))
        #expect(NetstatListeners.processRow(words("TCP 0.0.0.0:80 0.0.0.0:0 LISTENING 4")) == nil)
        #expect(NetstatListeners.processRow(words("------- ------ ----- ----- ------ -- -- -----------")) == nil)
        // Rows with no Get-Process line above them name no port.
        #expect(NetstatListeners.parse("246 14 2364 10640 0.05 8944 1 wslhost\n").isEmpty)
    }
}
