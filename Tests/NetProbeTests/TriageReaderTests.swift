import Foundation
import Testing
@testable import NetProbe
import NetProbeLive
import TestSupport

/// Items 8 and 9 of issue 12: reading whole issue bodies (public ones, and random markdown around the same
/// command blocks).
@Suite("Triage: reading pasted reports")
struct TriageReaderTests {
    /// `<!-- expect: kind=K mode=M -->` of an issue fixture.
    static func expectation(_ text: String) -> [String: String] {
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("<!-- expect:") }) else { return [:] }
        var out: [String: String] = [:]
        for pair in line.dropFirst("<!-- expect:".count).split(separator: " ") where pair.contains("=") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            out[String(parts[0])] = String(parts[1])
        }
        return out
    }

    static var issueFixtures: [String] { Fixtures.files(in: "issues").filter { $0.hasSuffix(".md") } }

    @Test("every public issue body: its source is named, the verdict is the expected one, nothing is warned about")
    func publicIssueBodies() throws {
        #expect(Self.issueFixtures.count >= 6)
        for path in Self.issueFixtures {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(text.hasPrefix("<!-- source: https://"), "\(path)")
            let expect = Self.expectation(text)
            let reading = try IssueReportReader.load(path: path)
            let verdict = Classifier.classify(reading.facts)
            #expect(verdict.kind.rawValue == expect["kind"], "\(path): \(verdict.summary)")
            if let mode = expect["mode"] { #expect(verdict.wslNetworkingMode?.rawValue == mode, "\(path): \(verdict.summary)") }
            #expect(reading.facts.warnings.isEmpty, "\(path): \(reading.facts.warnings)")
            // The derived capture replays to the same facts.
            var replay = CaptureReader.parse(text: reading.captureText, file: path)
            replay.warnings = reading.facts.warnings
            #expect(replay == reading.facts, "\(path)\n\(reading.captureText)")
        }
    }

    @Test("blocks: found by command or by shape, with input lines; markdown headings are never sections")
    func blocksOfOneBody() throws {
        let reading = try IssueReportReader.load(path: Fixtures.path("issues/docs1967-mirrored.md"))
        let used = reading.blocks.filter { $0.kind.section != nil && !$0.duplicate }
        #expect(used.map(\.kind) == [.wslconfig, .ipAddr])
        #expect(used.map(\.found) == [.shape, .command])
        #expect(used[1].command == "ip addr")
        #expect(reading.facts.wslconfig?.text == "[experimental]\nnetworkingMode=mirrored")
        #expect(reading.promptUsers == ["someuser"] && reading.promptHosts == ["devbox01"])
        let headings = IssueReportReader.read(text: "### ip-addr\n### osrelease\nsome prose\n", file: "x")
        #expect(headings.facts.links == nil && headings.facts.osRelease == nil)
    }

    @Test("a Kali two-line prompt, uname -a, wslinfo and a .wslconfig in a fence; names from the prompts are learned")
    func kaliSession() {
        let body = """
            ## What happens
            ```
            ┌──(root㉿kali)-[~]
            └─# uname -r
            5.15.167.4-microsoft-standard-WSL2

            ┌──(root㉿kali)-[~]
            └─# wslinfo --networking-mode
            nat
            ```
            PS C:\\Users\\jdoe> type $env:USERPROFILE\\.wslconfig
            ```ini
            [wsl2]
            networkingMode=mirrored
            ```
            """
        let reading = IssueReportReader.read(text: body, file: "kali.md")
        #expect(reading.facts.osRelease == "5.15.167.4-microsoft-standard-WSL2")
        #expect(reading.facts.wslinfo?.output == "nat")
        #expect(reading.facts.wslconfig?.text.contains("networkingMode=mirrored") == true)
        #expect(reading.promptHosts.contains("kali") && reading.promptUsers.isSuperset(of: ["root", "jdoe"]))
        let pathOnly = IssueReportReader.read(text: "$ cat /mnt/c/Users/jane/.wslconfig\n[wsl2]\n", file: "p.md")
        #expect(pathOnly.promptUsers == ["jane"])
        let verdict = Classifier.classify(reading.facts)
        #expect(verdict.kind == .wsl2 && verdict.wslNetworkingMode == .nat)
        #expect(verdict.evidence.contains { $0.signal == "wslconfig.mismatch" })
    }

    @Test("what would decide it: the exact commands for what is missing, capture last")
    func wouldDecide() {
        let onlyKernel = IssueReportReader.read(text: "uname -r says\n\n    5.15.167.4-microsoft-standard-WSL2\n", file: "k.md")
        let verdict = Classifier.classify(onlyKernel.facts)
        let asks = DecidingFacts.missing(onlyKernel.facts, verdict: verdict).map(\.command)
        #expect(asks == ["ip rule", "ip addr", "wslinfo --networking-mode", "ip route show table all", "openclaw-doctor capture"])
        let nothing = IssueReportReader.read(text: "It does not work.\n", file: "n.md")
        #expect(DecidingFacts.missing(nothing.facts, verdict: Classifier.classify(nothing.facts)).first?.command == "uname -r")
        #expect(nothing.facts.warnings.map(\.message).contains { $0.contains("no command output recognised") })
    }

    @Test("encodings: UTF-16LE with BOM and CRLF read like the UTF-8 text")
    func encodings() throws {
        let text = try String(contentsOfFile: Fixtures.path("issues/wsl12221-nat.md"), encoding: .utf8)
        let reference = IssueReportReader.read(text: text, file: "r")
        var le: [UInt8] = [0xFF, 0xFE]
        for unit in text.replacingOccurrences(of: "\n", with: "\r\n").utf16 { le += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let reading = try IssueReportReader.read(bytes: le, file: "r")
        #expect(reading.facts == reference.facts)
    }

    // MARK: property: the same command blocks in random markdown give the same facts

    static let blocks: [(command: String, output: String)] = [
        ("ip a", PasteFormTests.ipAddr.trimmingCharacters(in: .newlines)),
        ("ip rule", "0:\tfrom all lookup local\n32766:\tfrom all lookup main\n32767:\tfrom all lookup default"),
        ("uname -r", "5.15.167.4-microsoft-standard-WSL2"),
        ("ip route", "default via 172.23.240.1 dev eth0 proto kernel\n172.23.240.0/20 dev eth0 proto kernel scope link src 172.23.240.213"),
        ("cat /etc/resolv.conf", "# This file was automatically generated by WSL. To stop automatic generation of this file, add the following entry to /etc/wsl.conf:\nnameserver 10.255.255.254"),
        ("cat /mnt/c/Users/me/.wslconfig", "[wsl2]\nnetworkingMode=mirrored"),
        ("wslinfo --networking-mode", "nat"),
        // Issue 19: the Windows side and the supervisor's lines.
        ("netstat -ano | findstr :18789", "  TCP    127.0.0.1:18789        0.0.0.0:0              LISTENING       4242\n  TCP    [::1]:18789            [::]:0                 LISTENING       4242"),
        ("netsh interface ipv4 show excludedportrange protocol=tcp", "Start Port    End Port\n----------    --------\n     18780       18879\n     50000       50059     *"),
        ("tasklist /fi \"PID eq 4242\"", "Image Name                     PID Session Name        Session#    Mem Usage\n========================= ======== ================ =========== ============\nnode.exe                      4242 Console                    1     52,116 K"),
        ("wsl --version", "WSL version: 2.6.1.0\nKernel version: 6.6.87.2-1\nWindows version: 10.0.26100.4652"),
        ("wsl.exe -l -v", "  NAME      STATE           VERSION\n* Ubuntu    Running         2\n  Debian    Stopped         1"),
        ("wsl.exe --status", "Default Distribution: Ubuntu\nDefault Version: 2"),
        // Issue 19 (what is left): plain `wsl -l`, names only (it adds up with `wsl -l -v` in `wsl-list`).
        ("wsl -l", "Windows Subsystem for Linux Distributions:\nUbuntu (Default)\nDebian"),
        ("ipconfig", "Windows IP Configuration\n\nEthernet adapter vEthernet (WSL):\n\n   IPv4 Address. . . . . . . . . . . : 172.23.240.1\n   Subnet Mask . . . . . . . . . . . : 255.255.240.0"),
        ("journalctl --user -u openclaw-gateway", "Apr 27 10:55:10 wsl-box node[41017]: Gateway failed to start: another gateway instance is already listening on ws://127.0.0.1:18789\nApr 27 10:55:10 wsl-box systemd[1513]: openclaw-gateway.service: Main process exited, code=exited, status=1/FAILURE"),
        // Issue 19: Linux listener tables (into `listeners`) and upstream's CLI output (stated, no section).
        ("ss -ltnp", "State  Recv-Q Send-Q Local Address:Port Peer Address:Port Process\nLISTEN 0      511        127.0.0.1:18789      0.0.0.0:*    users:((\"node\",pid=4242,fd=21))"),
        ("netstat -tlnp", "Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name\ntcp6       0      0 ::1:18789               :::*                    LISTEN      4242/node"),
        ("sudo lsof -iTCP -sTCP:LISTEN -nP", "COMMAND   PID  USER   FD   TYPE DEVICE SIZE/OFF NODE NAME\nnode     4242 alice   21u  IPv4  98765      0t0  TCP 127.0.0.1:18790 (LISTEN)"),
        ("openclaw gateway status", "Gateway: bind=loopback (127.0.0.1), port=18789 (env/config)\nRuntime: running (pid 4242, state active, sub running, last exit 0, reason 0)\nRPC probe: ok"),
    ]

    static let prose = [
        "I started the gateway and it says another instance is running.", "Steps to reproduce:",
        "Thanks for looking into this!", "Expected: it starts. Actual: exit 78.", "Here is my environment.",
        "**Windows version**: the latest one", "- OS: Windows 11 Pro", "- [x] WSL 2", "See the screenshot below.",
    ]
    static let headings = ["## Environment", "### Windows Version", "#### Logs", "## Actual Behavior"]
    static let noise = [
        ["$ ping -c1 example.org", "PING example.org (93.184.216.34) 56(84) bytes of data.", "64 bytes from 93.184.216.34: icmp_seq=1 ttl=56 time=11.2 ms"],
        ["user@box:~$ curl -sI http://127.0.0.1:18789/healthz", "HTTP/1.1 200 OK", "content-length: 2"],
        ["┌──(kali㉿kali)-[~]", "└─$ ls", "Desktop  Documents"],
    ]

    static func prompt(_ command: String, style: Int) -> [String] {
        switch style {
        case 0: return ["$ " + command]
        case 1: return ["user@box:~$ " + command]
        case 2: return ["┌──(root㉿kali)-[~]", "└─# " + command]
        case 3: return ["box % " + command]
        case 4: return ["\u{276F} " + command]
        case 5: return ["[root@box ~]# " + command]
        default: return [command]   // bare, inside a fence only
        }
    }

    static func render(_ generator: inout SeededGenerator) -> String {
        var lines: [String] = []
        func noiseLines() {
            for _ in 0..<Int.random(in: 0...3, using: &generator) {
                switch Int.random(in: 0..<4, using: &generator) {
                case 0: lines += [Self.prose.randomElement(using: &generator)!, ""]
                case 1: lines += ["", Self.headings.randomElement(using: &generator)!, ""]
                case 2: lines += ["```"] + Self.noise.randomElement(using: &generator)! + ["```", ""]
                default: lines.append("")
                }
            }
        }
        for block in Self.blocks {
            noiseLines()
            let fence = ["```", "```bash", "~~~", "```console", nil].randomElement(using: &generator)!
            let style = Int.random(in: 0...(fence == nil ? 5 : 6), using: &generator)
            if let fence { lines.append(fence) }
            lines += Self.prompt(block.command, style: style)
            lines += block.output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if let fence { lines.append(fence.hasPrefix("~") ? "~~~" : "```") }
            lines.append("")
        }
        noiseLines()
        return lines.joined(separator: "\n")
    }

    @Test("property: the same command blocks interleaved with random markdown, prose and prompts give the same facts")
    func interleavedGivesSameFacts() {
        var reference = ""
        for block in Self.blocks { reference += "```\n$ \(block.command)\n\(block.output)\n```\n" }
        let expected = IssueReportReader.read(text: reference, file: "body.md")
        #expect(expected.facts.warnings.isEmpty, "\(expected.facts.warnings)")
        // Every block but the openclaw CLI output's goes into a section; that one is read for what it states.
        #expect(expected.blocks.filter { $0.kind.section != nil }.count == Self.blocks.count - 1)
        // The openclaw CLI output's statements (a prose line such as `**Windows version**: 10.0.22631` is an issue-form
        // field, stated on its own).
        func cliStated(_ reading: IssueReportReader.Reading) -> [String] {
            reading.blocks.filter { $0.kind == .openclawCLI }.flatMap(\.stated).map { "\($0.fact)=\($0.value)" }
        }
        let stated = cliStated(expected)
        #expect(stated == ["bind=loopback", "port=18789", "runtime=running", "pid=4242", "rpc-probe=ok"], "\(stated)")
        for seed in UInt64(1)...200 {
            var generator = SeededGenerator(seed: seed)
            let body = Self.render(&generator)
            let reading = IssueReportReader.read(text: body, file: "body.md")
            #expect(reading.facts.warnings.isEmpty, "seed \(seed): \(reading.facts.warnings)\n\(body)")
            var facts = reading.facts
            facts.warnings = expected.facts.warnings
            #expect(facts == expected.facts, "seed \(seed):\n\(body)")
            #expect(cliStated(reading) == stated, "seed \(seed):\n\(body)")
            if facts != expected.facts { break }
        }
    }
}
