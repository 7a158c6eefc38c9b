import Foundation
import Testing
import TestSupport
@testable import NetProbe
import NetProbeLive
#if canImport(Glibc)
import Glibc
#endif

/// Issue 9 item 6 and issue 10 item 8: reading and redacting a capture costs what it weighs. Every section kind is
/// read and redacted in time linear in its size (measured as a ratio, never against a wall clock), a source larger
/// than the limits is cut with a warning naming the section and the limit. The whole doctor on a 16 MB capture of
/// every kind (time and memory) is `CaptureBoundedCostTests` (IntegrationTests).
@Suite("Capture limits and linear cost", .serialized)
struct CaptureLimitsTests {
    /// Reads, classifies and redacts, as `--snapshot --redact` and `capture` do.
    static func readAndRedact(_ text: String) -> MachineFacts {
        let facts = CaptureReader.parse(text: text, file: "big.txt")
        _ = Classifier.classify(facts)
        let redactor = Redactor(key: 1, learningFrom: facts)
        let redacted = redactor.redact(facts)
        _ = CaptureWriter.write(redacted)
        return facts
    }

    /// CPU seconds the calling thread spent in `body` (`CLOCK_THREAD_CPUTIME_ID`): time the thread was preempted
    /// by the rest of a loaded machine does not count (wall-clock ratios failed under load: 0.19 s against 0.014 s).
    static func seconds(_ body: () -> Void) -> Double {
        func now() -> Double {
            var spec = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
            return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
        }
        let start = now()
        body()
        return now() - start
    }

    /// The best thread CPU time of `runs` runs of `body`, so a busy machine's pauses do not count.
    static func best(_ runs: Int, _ body: () -> Void) -> Double {
        (0..<runs).map { _ in seconds(body) }.min() ?? 0
    }

    /// Expects 4 times the input to cost at most 9 times the time (+50 ms of fixed cost): linear work gives about
    /// 4, quadratic work 16. `largeRuns` is smaller for sizes where a regression costs minutes a run.
    static func expectLinear(_ what: String, small: () -> Void, large: () -> Void, largeRuns: Int = 3,
                             sourceLocation: SourceLocation = #_sourceLocation) {
        let t1 = best(3, small), t4 = best(largeRuns, large)
        #expect(t4 <= 9 * t1 + 0.05, "\(what): \(t1) s for N, \(t4) s for 4N", sourceLocation: sourceLocation)
    }

    @Test("every section kind: reading and redacting 4N bytes costs about 4 times N bytes (linear, not quadratic)",
          arguments: FactSection.allCases)
    func linear(kind: FactSection) {
        let small = LargeCapture.capture(kind, bytes: 32 * 1024)
        let large = LargeCapture.capture(kind, bytes: 4 * 32 * 1024)
        Self.expectLinear("\(kind.rawValue), 32 KiB", small: { _ = Self.readAndRedact(small) }, large: { _ = Self.readAndRedact(large) })
    }

