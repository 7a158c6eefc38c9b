@testable import DoctorKit
import Foundation
import Gateway
import NetProbe
import Testing
import TestSupport

/// Items 1-4 of issue 12: the report never claims what the facts do not hold, cites where each fact came from,
/// and no check contradicts the verdict.
@Suite("Report truth: absent is not none, citations, no contradictions")
struct ReportTruthTests {
    typealias T = DoctorTestInputs

    static func capture(_ text: String) -> MachineFacts { CaptureReader.parse(text: text, file: "/t/report.txt") }

    static func report(_ facts: MachineFacts) -> DoctorReport {
        let configuration = T.configuration(ipv6: facts.ipv6LoopbackAvailable)
        return Doctor.report(facts: facts, configuration: configuration, live: .none("test"))
    }

    static func text(_ result: CheckResult) -> String { ([result.title] + result.detail + [result.fix ?? ""]).joined(separator: "\n") }

    @Test("item 1: a capture without a wslconfig section is 'not in the facts', not 'no .wslconfig found: NAT'")
    func absentIsNotNone() {
        let facts = Self.capture("### osrelease\n5.15.167.4-microsoft-standard-WSL2\n")
        let result = T.run("env.wsl.requested-vs-effective", T.inputs(facts))
        #expect(result.status == .skip)
        #expect(result.title.contains("not in the facts"), "\(result.title)")
        #expect(!Self.text(result).contains("NAT unless"), "\(Self.text(result))")
        let keys = T.run("env.wsl.config-keys", T.inputs(facts))
        #expect(keys.title.contains("not in the facts"), "\(keys.title)")
    }

    @Test("item 1: paths-checked listing a .wslconfig path is 'looked and absent'; live looks under /mnt/c/Users")
    func lookedAndAbsent() {
        let facts = Self.capture("""
            ### osrelease
            5.15.167.4-microsoft-standard-WSL2
            ### paths
            ### paths-checked
            /mnt/c/Users/someone/.wslconfig
            """)
        let result = T.run("env.wsl.requested-vs-effective", T.inputs(facts))
        #expect(result.status == .info)
        #expect(result.detail == ["looked under /mnt/c/Users/someone/.wslconfig"])
        // Live facts are held to the same rule: a search that did not finish records nothing, so nothing is claimed.
        var live = Self.capture("### osrelease\n5.15.167.4-microsoft-standard-WSL2\n")
        live.origin = .live
        #expect(live.wslconfigLookedFor == nil)
        live.paths.checked = [FactSection.wslconfig.liveSource]
        #expect(live.wslconfigLookedFor == FactSection.wslconfig.liveSource)
    }

    @Test("item 4: looked, none found, machine mirrored: never 'WSL uses NAT'")
    func noNATClaimWhenMirrored() throws {
        var facts = try T.facts("wsl2-mirrored-full.txt")
        facts.wslconfig = nil
        facts.paths.checked = (facts.paths.checked ?? []).union(["/mnt/c/Users/u/.wslconfig"])
        let inputs = T.inputs(facts)
        #expect(inputs.verdict.wslNetworkingMode == .mirrored)
        let result = T.run("env.wsl.requested-vs-effective", inputs)
        #expect(result.title.contains("mirrored"), "\(result.title)")
        #expect(!Self.text(result).lowercased().contains("uses nat"), "\(result.title)")
    }

    @Test("item 2: an ip-addr paste without lo keeps ::1 in the plan; lo without ::1 (IPv6 shown) or disable_ipv6 drops it")
    func ipv6OnlyWhenShownMissing() {
        let eth0Only = Self.capture("""
            ### ip-addr
            2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP group default qlen 1000
                inet 172.20.153.142/20 brd 172.20.159.255 scope global eth0
            """)
        #expect(eth0Only.ipv6LoopbackAvailable)
        let plan = Self.report(eth0Only).plan
        guard case .array(let binds)? = plan["bindAddresses"] else {
            Issue.record("no bindAddresses in \(plan)")
            return
        }
        #expect(binds.compactMap(\.stringValue).contains("::1"), "\(plan)")
        let loNo6 = Self.capture("""
            ### ip-addr
            1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
                inet 127.0.0.1/8 scope host lo
            2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP group default qlen 1000
                inet6 fe80::215:5dff:fe45:a2ee/64 scope link
            """)
        #expect(!loNo6.ipv6LoopbackAvailable)
        let disabled = Self.capture("### sysctl\nnet.ipv6.conf.all.disable_ipv6 = 1\n")
        #expect(!disabled.ipv6LoopbackAvailable)
    }

