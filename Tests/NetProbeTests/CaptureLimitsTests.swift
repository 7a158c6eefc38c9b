import Foundation
import Testing
import TestSupport
@testable import NetProbe
#if canImport(Glibc)
import Glibc
#endif

/// Issue 9 item 6 and issue 10 item 8: reading and redacting a capture costs what it weighs. Every section kind is
/// read and redacted in time linear in its size (measured as a ratio, never against a wall clock), a source larger
/// than the limits is cut with a warning naming the section and the limit, and memory stays bounded.
@Suite("Capture limits and linear cost", .serialized)
struct CaptureLimitsTests {
    /// A realistic line `i` of section `kind` (distinct names and addresses, as an ad-block hosts file or a machine
    /// with thousands of links has them). Sections added later get generic text lines.
    static func line(_ kind: FactSection, _ i: Int) -> String {
        let a = (i >> 16) & 0xff, b = (i >> 8) & 0xff, c = i & 0xff
        switch kind {
        case .env: return i % 3 == 0 ? "WSL_VAR_\(i)=value \(i)" : "garbage line \(i) without equals"
        case .paths, .pathsChecked: return "/run/path/\(i)"
        case .cgroup: return "\(i):name=systemd:/user.slice/user-1000.slice/session-\(i).scope"
        case .mountinfo: return "\(i) 1 0:\(i) / /mnt/m\(i) rw,relatime - 9p C:\\134Users\\134user\(i)\\134x rw"
        case .ipLink:
            return "\(i + 1): veth\(i)@if\(i + 2): <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default\n"
                + "    link/ether 02:\(hexByte(UInt8(a))):\(hexByte(UInt8(b))):\(hexByte(UInt8(c))):00:01 brd ff:ff:ff:ff:ff:ff"
        case .ipAddr:
            return "\(i + 1): veth\(i)@if\(i + 2): <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default\n"
                + "    link/ether 02:\(hexByte(UInt8(a))):\(hexByte(UInt8(b))):\(hexByte(UInt8(c))):00:01 brd ff:ff:ff:ff:ff:ff\n"
                + "    inet 10.\(a).\(b).\(c)/24 brd 10.\(a).\(b).255 scope global veth\(i)\n"
                + "       valid_lft forever preferred_lft forever"
        case .ipRoute: return "10.\(a).\(b).0/24 via 10.\(a).\(b).\(c) dev veth\(i) proto kernel scope link src 10.\(a).\(b).\(c)"
        case .ipRule: return "\(i % 32000):\tfrom 10.\(a).\(b).\(c) lookup \(i % 250 + 1)"
        case .ipRule6: return "\(i % 32000):\tfrom fd00::\(String(i, radix: 16)) lookup \(i % 250 + 1)"
        case .ipNeigh: return "10.\(a).\(b).\(c) dev eth0 lladdr 02:00:\(hexByte(UInt8(a))):\(hexByte(UInt8(b))):\(hexByte(UInt8(c))):01 REACHABLE"
        case .resolvConf: return i % 2 == 0 ? "nameserver 10.\(a).\(b).\(c)" : "search d\(i).example"
        case .hosts: return "0.0.0.0 ads\(i).tracker\(i).example # blocked \(i)"
        case .sysctl: return "net.ipv4.conf.veth\(i).rp_filter = \(i % 3)"
        case .wslconfig: return i % 50 == 0 ? "[wsl2]" : "key\(i)=value\(i)"
        case .procNetTCP:
            return "  \(i): 0100007F:\(String(format: "%04X", i & 0xffff)) 0B0114AC:D431 01 00000000:00000000 00:00:00000000 00000000  1000 0 \(i) 1"
        case .procNetTCP6:
            return "  \(i): 00000000000000000000000001000000:\(String(format: "%04X", i & 0xffff)) 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00:00000000 00000000 0 0 \(i) 1"
        default: return "Linux host\(i) 5.15.153.1-microsoft-standard-WSL2 #\(i) SMP user\(i)@host\(i) 10.\(a).\(b).\(c)"
        }
    }

    /// A capture holding one section of `kind` of about `bytes` bytes.
    static func capture(_ kind: FactSection, bytes: Int) -> String {
        var text = "# openclaw-capture v1\n### \(kind.rawValue)\n"
        text.reserveCapacity(bytes + 4096)
        var i = 0
        while text.utf8.count < bytes {
            text += line(kind, i) + "\n"
            i += 1
        }
        return text
    }

    /// Reads and redacts, as `--snapshot --redact` and `capture` do.
    static func readAndRedact(_ text: String) -> MachineFacts {
        let facts = CaptureReader.parse(text: text, file: "big.txt")
        let redactor = Redactor(key: 1, learningFrom: facts)
        let redacted = redactor.redact(facts)
        _ = CaptureWriter.write(redacted)
        return facts
    }

