import Testing
@testable import NetProbe
import TestSupport

/// Output pasted with numbers in front of its lines (a markdown ordered list, `cat -n`, a viewer's line numbers),
/// a command and its output on one list line, and a kernel release in prose (bench/triage-eval: microsoft/WSL 6596).
@Suite("Triage: numbered pastes, inline outputs, releases in prose")
struct TriageNumberedPasteTests {
    static let ipAddr = [
        "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000",
        "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00",
        "    inet 127.0.0.1/8 scope host lo",
        "2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP group default qlen 1000",
        "    link/ether 00:15:5d:aa:bb:cc brd ff:ff:ff:ff:ff:ff",
        "    inet 172.21.61.6/20 brd 172.21.63.255 scope global eth0",
    ]

    static func numbered(_ lines: [String], from start: Int, style: Int) -> [String] {
        lines.enumerated().map { offset, line in
            let n = start + offset
            switch style {
            case 0: return String(repeating: " ", count: max(0, 6 - String(n).count)) + "\(n)\t" + line  // cat -n
            case 1: return "\(n) | " + line
            case 2: return String(repeating: " ", count: max(1, 4 - String(n).count)) + "\(n) " + line  // less -N
            default: return "\(n). " + line  // an ordered markdown list
            }
        }
    }

    @Test("property: `ip addr` numbered in any of the four styles, from any start, reads as the same addresses as unnumbered")
    func numberedIpAddr() throws {
        let plain = IssueReportReader.read(text: "$ ip addr\n" + Self.ipAddr.joined(separator: "\n"), file: "p.md")
        let expected = try #require(plain.facts.addresses)
        var generator = SeededGenerator(seed: 6596)
        for style in 0...3 {
            for _ in 0..<5 {
                let start = Int.random(in: 1...400, using: &generator)
                let text = "$ ip addr\n" + Self.numbered(Self.ipAddr, from: start, style: style).joined(separator: "\n")
                let reading = IssueReportReader.read(text: text, file: "n.md")
                #expect(reading.facts.addresses == expected, "style \(style) from \(start):\n\(text)")
            }
        }
    }

    @Test("property: NumberedLines.strip removes a run's numbers and nothing else; lines that do not count up by one stay verbatim")
    func stripIsExact() {
        var generator = SeededGenerator(seed: 3)
        let samples = ["      1061        1160", "     50000       50059     *", "22 27 0:21 / /sys rw,nosuid - sysfs sysfs rw",
                       "  TCP    0.0.0.0:135            host:0                LISTENING", "0:\tfrom all lookup local",
                       "  NAME      STATE           VERSION", "", "    inet 127.0.0.1/8 scope host lo", "1. open shell"]
        for _ in 0..<500 {
            let lines = (0..<Int.random(in: 1...12, using: &generator)).map { _ in samples.randomElement(using: &generator)! }
            let source = lines.enumerated().map { SourceLine(number: $0.offset + 1, text: $0.element) }
            // Unnumbered: unchanged (the samples' own numbers never count up by one over three lines).
            #expect(NumberedLines.strip(source) == source, "\(lines)")
            for style in 0...2 where lines.count >= NumberedLines.minimumRun {
                let numbered = Self.numbered(lines, from: Int.random(in: 1...99_000, using: &generator), style: style)
                let stripped = NumberedLines.strip(numbered.enumerated().map { SourceLine(number: $0.offset + 1, text: $0.element) })
                #expect(stripped.map(\.text) == lines, "style \(style): \(numbered)")
            }
        }
        // Two lines are no run; mount ids counting up without padding are no line numbers.
        let two = [SourceLine(number: 1, text: "1\tx"), SourceLine(number: 2, text: "2\ty")]
        #expect(NumberedLines.strip(two) == two)
        let mounts = (22...25).map { SourceLine(number: $0, text: "\($0) 27 0:21 / /sys rw - sysfs sysfs rw") }
        #expect(NumberedLines.strip(mounts) == mounts)
    }

    @Test("a list item with a command and its output on one line (`7. \\`ip a | grep eth0\\` -> 2: eth0: <...>`) is that command's block")
    func commandThenOutput() throws {
        let text = """
            6. run wsl to login to Ubuntu
            7. `ip a | grep eth0` -> 2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP group default qlen 1000
                inet 172.21.61.6/20 brd 172.21.63.255 scope global eth0
            8. run `sudo service apache2 start`
            """
        let reading = IssueReportReader.read(text: text, file: "l.md")
        let block = try #require(reading.blocks.first { $0.kind == .ipAddr })
        #expect(block.found == .command && block.command == "ip a | grep eth0" && block.firstLine == 2 && block.lastLine == 3, "\(block)")
        let addresses = try #require(reading.facts.addresses)
        #expect(addresses.contains { $0.local == "172.21.61.6" && $0.prefixLength == 20 && $0.interface == "eth0" }, "\(addresses)")
        // A code span without an arrow after it is prose (the command is not run here).
        #expect(TriageLine.commandThenOutput(["run", "`sudo", "service", "apache2", "start`"]) == nil)
        #expect(TriageLine.commandThenOutput(["`uname", "-r`", "->", "5.15.146.1-microsoft-standard-WSL2"])?.command == ["uname", "-r"])
    }

    @Test("a kernel release in a prose sentence is the reporter's claim (`kernel release named in prose` -> wsl-form), never `uname -r`'s answer")
    func proseRelease() throws {
        let reading = IssueReportReader.read(text: "I'm running WSL with kernel `5.15.146.1-microsoft-standard-WSL2`, and the gateway never starts.\n", file: "k.md")
        #expect(reading.blocks.map(\.kind) == [.proseRelease], "\(reading.blocks)")
        #expect(reading.facts.osRelease == nil)
        #expect(reading.facts.wslForm == "kernel 5.15.146.1-microsoft-standard-WSL2")
        let verdict = Classifier.classify(reading.facts)
        #expect(verdict.kind == .wsl2 && verdict.confidence == .low, "\(verdict.summary)")
        #expect(verdict.evidence.contains { $0.signal == "wsl.prose-kernel" && $0.observed.contains("not `uname -r`'s output") })
        // `uname -r` is still asked: the paste does not hold its answer.
        #expect(DecidingFacts.missing(reading.facts, verdict: verdict).contains { $0.command == "uname -r" })
        // WSL1's release in prose says WSL1; with a checked WSL 2 box it contradicts: no claim counts.
        let wsl1 = IssueReportReader.read(text: "my kernel is 4.4.0-19041-Microsoft.\n", file: "w.md")
        #expect(Classifier.classify(wsl1.facts).kind == .wsl1)
        let both = IssueReportReader.read(text: "### Are you using WSL 1 or WSL 2?\n\n- [x] WSL 2\n\nmy kernel is 4.4.0-19041-Microsoft.\n", file: "b.md")
        #expect(Classifier.classify(both.facts).kind == .unknown, "\(Classifier.classify(both.facts).summary)")
        // The bare release on its own line (what `uname -r` prints) is still `uname -r`'s.
        let bare = IssueReportReader.read(text: "5.15.146.1-microsoft-standard-WSL2\n", file: "u.md")
        #expect(bare.facts.osRelease != nil)
    }
}
