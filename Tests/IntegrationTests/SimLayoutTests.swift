import Foundation
import Testing
import TestSupport

/// Each layout of `scripts/wsl-sim` shows the netlink and file signature of the machine it plays, as seen by a
/// command run inside it.
@Suite("Simulator layouts")
struct SimLayoutTests {
    /// Commands whose output the signatures are checked against.
    static let probe = simSectionScript([
        "rule": "ip -j rule",
        "route": "ip -j route show table all",
        "neigh": "ip -j neigh",
        "addr": "ip -j addr",
        "version": "cat /proc/version",
        "osrelease": "cat /proc/sys/kernel/osrelease",
        "interop": "test -e /proc/sys/fs/binfmt_misc/WSLInterop && echo yes || echo no",
        "dockerenv": "test -e /.dockerenv && echo yes || echo no",
        "runwsl": "test -d /run/WSL && echo yes || echo no",
        "sysctlconf": "test -f /run/sysctl.d/wsl-networking.conf && echo yes || echo no",
        "simdir": "echo \"$SIM_DIR\"",
    ])

    static func probeLayout(_ layout: SimLayout) async throws -> [String: String] {
        let result = try await SimMachine.run(layout: layout, command: probe)
        #expect(result.status == 0, "\(result)")
        return simSections(result.stdout)
    }

