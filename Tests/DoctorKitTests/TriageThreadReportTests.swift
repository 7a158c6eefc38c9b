@testable import DoctorKit
import Foundation
@testable import NetProbe
import Testing
import TestSupport

/// The report on an issue thread: the reporter's verdict from the reporter's facts, each other person's machine
/// listed with its own verdict, never combined (docs/triage-eval.md U30; microsoft/WSL 6218's leftover).
@Suite("Triage: the report on an issue thread")
struct TriageThreadReportTests {
    static let thread = """
        reporter · description · 2022-09-16
        ```
        PS C:\\Users\\someone> netsh interface ipv4 show excludedportrange protocol=tcp

        Protocol tcp Port Exclusion Ranges

        Start Port    End Port
        ----------    --------
             18780       18879

        * - Administered port exclusions.
        ```
        $ uname -r
        5.15.146.1-microsoft-standard-WSL2

        helper · comment · 2022-09-17
        My system shows:
        ```
        > netsh interface ipv4 show excludedportrange protocol=tcp

        Protocol tcp Port Exclusion Ranges

        Start Port    End Port
        ----------    --------
              5357        5357
        ```
        """

    @Test("a maintainer's exclusion table is not the reporter's: 18789's range comes from the reporter's table alone; the helper's machine is listed apart")
    func separateMachines() throws {
        let reading = IssueReportReader.read(text: Self.thread, file: "t.md")
        let ranges = try #require(reading.facts.windows?.excludedPortRange)
        #expect(ranges.output.contains("18780") && !ranges.output.contains("5357"), "\(ranges.output)")
        let report = Doctor.triage(reading, input: "t.md", port: nil, redactor: nil, captureOut: nil)
        let excluded = try #require(report.checks.first { $0.id == "windows.excluded-port" })
        #expect(excluded.status == .fail || excluded.status == .warn, "\(excluded)")
        let part = try #require(report.triage)
        #expect(part.otherMachines.map(\.author) == ["helper"])
        #expect(part.otherMachines.first?.blocks.compactMap(\.section) == ["windows-excludedportrange"])
        #expect(part.otherMachines.first?.environment.kind == .unknown)
        let text = part.renderText()
        #expect(text.contains("another person's machine: helper's comments (lines 16-26), read on their own, never combined with the reporter's"), "\(text)")
        #expect(text.contains("    verdict on helper's machine: unknown environment"), "\(text)")
        #expect(text.contains("    read: netsh show excludedportrange (lines"), "\(text)")
        try DoctorSchema.validate(JSONRenderer.render(report))
    }

    @Test("comments that hold nothing to read are one line naming their authors, not a machine each")
    func silentComments() throws {
        let text = Self.thread + "\nhelper2 · comment · 2022-09-18\nSame here.\nhelper3 · comment · 2022-09-19\n+1\n"
        let reading = IssueReportReader.read(text: text, file: "t.md")
        let part = try #require(Doctor.triage(reading, input: "t.md", port: nil, redactor: nil, captureOut: nil).triage)
        #expect(part.otherMachines.map(\.author) == ["helper", "helper2", "helper3"])
        let rendered = part.renderText()
        #expect(rendered.contains("  other people's comments, nothing in them read: helper2 (lines 27-28); helper3 (lines 29-30)"), "\(rendered)")
        #expect(!rendered.contains("verdict on helper2's machine"), "\(rendered)")
    }

    @Test("--redact scrubs the thread's author names, as it scrubs a prompt's user")
    func redacted() throws {
        let reading = IssueReportReader.read(text: Self.thread, file: "t.md")
        let redactor = Redactor(hostNames: reading.promptHosts, userNames: reading.promptUsers, learningFrom: reading.facts)
        let report = Doctor.triage(reading, input: "t.md", port: nil, redactor: redactor, captureOut: nil)
        let json = JSONRenderer.render(report)
        #expect(!json.contains("\"helper\"") && !json.contains("someone"), "\(json)")
        try DoctorSchema.validate(json)
    }
}

/// Sentences the second round of public reports (docs/triage-eval.md U25-U29) showed untrue or missed, each on a
/// constructed paste of the same shape.
@Suite("Triage: what the third evaluation round found")
struct TriageEvalRoundThreeTests {
    static func reading(_ text: String) -> IssueReportReader.Reading { IssueReportReader.read(text: text, file: "paste.md") }

    @Test("U25: `**` emphasis inside a pasted output line is removed, never a lost address")
    func boldInsideOutput() throws {
        let reading = Self.reading("$ ip addr\n2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP group default qlen 1000\n    inet **192.168.1.50**/24 brd 192.168.1.255 scope global eth0\n")
        let addresses = try #require(reading.facts.addresses)
        #expect(addresses.contains { $0.local == "192.168.1.50" && $0.prefixLength == 24 }, "\(addresses)")
        #expect(reading.facts.warnings.isEmpty, "\(reading.facts.warnings)")
        // `__` is a path's, not emphasis.
        let (words, _) = TriageLine.clean(SourceLine(number: 1, text: "[canvas] host mounted at http://127.0.0.1:3001/__openclaw__/canvas/"))
        #expect(words.last == "http://127.0.0.1:3001/__openclaw__/canvas/")
    }