    /// Input shapes no real tool prints but a paste or an attacker can: each must cost linear time too.
    static let hostileShapes: [(name: String, make: @Sendable (Int) -> String)] = [
        ("a run of CRs without a line end", { "### hosts\n" + String(repeating: "\r", count: $0) + "x\n" }),
        ("CR CR LF line ends", { "### hosts\n" + String(repeating: "h\r\r\r\n", count: $0 / 5) }),
        ("one long line", { "### mountinfo\n" + String(repeating: "a", count: $0) }),
        ("one long ip-addr line", { "### ip-addr\n1: " + String(repeating: "e", count: $0) + ": <UP> mtu 1500\n" }),
        ("blank lines", { "### ip-route\n" + String(repeating: "\n", count: $0) }),
        ("repeated headers", { String(repeating: "### hosts\nx\n", count: $0 / 12) }),
        ("unknown sections", { (0..<($0 / 16)).map { "### s\($0)\nx\n" }.joined() }),
        ("one long JSON array", { "### ip-route\n[" + String(repeating: "{},", count: $0 / 3) + "{}]\n" }),
        // The other forms people paste: `ip -br addr`, `ifconfig`, `ip -j addr`.
        ("ip -br addr", { n in
            "### ip-addr\n" + (0..<(n / 48)).map { "veth\($0)   UP   10.\($0 >> 8 & 255).\($0 & 255).1/24 fe80::\(String($0, radix: 16))/64\n" }.joined()
        }),
        ("ifconfig", { n in
            "### ip-addr\n" + (0..<(n / 200)).map {
                "eth\($0): flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500\n        inet 10.\($0 >> 8 & 255).\($0 & 255).1  netmask 255.255.255.0  broadcast 10.0.0.255\n        ether 02:00:00:00:\(String($0 >> 8 & 255, radix: 16)):\(String($0 & 255, radix: 16))  txqueuelen 1000  (Ethernet)\n\n"
            }.joined()
        }),
        ("ip -j addr", { n in
            "### ip-addr\n[" + (0..<(n / 120)).map {
                #"{"ifindex":\#($0 + 1),"ifname":"veth\#($0)","flags":["UP"],"addr_info":[{"family":"inet","local":"10.\#($0 >> 8 & 255).\#($0 & 255).1","prefixlen":24}]}"#
            }.joined(separator: ",") + "]\n"
        }),
    ]

    @Test("hostile shapes (CR runs, one long line, blank lines, repeated or unknown headers) cost linear time",
          arguments: 0..<hostileShapes.count)
    func hostileLinear(index: Int) {
        let shape = Self.hostileShapes[index]
        let small = shape.make(16 * 1024), large = shape.make(4 * 16 * 1024)
        Self.expectLinear("\(shape.name), 16 KiB", small: { _ = Self.readAndRedact(small) }, large: { _ = Self.readAndRedact(large) })
    }

    @Test("triage: one pasted block of many lines costs linear time")
    func triageLongBlock() {
        // Lines, not bytes: a copy of the block per line (the regression) costs lines squared.
        let make = { (lines: Int) in "```\n$ ip a\n" + String(repeating: "    link/ether 02:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff\n", count: lines) + "```\n" }
        let small = make(8_000), large = make(32_000)
        Self.expectLinear("8,000 lines", small: { _ = IssueReportReader.read(text: small, file: "issue.md") },
                          large: { _ = IssueReportReader.read(text: large, file: "issue.md") }, largeRuns: 2)
    }

    @Test("loopback routing: a rule per table and a route per table cost linear time (a lookup per rule reads its table only)")
    func rulesTimesRoutes() {
        let make = { (n: Int) in
            CaptureReader.parse(text: "### osrelease\n5.15.153.1-microsoft-standard-WSL2\n### ip-rule\n"
                + (0..<n).map { "\($0 + 1):\tfrom all lookup \(1000 + $0)\n" }.joined() + "### ip-route\n"
                + (0..<n).map { "10.\($0 >> 8 & 255).\($0 & 255).0/24 dev eth0 table \(1000 + $0)\n" }.joined(), file: "c")
        }
        let small = make(2_000), large = make(8_000)
        #expect(small.rules?.count == 2_000 && large.routes?.count == 8_000)
        // The walk of the policy rules for 127.0.0.1 (`net.loopback-routing`) looks a route up per rule.
        Self.expectLinear("2,000 rules and routes", small: { _ = LoopbackRouting.analyze(small) },
                          large: { _ = LoopbackRouting.analyze(large) }, largeRuns: 2)
    }

    @Test("warnings of a capture are bounded in all, and the report says how many were left out")
    func warningCapPerCapture() {
        let facts = CaptureReader.parse(text: String(repeating: "### hosts\nx\n", count: 1000), file: "c")
        #expect(facts.warnings.count == CaptureLimits.warningsPerCapture + 1)
        #expect(facts.warnings.last?.message == "\(999 - CaptureLimits.warningsPerCapture) more warnings in this capture are not shown (at most 200 a capture)")
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
        let dir = TestDirectory.make("caplimit")
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