    static func trimmed(_ text: String?) -> String {
        (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func links(_ addr: [SimJSONObject]) -> [String: SimJSONObject] {
        var result: [String: SimJSONObject] = [:]
        for link in addr { if let name = link["ifname"] as? String { result[name] = link } }
        return result
    }

    static func mac(_ link: SimJSONObject?) -> String {
        link?["address"] as? String ?? ""
    }

    static func ipv4(_ link: SimJSONObject?) -> [SimJSONObject] {
        let info = link?["addr_info"] as? [SimJSONObject] ?? []
        return info.filter { $0["family"] as? String == "inet" }
    }

    static func hostFile(_ path: String) -> String {
        (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }

    @Test("wsl2-mirrored: WSL's 0/1/2 rules, table 127, permanent neighbour, loopback0 without IPv4, WSL files",
          .enabled(if: Privilege.rootTestsEnabled, Privilege.rootSkipReason))
    func mirrored() async throws {
        try Privilege.requireRoot()
        let out = try await Self.probeLayout(.wsl2Mirrored)

        let rules = try simJSONArray(out["rule"], "ip -j rule").map(SimRule.init)
        #expect(rules == simMirroredRules, "rules: \(rules)")
        #expect(!rules.contains(SimRule(0, table: "local")), "0: from all lookup local must be gone")
        #expect(rules.allSatisfy { !$0.hasSelector })

        let routes = try simJSONArray(out["route"], "ip -j route show table all")
        let table127 = routes.filter { $0["table"] as? String == "127" }
        #expect(table127.count == 1, "table 127: \(table127)")
        let loopbackRoute = try #require(table127.first)
        #expect(loopbackRoute["dst"] as? String == "127.0.0.1")
        #expect(loopbackRoute["gateway"] as? String == "169.254.73.249")
        #expect(loopbackRoute["dev"] as? String == "loopback0")
        #expect(loopbackRoute["protocol"] as? String == "kernel")
        #expect((loopbackRoute["flags"] as? [String] ?? []).contains("onlink"))
        let defaultRoute = routes.first { $0["dst"] as? String == "default" && $0["table"] == nil }
        #expect(defaultRoute?["dev"] as? String == "eth0")
        #expect(defaultRoute?["protocol"] as? String == "kernel")

        let neighbours = try simJSONArray(out["neigh"], "ip -j neigh")
        let windows = neighbours.first { $0["dst"] as? String == "169.254.73.249" }
        #expect(windows?["dev"] as? String == "loopback0")
        #expect(windows?["lladdr"] as? String == "00:11:22:33:44:55")
        #expect((windows?["state"] as? [String] ?? []) == ["PERMANENT"])

        let links = Self.links(try simJSONArray(out["addr"], "ip -j addr"))
        #expect(Set(links.keys) == ["lo", "eth0", "loopback0"])
        #expect(Self.mac(links["loopback0"]).hasPrefix("00:15:5d:"))
        #expect(Self.ipv4(links["loopback0"]).isEmpty, "loopback0 must have no IPv4 address")
        #expect(!Self.mac(links["eth0"]).hasPrefix("00:15:5d:"))
        let eth0v4 = Self.ipv4(links["eth0"])
        #expect(eth0v4.count == 1)
        #expect(eth0v4.first?["noprefixroute"] as? Bool == true, "eth0 address needs noprefixroute: \(eth0v4)")

        #expect(Self.trimmed(out["version"]).contains("microsoft-standard-WSL2"))
        #expect(Self.trimmed(out["osrelease"]) == "5.15.153.1-microsoft-standard-WSL2")
        #expect(Self.trimmed(out["interop"]) == "yes")
        #expect(Self.trimmed(out["runwsl"]) == "yes")
        #expect(Self.trimmed(out["sysctlconf"]) == "yes")
        #expect(Self.trimmed(out["dockerenv"]) == "no")
        #expect(Self.trimmed(out["simdir"]).hasPrefix("/tmp/wsl-sim."))
    }

    @Test("wsl2-mirrored: loopback0 and port-range sysctls as WSL sets them",
          .enabled(if: Privilege.rootTestsEnabled, Privilege.rootSkipReason))
    func mirroredSysctls() async throws {
        try Privilege.requireRoot()
        let result = try await SimMachine.run(layout: .wsl2Mirrored, command: simSectionScript([
            "route_localnet": "cat /proc/sys/net/ipv4/conf/loopback0/route_localnet",
            "accept_local": "cat /proc/sys/net/ipv4/conf/loopback0/accept_local",
            "rp_filter": "cat /proc/sys/net/ipv4/conf/all/rp_filter",
            "range": "cat /proc/sys/net/ipv4/ip_local_port_range",
        ]))
        #expect(result.status == 0, "\(result)")
        let out = simSections(result.stdout)
        #expect(Self.trimmed(out["route_localnet"]) == "1")
        #expect(Self.trimmed(out["accept_local"]) == "1")
        #expect(Self.trimmed(out["rp_filter"]) == "0")
        let range = Self.trimmed(out["range"]).split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
        #expect(range == [60536, 64631])
        #expect(range.count == 2 && range[1] - range[0] + 1 == 4096, "a 4096-port block")
    }

    @Test("wsl2-nat: Hyper-V eth0 on a /20, default three rules, no loopback0, WSL2 kernel strings",
          .enabled(if: Privilege.rootTestsEnabled, Privilege.rootSkipReason))
    func nat() async throws {
        try Privilege.requireRoot()
        let out = try await Self.probeLayout(.wsl2NAT)

        let rules = try simJSONArray(out["rule"], "ip -j rule").map(SimRule.init)
        #expect(rules == simDefaultRules, "rules: \(rules)")
        let links = Self.links(try simJSONArray(out["addr"], "ip -j addr"))
        #expect(Set(links.keys) == ["lo", "eth0"])
        #expect(links["loopback0"] == nil)
        #expect(Self.mac(links["eth0"]).hasPrefix("00:15:5d:"))
        let v4 = Self.ipv4(links["eth0"])
        #expect(v4.first?["local"] as? String == "172.28.16.5")
        #expect(v4.first?["prefixlen"] as? Int == 20)
        let routes = try simJSONArray(out["route"], "ip -j route show table all")
        #expect(routes.contains { $0["table"] as? String == "127" } == false)
        let defaultRoute = routes.first { $0["dst"] as? String == "default" && $0["table"] == nil }
        #expect(defaultRoute?["gateway"] as? String == "172.28.16.1")
        #expect(try simJSONArray(out["neigh"], "ip -j neigh").contains { $0["dst"] as? String == "169.254.73.249" }
            == false)

        #expect(Self.trimmed(out["version"]).contains("5.15.153.1-microsoft-standard-WSL2"))
        #expect(Self.trimmed(out["osrelease"]) == "5.15.153.1-microsoft-standard-WSL2")
        #expect(Self.trimmed(out["interop"]) == "yes")
        #expect(Self.trimmed(out["runwsl"]) == "yes")
        #expect(Self.trimmed(out["sysctlconf"]) == "no")
        #expect(Self.trimmed(out["dockerenv"]) == "no")
    }

    @Test("native: plain eth0, default three rules, the real kernel strings, no WSL or container markers",
          .enabled(if: Privilege.rootTestsEnabled, Privilege.rootSkipReason))
    func native() async throws {
        try Privilege.requireRoot()
        let out = try await Self.probeLayout(.native)

        let rules = try simJSONArray(out["rule"], "ip -j rule").map(SimRule.init)
        #expect(rules == simDefaultRules, "rules: \(rules)")
        let links = Self.links(try simJSONArray(out["addr"], "ip -j addr"))
        #expect(Set(links.keys) == ["lo", "eth0"])
        #expect(!Self.mac(links["eth0"]).hasPrefix("00:15:5d:"))
        #expect(Self.ipv4(links["eth0"]).first?["local"] as? String == "192.168.50.10")
        let routes = try simJSONArray(out["route"], "ip -j route show table all")
        let defaultRoute = routes.first { $0["dst"] as? String == "default" && $0["table"] == nil }
        #expect(defaultRoute?["gateway"] as? String == "192.168.50.1")

        #expect(Self.trimmed(out["version"]) == Self.trimmed(Self.hostFile("/proc/version")))
        #expect(!Self.trimmed(out["version"]).lowercased().contains("microsoft"))
        #expect(Self.trimmed(out["interop"]) == "no")
        #expect(Self.trimmed(out["runwsl"]) == "no")
        // Also when the machine running the tests is itself a container with a /.dockerenv: it is hidden.
        #expect(Self.trimmed(out["dockerenv"]) == "no")
    }

    @Test("container: native networking plus /.dockerenv, which never appears on (or changes) the real root",
          .enabled(if: Privilege.rootTestsEnabled, Privilege.rootSkipReason))
    func container() async throws {
        try Privilege.requireRoot()
        let before = try? FileManager.default.attributesOfItem(atPath: "/.dockerenv")
        let out = try await Self.probeLayout(.container)
        let after = try? FileManager.default.attributesOfItem(atPath: "/.dockerenv")

        #expect(Self.trimmed(out["dockerenv"]) == "yes")
        #expect((before == nil) == (after == nil), "the host's /.dockerenv appeared or vanished")
        #expect(before?[.modificationDate] as? Date == after?[.modificationDate] as? Date)
        let rules = try simJSONArray(out["rule"], "ip -j rule").map(SimRule.init)
        #expect(rules == simDefaultRules)
        let links = Self.links(try simJSONArray(out["addr"], "ip -j addr"))
        #expect(Set(links.keys) == ["lo", "eth0"])
        #expect(Self.ipv4(links["eth0"]).first?["local"] as? String == "172.17.0.2")
        #expect(Self.trimmed(out["version"]) == Self.trimmed(Self.hostFile("/proc/version")))
        #expect(Self.trimmed(out["interop"]) == "no")
    }

    @Test("the command keeps its working directory and sees the real, writable file system",
          .enabled(if: Privilege.rootTestsEnabled, Privilege.rootSkipReason),
          arguments: SimLayout.allCases)
    func workingDirectory(layout: SimLayout) async throws {
        try Privilege.requireRoot()
        let marker = FileManager.default.temporaryDirectory
            .appendingPathComponent("sim-write-\(SimMachine.uniqueID())").path
        defer { try? FileManager.default.removeItem(atPath: marker) }
        let result = try await SimMachine.run(
            layout: layout, command: ["/bin/sh", "-c", "pwd; echo written > \"$1\"", "sh", marker])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            == FileManager.default.currentDirectoryPath)
        #expect(Self.hostFile(marker) == "written\n", "a write inside the guest must reach the real file")
    }
}
