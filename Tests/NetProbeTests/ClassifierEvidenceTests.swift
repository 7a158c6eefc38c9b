import Testing
import Foundation
import NetProbe

/// Evidence: where each item came from, what was literally seen, and how it bears on the verdict.
@Suite("Classifier evidence")
struct ClassifierEvidenceTests {
    @Test func captureSourcesNameTheFileAndSection() throws {
        let verdict = ClassifyMachines.mirrored.wslinfo("mirrored").wslconfig("[wsl2]\nnetworkingMode=nat").verdict
        for item in verdict.evidence {
            #expect(item.source.hasPrefix("built.txt [### "), "\(item.signal): \(item.source)")
        }
        let kernel = try #require(verdict.evidence.first { $0.signal == "kernel.release" })
        #expect(kernel.source == "built.txt [### osrelease]")
        #expect(kernel.observed == ClassifyMachines.wsl2Release)
        let rules = try #require(verdict.evidence.first { $0.signal == "netlink.rules" })
        #expect(rules.source == "built.txt [### ip-rule]")
        #expect(rules.observed.contains("1: from all ipproto tcp lookup 127"))
        #expect(rules.observed.contains("0: from all iif loopback0 ipproto tcp lookup local"))
        let mismatch = try #require(verdict.evidence.first { $0.signal == "wslconfig.mismatch" })
        #expect(mismatch.source == "built.txt [### wslconfig], line 2")
        #expect(mismatch.observed == "requested nat, effective mirrored")
    }

    @Test func liveSourcesNameTheKernelInterface() throws {
        let verdict = ClassifyMachines.mirrored.wslconfig("[wsl2]\nnetworkingMode=mirrored")
            .with { $0.origin = .live }.verdict
        let loopback0 = try #require(verdict.evidence.first { $0.signal == "netlink.loopback0" })
        #expect(loopback0.source == FactSection.ipAddr.liveSource)
        let wslconfig = try #require(verdict.evidence.first { $0.signal == "wslconfig.requested-mode" })
        #expect(wslconfig.source == "/mnt/c/Users/ana/.wslconfig, line 2")
        let kernel = try #require(verdict.evidence.first { $0.signal == "kernel.release" })
        #expect(kernel.source == "/proc/sys/kernel/osrelease")
    }

    @Test func mirroredEvidenceStances() throws {
        let verdict = ClassifyMachines.mirrored.verdict
        func item(_ signal: String) throws -> Evidence { try #require(verdict.evidence.first { $0.signal == signal }) }
        #expect(try item("netlink.loopback0").stance == .supports)
        #expect(try item("netlink.loopback0").claim == "mirrored")
        #expect(try item("netlink.loopback0").observed == "loopback0 (00:15:5d:4f:23:d9) without an IPv4 address")
        #expect(try item("netlink.table127").observed == "127.0.0.1 via 169.254.73.249 dev loopback0 table 127 proto kernel onlink")
        #expect(try item("netlink.loopback0-neighbour").stance == .supports)
        #expect(try item("sysctl.ip-local-port-range").observed.hasPrefix("net.ipv4.ip_local_port_range = 60536 64631"))
        #expect(try item("paths.wsl-networking-conf").stance == .supports)
        #expect(try item("dns.tunneling-address").stance == .neutral)
        #expect(!verdict.evidence.contains { $0.stance == .contradicts })
    }

    @Test func natEvidenceContradictsNothingAndRecordsTheUplink() throws {
        let verdict = ClassifyMachines.nat.verdict
        let uplink = try #require(verdict.evidence.first { $0.signal == "netlink.hyperv-uplink" })
        #expect(uplink.observed == "eth0 00:15:5d:7e:9a:31 172.29.201.94/20")
        #expect(uplink.claim == "nat")
        #expect(verdict.evidence.contains { $0.signal == "netlink.no-loopback0" && $0.stance == .supports })
        #expect(verdict.evidence.contains { $0.signal == "netlink.default-rules" && $0.stance == .supports })
    }

    @Test func signalsAgainstTheDecidedModeAreContradictions() throws {
        // loopback0 without IPv4, but the default rule set and a wide port range: mirrored, with two contradictions.
        let verdict = ClassifyMachines.wsl2Base.network([ClassifyNet.lo(), ClassifyNet.loopback0])
            .rules(ClassifyNet.defaultRules).sysctls([WatchedSysctl.localPortRange: "32768 60999"]).verdict
        #expect(verdict.wslNetworkingMode == .mirrored)
        let against = verdict.evidence.filter { $0.stance == .contradicts }.map(\.signal)
        #expect(Set(against) == ["netlink.default-rules", "sysctl.ip-local-port-range"])
        #expect(verdict.confidence == .low)
    }

    @Test func unknownModeRecordsNetlinkObservationsAsNeutral() {
        // Addresses without links: no MAC, so no NAT claim; noprefixroute alone decides nothing.
        let verdict = ClassifyMachines.wsl2Base
            .addressesOnly([ClassifyNet.v4("eth0", "192.168.1.23/24", flags: ["noprefixroute"])]).verdict
        #expect(verdict.wslNetworkingMode == .unknown)
        let netlink = verdict.evidence.filter { $0.signal.hasPrefix("netlink.") }
        #expect(netlink.map(\.signal) == ["netlink.noprefixroute"])
        #expect(netlink.allSatisfy { $0.stance == .neutral })
    }

    @Test func verdictEncodesAllFields() throws {
        let data = try JSONEncoder().encode(ClassifyMachines.mirrored.verdict)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["kind"] as? String == "wsl2")
        #expect(object["wslNetworkingMode"] as? String == "mirrored")
        #expect(object.keys.contains("container"))
        #expect((object["evidence"] as? [Any])?.isEmpty == false)
    }
}