    @Test("U26: a bold bracketed note after an output line (`**[THE SAME AS IN WINDOWS]**`) is the reporter's: no `unknown word` warnings")
    func boldNote() throws {
        let reading = Self.reading("$ ip addr\n2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP group default qlen 1000\n    inet **192.168.1.50**/24 brd 192.168.1.255 scope global eth0 **[THIS IP ADDRES IS THE SAME AS IN WINDOWS]**\n")
        #expect(reading.facts.warnings.isEmpty, "\(reading.facts.warnings)")
        #expect(try #require(reading.facts.addresses).contains { $0.local == "192.168.1.50" && $0.interface == "eth0" })
    }

    @Test("a list item's output after `->` is the command's, whatever its shape: an `ip` header with its index cut is read with a warning naming it, never dropped unlisted")
    func inlineOutputIsKept() throws {
        let reading = Self.reading("7. `ip a | grep eth0` -> eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP group default qlen 1000\n    inet 172.21.61.6/20 brd 172.21.63.255 scope global eth0\n8. run `sudo service apache2 start`\n")
        let block = try #require(reading.blocks.first)
        #expect(block.kind == .ipAddr && block.firstLine == 1 && block.lastLine == 2, "\(reading.blocks)")
        let listed = TriagePart(input: "p.md", blocks: reading.blocks, wouldDecide: [], captureOut: nil).blocks
        #expect(listed.first?.section == "ip-addr" || listed.first?.unused != nil, "\(listed)")
        #expect(reading.facts.warnings.contains { $0.line == 1 }, "\(reading.facts.warnings)")
    }

    @Test("U31: a fence holding only a known command (no output) says so, never 'no command line ... this reader knows'")
    func commandAloneInFence() {
        let reading = Self.reading("```\nnetsh interface ipv4 show excludedportrange protocol=tcp\n```\n```\nsome words\n```\n")
        let listed = TriagePart(input: "p.md", blocks: reading.blocks, wouldDecide: [], captureOut: nil).blocks
        #expect(listed.map(\.unused) == ["command lines only, no output under them",
                                          "no command line or output this reader knows in the fence"], "\(listed)")
        #expect(listed.first?.command == "netsh interface ipv4 show excludedportrange protocol=tcp")
    }

    @Test("U27: `ver`'s answer (`Microsoft Windows [Version 10.0.19041.329]`) is the Windows build, in wsl-version")
    func ver() throws {
        for command in ["C:\\Users\\someone>ver", "$ cmd.exe /c ver"] {
            let reading = Self.reading("```\n\(command)\n\nMicrosoft Windows [Version 10.0.19041.329]\n\n```")
            #expect(reading.blocks.map(\.kind) == [.windowsVer], "\(command): \(reading.blocks)")
            #expect(reading.facts.windows?.wslVersion?.output == "Windows version: 10.0.19041.329", "\(String(describing: reading.facts.windows?.wslVersion))")
        }
        // `ver` with nothing a build under it gives its section nothing: left out, never read.
        let empty = Self.reading("```\nC:\\> ver\nsomething else\n```")
        #expect(empty.facts.windows?.wslVersion == nil && empty.blocks.first?.empty == true, "\(empty.blocks)")
    }

    @Test("U28: Linux netstat rows with columns cut (`tcp 0.0.0.0:2222 0.0.0.0:* LISTEN`) are Linux's, never `-> windows-netstat`")
    func trimmedLinuxNetstat() {
        let reading = Self.reading("```bash\n$ netstat -an\nProto ... Local Address  Foreign Address   State\ntcp       0.0.0.0:2222   0.0.0.0:*         LISTEN\n```\n```bash\n$ netstat -an\nProto ... Local Address    Foreign Address   State\nTCP       127.0.0.1:2222   0.0.0.0:0         LISTENING\n```")
        #expect(reading.blocks.map(\.kind) == [.linuxNetstat, .windowsNetstat], "\(reading.blocks)")
        #expect(reading.facts.windows?.netstat?.output.contains("0.0.0.0:*") == false)
    }

    @Test("U29: a gateway log file shown with `tail` (ISO timestamps, `[subsystem]` tags) feeds the journal section")
    func tailedGatewayLog() throws {
        let text = """
            user@host:~$ tail -n 100 -f /tmp/openclaw-gateway.log
            [DoubaoWebClient] fp in config: undefined
            2026-03-03T03:47:05.246Z [canvas] host mounted at http://127.0.0.1:3001/__openclaw__/canvas/ (root /home/someone/.openclaw/canvas)
            2026-03-03T03:47:05.299Z [heartbeat] started
            2026-03-03T03:47:05.310Z [gateway] listening on ws://127.0.0.1:3001 (PID 2426)
            """
        let reading = Self.reading(text)
        #expect(reading.blocks.map(\.kind) == [.gatewayLog] && reading.blocks.first?.lastLine == 5, "\(reading.blocks)")
        let journal = try #require(reading.facts.journal?.first)
        #expect(journal.entries.count == 4 && journal.entries.last?.message.contains("listening on ws://127.0.0.1:3001") == true)
        #expect(TriageCommands.kind(["cat", "/tmp/openclaw/openclaw-2026-03-10.log"]) == .gatewayLog)
        #expect(TriageCommands.kind(["tail", "/var/log/syslog"]) == nil)
        // A `.wslconfig` section line is no log line.
        #expect(!SupervisorShapes.isLogLine(["[wsl2]"]))
    }
}
