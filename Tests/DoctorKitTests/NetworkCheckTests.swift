@testable import DoctorKit
import Foundation
import Gateway
import NetProbe
import Testing
import TestSupport

/// `net.loopback` and `net.loopback-routing` over fixture captures and edited facts.
@Suite("Doctor network checks")
struct NetworkCheckTests {
    typealias T = DoctorTestInputs

    @Test("net.loopback: ok with both addresses, info without ::1, fail when lo is down, missing, or has no 127.0.0.1")
    func loopbackStates() throws {
        let id = "net.loopback"
        let ok = T.run(id, T.inputs(try T.facts("native-debian.txt")))
        #expect(ok.status == .ok)
        #expect(ok.data["ipv4"] == .bool(true) && ok.data["ipv6"] == .bool(true))

        var noV6 = try T.live("native-debian.txt")
        noV6.addresses = noV6.addresses?.filter { $0.local != "::1" }
        #expect(T.run(id, T.inputs(noV6)).status == .info)

        var down = try T.live("native-debian.txt")
        down.links = down.links?.map { l in
            var l = l
            if l.name == "lo" { l.flags.removeAll { $0 == "UP" } }
            return l
        }
        let downResult = T.run(id, T.inputs(down))
        #expect(downResult.status == .fail && downResult.title == "lo is down")
        #expect(downResult.fix?.contains("ip link set lo up") == true)

        var no4 = try T.live("native-debian.txt")
        no4.addresses = no4.addresses?.filter { $0.local != "127.0.0.1" }
        #expect(T.run(id, T.inputs(no4)).title == "lo has no 127.0.0.1")

        var noLo = try T.live("native-debian.txt")
        noLo.links = noLo.links?.filter { $0.name != "lo" }
        #expect(T.run(id, T.inputs(noLo)).status == .fail)
        // The same facts from a capture: a partial paste, not proof.
        noLo.origin = .capture(path: "x.txt")
        #expect(T.run(id, T.inputs(noLo)).status == .skip)

        var unknown = try T.live("native-debian.txt")
        unknown.links = nil
        let skip = T.run(id, T.inputs(unknown))
        #expect(skip.status == .skip && skip.data["reason"] != nil)
    }

    @Test("net.loopback: the /etc/hosts order of localhost, comments and tabs ignored")
    func hostsOrder() {
        let text = "# c\n::1\tlocalhost ip6-localhost\n127.0.0.1 localhost # x\n10.0.0.1 box # localhost\n\n127.0.1.1\thost\n"
        #expect(HostsFile.localhostOrder(text) == ["::1", "127.0.0.1"])
        #expect(HostsFile.localhostOrder(nil) == [])
    }

    @Test("net.loopback-routing: ok inside Linux, info under mirrored, warn when the plan still probes loopback")
    func routingStates() throws {
        let id = "net.loopback-routing"
        let nat = T.run(id, T.inputs(try T.facts("wsl2-nat.txt")))
        #expect(nat.status == .ok && nat.data["leavesLinux"] == .bool(false))
        let mirrored = T.run(id, T.inputs(try T.facts("wsl2-mirrored-full.txt")))
        #expect(mirrored.status == .info && mirrored.data["leavesLinux"] == .bool(true))
        #expect(mirrored.title.contains("loopback0"))
        let forced = T.run(id, T.inputs(try T.facts("wsl2-mirrored-full.txt"), T.configuration(instanceCheck: .loopbackProbe)))
        #expect(forced.status == .warn)
        #expect(forced.fix?.contains("--instance-check") == true)
        let unknown = T.run(id, T.inputs(try T.facts("wsl2-mirrored-fragment-wsl12548.txt")))
        #expect(unknown.status == .skip && unknown.data["reason"] != nil)
    }

    @Test("net.loopback-routing: a port in ignoredPorts or in the ephemeral range warns with a fix")
    func routingPorts() throws {
        let id = "net.loopback-routing"
        var facts = try T.facts("wsl2-mirrored-full.txt")
        facts.wslconfig = WslConfigFile(path: "/mnt/c/Users/u/.wslconfig", text: "[wsl2]\nnetworkingMode=mirrored\n[experimental]\nignoredPorts=18789\n")
        let ignored = T.run(id, T.inputs(facts))
        #expect(ignored.status == .warn)
        #expect(ignored.detail.contains { $0.contains("ignoredPorts") })
        #expect(ignored.fix?.contains("ignoredPorts") == true)

        var ranged = try T.facts("native-debian.txt")
        ranged.sysctls = (ranged.sysctls ?? [:]).merging(["net.ipv4.ip_local_port_range": "10000 20000"]) { _, new in new }
        let inRange = T.run(id, T.inputs(ranged))
        #expect(inRange.status == .warn)
        #expect(inRange.data["ipLocalPortRange"] == [10000, 20000])
        let outside = T.run(id, T.inputs(ranged, T.configuration(port: 21000)))
        #expect(outside.status == .ok)
    }
}