    @Test("item 3: only ip-link: net.loopback reads lo from [### ip-link] and evidence cites ip-link")
    func citesIPLink() {
        let facts = Self.capture("""
            ### ip-link
            1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000
                link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
            2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP mode DEFAULT group default qlen 1000
                link/ether 00:15:5d:45:a2:ee brd ff:ff:ff:ff:ff:ff
            """)
        let inputs = T.inputs(facts)
        let result = T.run("net.loopback", inputs)
        #expect(result.status == .skip, "\(result.title)")
        #expect(result.title.contains("lo is up"), "\(result.title)")
        #expect(!result.title.contains("no links or addresses"))
        #expect(Self.text(result).contains("[### ip-link]"), "\(Self.text(result))")
        for evidence in inputs.verdict.evidence where evidence.signal.hasPrefix("netlink.") {
            #expect(!evidence.source.contains("[### ip-addr]"), "\(evidence.signal) cites \(evidence.source)")
        }
    }

    @Test("item 3: only ip-route with the table-127 route: net.loopback-routing says what it read, citing ip-route")
    func citesIPRoute() {
        let facts = Self.capture("""
            ### ip-route
            127.0.0.1 via 169.254.73.249 dev loopback0 table 127 proto kernel onlink
            """)
        let inputs = T.inputs(facts)
        #expect(inputs.verdict.evidence.contains { $0.signal == "netlink.table127" })
        let result = T.run("net.loopback-routing", inputs)
        #expect(result.status == .info, "\(result.title)")
        #expect(!result.title.contains("no rules or routes"))
        #expect(Self.text(result).contains("[### ip-route]"), "\(Self.text(result))")
        #expect(Self.text(result).contains("ip rule"), "asks for the rules: \(Self.text(result))")
    }

    /// Phrases a check may use only when the verdict agrees.
    static func contradictions(_ report: DoctorReport) -> [String] {
        var found: [String] = []
        let v = report.environment
        let mode = v.kind == .wsl2 ? (v.wslNetworkingMode ?? .unknown) : nil
        for check in report.checks where check.id != "env.classification" {
            let text = Self.text(check).lowercased()
            if mode != .nat && mode != .unknown && text.contains("wsl uses nat") {
                found.append("\(check.id) says WSL uses NAT under \(v.summary)")
            }
            if mode == WSLNetworkingMode.none, v.confidence != .high, text.contains("in none mode") {
                found.append("\(check.id) states none flatly under \(v.summary)")
            }
            if let effective = check.data["effective"]?.stringValue, let mode, effective != mode.rawValue {
                found.append("\(check.id) says effective \(effective) under \(v.summary)")
            }
            if v.kind != .wsl2, check.id.hasPrefix("env.wsl."), check.status != .skip {
                found.append("\(check.id) is \(check.status) although the verdict is \(v.kind)")
            }
            if check.id == "net.loopback-routing", mode == .mirrored, v.confidence == .high,
               check.data["leavesLinux"] == .bool(false) {
                found.append("net.loopback-routing: loopback stays in Linux under \(v.summary)")
            }
        }
        return found
    }

    @Test("item 4: over every fixture (and each with its .wslconfig and wslinfo dropped), no check contradicts the verdict")
    func noContradictionsEveryFixture() throws {
        #expect(T.allFixtureNames.count > 20)
        for name in T.allFixtureNames {
            let facts = try T.facts(name)
            var thinned = facts
            thinned.wslconfig = nil
            thinned.wslinfo = nil
            for variant in [facts, thinned] {
                let report = Self.report(variant)
                #expect(Self.contradictions(report).isEmpty, "\(name): \(Self.contradictions(report))")
            }
        }
    }

    @Test("item 4: a hedged none (mirrored requested) is never stated flatly")
    func hedgedNone() throws {
        let facts = try T.facts("wsl2-none-mirrored-requested.txt")
        let report = Self.report(facts)
        #expect(report.environment.wslNetworkingMode == WSLNetworkingMode.none)
        let check = try #require(report.checks.first { $0.id == "env.wsl.requested-vs-effective" })
        if report.environment.confidence != .high {
            #expect(check.title.contains("mirrored that failed"), "\(check.title)")
        }
    }
}