    static func seconds(_ body: () -> Void) -> Double {
        let clock = ContinuousClock()
        let elapsed = clock.measure(body)
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    static func maxRSSKilobytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss
    }

    @Test("every section kind: reading and redacting 4N bytes costs about 4 times N bytes (linear, not quadratic)",
          arguments: FactSection.allCases)
    func linear(kind: FactSection) {
        let small = Self.capture(kind, bytes: 32 * 1024)
        let large = Self.capture(kind, bytes: 4 * 32 * 1024)
        // The best of three runs each, so a busy machine's pauses do not count.
        let t1 = (0..<3).map { _ in Self.seconds { _ = Self.readAndRedact(small) } }.min() ?? 0
        let t4 = (0..<3).map { _ in Self.seconds { _ = Self.readAndRedact(large) } }.min() ?? 0
        // Linear work gives a ratio near 4; quadratic work gives 16. The margin absorbs noise and fixed costs.
        #expect(t4 <= 9 * t1 + 0.05, "\(kind.rawValue): \(t1) s for 32 KiB, \(t4) s for 128 KiB")
    }

    /// Reading and redacting 8 MiB per kind takes minutes in a debug build on a loaded 2-core machine, so this one
    /// runs when `NETPROBE_HEAVY_TESTS` is set (the linear-cost test above runs always).
    static let heavy = ProcessInfo.processInfo.environment["NETPROBE_HEAVY_TESTS"] != nil

    @Test("a 16 MB section of every kind is cut at the section limit with a warning naming it, in bounded memory",
          .enabled(if: heavy, "set NETPROBE_HEAVY_TESTS=1"), arguments: FactSection.allCases)
    func huge(kind: FactSection) throws {
        let before = Self.maxRSSKilobytes()
        let text = Self.capture(kind, bytes: 16 * 1024 * 1024 - 4096)
        let facts = Self.readAndRedact(text)
        let cut = facts.warnings.filter { $0.section == kind.rawValue && $0.message.contains("(the limit)") }
        #expect(cut.count == 1, "\(kind.rawValue): \(facts.warnings.prefix(3))")
        #expect(cut.first?.message.contains("\(CaptureLimits.sectionBytes) bytes") == true
            || cut.first?.message.contains("\(CaptureLimits.sectionLines) lines") == true)
        #expect(facts.warnings.count <= CaptureLimits.warningsPerSection + 2, "\(kind.rawValue): warnings are bounded")
        let grown = Self.maxRSSKilobytes() - before
        // The 14 MB `env` section used 3.3 GB before the limits; 16 MB of text and its parse fit well under 1.5 GB.
        #expect(grown < 1_500_000, "\(kind.rawValue): max RSS grew by \(grown) KiB")
    }

    @Test("a section over the line limit is cut at the limit; the lines before it count")
    func lineLimit() {
        var text = "### hosts\n"
        for i in 0..<(CaptureLimits.sectionLines + 10) { text += "10.0.\(i >> 8 & 0xff).\(i & 0xff) h\(i)\n" }
        let facts = CaptureReader.parse(text: text, file: "c")
        #expect(facts.hosts?.split(separator: "\n").count == CaptureLimits.sectionLines)
        #expect(facts.warnings.contains { $0.section == "hosts" && $0.message.contains("more than \(CaptureLimits.sectionLines) lines (the limit)") })
    }

    @Test("warnings of a section are bounded, and the report says how many were left out")
    func warningCap() {
        var text = "### env\n"
        for i in 0..<1000 { text += "not a variable \(i)\n" }
        let facts = CaptureReader.parse(text: text, file: "c")
        #expect(facts.warnings.count == CaptureLimits.warningsPerSection + 1)
        #expect(facts.warnings.last?.message.hasPrefix("\(1000 - CaptureLimits.warningsPerSection) more warnings") == true)
    }

    @Test("a capture directory has a total limit: sections past it are skipped with a warning")
    func directoryTotal() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("caplimit-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let chunk = String(repeating: "x", count: 6 * 1024 * 1024)
        for name in ["cgroup", "mountinfo", "hosts"] { try chunk.write(toFile: dir + "/" + name, atomically: false, encoding: .utf8) }
        let facts = try CaptureReader.read(path: dir)
        #expect(facts.cgroup != nil && facts.mountinfo != nil)
        #expect(facts.hosts == nil)
        #expect(facts.warnings.contains { $0.section == "hosts" && $0.message.contains("\(CaptureLimits.captureBytes) bytes (the limit)") })
    }

    @Test("the live reader's text files are cut at the line limit with a warning")
    func liveLines() {
        let many = String(repeating: "x\n", count: CaptureLimits.sectionLines + 5)
        let (cut, wasCut) = CaptureLimits.cutLines(many)
        #expect(wasCut && cut.utf8.count == 2 * CaptureLimits.sectionLines)
        let exact = String(repeating: "x\n", count: CaptureLimits.sectionLines)
        #expect(CaptureLimits.cutLines(exact) == (exact, false))
    }
}
