import Foundation
import Testing
import TestSupport
@testable import NetProbe
@testable import NetProbeLive

/// NetlinkReader inside fresh network namespaces, compared with `ip -j` run in the same namespace.
@Suite("NetlinkReader in network namespaces", .enabled(if: Privilege.rootTestsEnabled, Privilege.rootSkipReason))
struct NetlinkNamespaceTests {
    /// Routes the libnl cache would merge: the same prefix, table and metric on several devices.
    private func buildMergeableRoutes(_ ns: LiveTestNamespace) throws {
        for pair in [("va0", "vb0"), ("va1", "vb1")] {
            try ns.ip("link", "add", pair.0, "type", "veth", "peer", "name", pair.1)
            try ns.ip("link", "set", pair.0, "up")
            try ns.ip("link", "set", pair.1, "up")
        }
        try ns.ip("addr", "add", "10.10.0.1/24", "dev", "va0")
        try ns.ip("addr", "add", "10.10.1.1/24", "dev", "va1")
        try ns.ip("addr", "add", "fd10::1/64", "dev", "va0")
        // WSL mirrored mode's loopback table.
        try ns.ip("route", "add", "127.0.0.1/32", "via", "169.254.73.249", "dev", "va0", "onlink", "table", "127")
        // Same prefix, table and metric on two devices, in IPv4 and IPv6, in several tables.
        try ns.ip("route", "add", "10.20.0.0/16", "dev", "va0", "metric", "100", "table", "100")
        try ns.ip("route", "append", "10.20.0.0/16", "dev", "va1", "metric", "100", "table", "100")
        try ns.ip("-6", "route", "add", "2001:db8:1::/64", "dev", "va0", "metric", "100", "table", "200")
        try ns.ip("-6", "route", "append", "2001:db8:1::/64", "dev", "va1", "metric", "100", "table", "200")
        try ns.ip("route", "add", "10.30.0.0/16", "via", "10.10.0.2", "dev", "va0", "metric", "50")
        try ns.ip("route", "add", "10.30.0.0/16", "via", "10.10.1.2", "dev", "va1", "metric", "60")
        try ns.ip("route", "add", "blackhole", "10.99.0.0/16", "table", "300")
        try ns.ip("route", "add", "unreachable", "10.98.0.0/16", "proto", "static")
        try ns.ip("route", "add", "default", "via", "10.10.0.254", "dev", "va0", "proto", "dhcp", "metric", "600")
        try ns.ip("-6", "route", "add", "default", "via", "fd10::fe", "dev", "va0", "proto", "ra", "metric", "1024")
        try ns.ip("route", "add", "10.40.0.0/16", "dev", "va1", "src", "10.10.1.1", "proto", "99", "table", "1000")
    }

    /// `ip -j route show table all` before and after a snapshot, retried until nothing moved in between.
    private func stableRead(_ ns: LiveTestNamespace) throws -> (NetlinkSnapshot, [Route]) {
        for _ in 0..<5 {
            let before = try ns.ip("-j", "route", "show", "table", "all")
            let snapshot = try NetlinkReader.snapshot(namespacePath: ns.path)
            let after = try ns.ip("-j", "route", "show", "table", "all")
            if before == after { return (snapshot, try LiveShell.json(after).map(LiveIPJSON.route)) }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw LiveShell.Failure(command: ["ip", "route"], status: 0, stderr: "routes kept changing")
    }

    @Test("the raw route dump has every route `ip route show table all` prints")
    func routeDumpComplete() throws {
        try Privilege.requireRoot()
        let ns = try LiveTestNamespace.create("routes")
        defer { ns.delete() }
        try buildMergeableRoutes(ns)

        let (snapshot, ipRoutes) = try stableRead(ns)
        #expect(snapshot.routes.count == ipRoutes.count)
        liveExpectSameLines(snapshot.routes.map(LiveIPJSON.routeIdentity), ipRoutes.map(LiveIPJSON.routeIdentity), "routes")
        // The routes that make the cache drop entries are really there, once per device.
        let linkLocal = snapshot.routes.filter { $0.destination == "fe80::/64" && $0.table == RouteTable.main }
        #expect(Set(linkLocal.compactMap(\.device)) == ["va0", "vb0", "va1", "vb1"])
        let multicast = snapshot.routes.filter { $0.destination == "ff00::/8" && $0.table == RouteTable.local }
        #expect(multicast.count == 4 && multicast.allSatisfy { $0.type == "multicast" })
        let loopbackTable = try #require(snapshot.routes.first { $0.table == RouteTable.wslLoopback })
        #expect(loopbackTable.destination == "127.0.0.1")
        #expect(loopbackTable.gateway == "169.254.73.249")
        #expect(loopbackTable.device == "va0")
        #expect(loopbackTable.flags == ["onlink"])
        #expect(snapshot.routes.contains { $0.table == 1000 && $0.destination == "10.40.0.0/16" })
    }

    @Test("every route field matches `ip -j route show table all`")
    func routeFieldsMatch() throws {
        try Privilege.requireRoot()
        let ns = try LiveTestNamespace.create("fields")
        defer { ns.delete() }
        try buildMergeableRoutes(ns)
        try ns.ip("link", "set", "vb1", "down")  // va1's routes become `linkdown`
        for (index, proto) in ["0", "1", "3", "4", "9", "16", "42", "99", "186", "192", "250"].enumerated() {
            try ns.ip("route", "add", "10.50.\(index).0/24", "dev", "va0", "proto", proto, "scope", "link")
        }
        try ns.ip("route", "add", "10.60.0.0/24", "dev", "va0", "scope", "host", "table", "5")

        let (snapshot, ipRoutes) = try stableRead(ns)
        liveExpectSameLines(snapshot.routes.map { "\($0)" }, ipRoutes.map { "\($0)" }, "routes, every field")
        #expect(snapshot.routes.contains { $0.flags.contains("linkdown") })
        #expect(Set(snapshot.routes.compactMap(\.protocol_)).isSuperset(of: ["unspec", "redirect", "boot", "static", "ra", "dhcp", "babel", "openr", "bgp", "eigrp", "250", "kernel"]))
    }

    @Test("libnl's route cache returns fewer routes than the raw dump (the regression this reader avoids)")
    func cacheDropsRoutes() throws {
        try Privilege.requireRoot()
        let ns = try LiveTestNamespace.create("cache")
        defer { ns.delete() }
        try buildMergeableRoutes(ns)

        let (snapshot, ipRoutes) = try stableRead(ns)
        let cache = try LibnlRouteCache.load(namespacePath: ns.path)
        let kept = cache.objects.map(\.routeKey)
        #expect(kept.count == cache.count)
        #expect(cache.count < ipRoutes.count, "the cache kept \(cache.count) of \(ipRoutes.count) routes")
        #expect(snapshot.routes.count == ipRoutes.count)
        let cachedLinkLocal = kept.filter { $0.destination == "fe80::/64" && $0.table == RouteTable.main }
        #expect(cachedLinkLocal.count < 4, "the cache merged fe80::/64 of different devices")
    }

    @Test("rules: WSL mirrored-mode rules match `ip -j rule`")
    func mirroredRules() throws {
        try Privilege.requireRoot()
        let ns = try LiveTestNamespace.create("rules")
        defer { ns.delete() }
        try ns.ip("link", "add", "loopback0", "type", "veth", "peer", "name", "lb-peer")
        try ns.ip("rule", "del", "pref", "0", "lookup", "local")
        for proto in ["tcp", "udp"] {
            try ns.ip("rule", "add", "pref", "0", "iif", "loopback0", "ipproto", proto, "lookup", "local")
        }
        for proto in ["tcp", "udp"] { try ns.ip("rule", "add", "pref", "1", "ipproto", proto, "lookup", "127") }
        try ns.ip("rule", "add", "pref", "2", "lookup", "local")
        try ns.ip("rule", "add", "pref", "3", "ipproto", "tcp", "dport", "8080", "lookup", "127")
        try ns.ip("rule", "add", "pref", "4", "from", "10.0.0.0/8", "to", "192.168.1.1", "sport", "1000-2000",
                  "fwmark", "0x1/0xff", "oif", "loopback0", "lookup", "100")
        try ns.ip("rule", "add", "pref", "5", "from", "10.9.0.0/16", "blackhole")
        try ns.ip("rule", "add", "pref", "6", "fwmark", "0x10", "lookup", "1000")
        try ns.ip("-6", "rule", "add", "pref", "100", "ipproto", "udp", "dport", "53", "lookup", "200")

        let snapshot = try NetlinkReader.snapshot(namespacePath: ns.path)
        let ipRules = try ns.json("rule").map { LiveIPJSON.rule($0, family: .inet) }
        let ipRules6 = try ns.json("-6", "rule").map { LiveIPJSON.rule($0, family: .inet6) }
        #expect(snapshot.rules == ipRules)
        #expect(snapshot.rules6 == ipRules6)

        // The mirrored-mode signature, spelled out.
        #expect(!snapshot.rules.contains { $0.priority == 0 && $0.inputInterface == nil })
        #expect(snapshot.rules.filter { $0.priority == 0 }.map { "\($0.inputInterface ?? "-") \($0.ipProto ?? "-") \($0.table ?? -1)" }
                == ["loopback0 tcp 255", "loopback0 udp 255"])
        #expect(snapshot.rules.filter { $0.priority == 1 }.map(\.table) == [127, 127])
        #expect(snapshot.rules.contains { $0.priority == 3 && $0.destinationPort == "8080" && $0.table == 127 })
        #expect(snapshot.rules.contains { $0.priority == 4 && $0.sourcePort == "1000-2000" && $0.fwmark == "0x1/0xff" })
        #expect(snapshot.rules.contains { $0.priority == 5 && $0.action == "blackhole" && $0.table == nil })
        #expect(snapshot.rules6.contains { $0.priority == 100 && $0.ipProto == "udp" && $0.destinationPort == "53" })
    }

    @Test("a PERMANENT neighbour 169.254.73.249 lladdr 00:11:22:33:44:55 shows up")
    func permanentNeighbour() throws {
        try Privilege.requireRoot()
        let ns = try LiveTestNamespace.create("neigh")
        defer { ns.delete() }
        try ns.ip("link", "add", "loopback0", "type", "veth", "peer", "name", "lb-peer")
        try ns.ip("link", "set", "loopback0", "up")
        try ns.ip("neigh", "add", "169.254.73.249", "lladdr", "00:11:22:33:44:55", "dev", "loopback0", "nud", "permanent")
        try ns.ip("-6", "neigh", "add", "fe80::500:4aef:feef:2aa2", "lladdr", "00:11:22:33:44:55", "dev", "loopback0",
                  "nud", "permanent")

        let snapshot = try NetlinkReader.snapshot(namespacePath: ns.path)
        #expect(snapshot.neighbours.contains(Neighbour(
            destination: "169.254.73.249", device: "loopback0", lladdr: "00:11:22:33:44:55", state: ["PERMANENT"])))
        #expect(snapshot.neighbours.contains { $0.destination == "fe80::500:4aef:feef:2aa2" && $0.state == ["PERMANENT"] })
        let ipNeighbours = try ns.json("neigh").map {
            Neighbour(destination: $0["dst"] as? String ?? "?", device: $0["dev"] as? String,
                      lladdr: $0["lladdr"] as? String, state: $0["state"] as? [String] ?? [])
        }
        #expect(Set(ipNeighbours).isSubset(of: Set(snapshot.neighbours)))
    }

    @Test("links and addresses match `ip -j`, including a peer in another namespace")
    func linksAndAddresses() throws {
        try Privilege.requireRoot()
        let ns = try LiveTestNamespace.create("links")
        defer { ns.delete() }
        let other = try LiveTestNamespace.create("peer")
        defer { other.delete() }
        try ns.ip("link", "add", "va0", "type", "veth", "peer", "name", "vb0")
        try ns.ip("link", "add", "loopback0", "address", "00:15:5d:aa:bb:cc", "mtu", "1280", "type", "veth",
                  "peer", "name", "lb-win", "netns", other.name)
        try ns.ip("link", "add", "br0", "type", "bridge")
        try ns.ip("link", "set", "va0", "up")
        try ns.ip("link", "set", "vb0", "up")
        try ns.ip("link", "set", "loopback0", "up")  // peer down: NO-CARRIER
        try ns.ip("addr", "add", "10.1.0.1/24", "dev", "va0")
        try ns.ip("addr", "add", "10.1.0.2/24", "dev", "va0")  // secondary
        try ns.ip("addr", "add", "10.2.0.1/24", "dev", "va0", "label", "va0:1")
        try ns.ip("addr", "add", "10.3.0.1/24", "dev", "va0", "valid_lft", "1000", "preferred_lft", "500")
        try ns.ip("addr", "add", "fd00:1::1/64", "dev", "va0", "nodad", "noprefixroute")
        try ns.ip("addr", "add", "fd00:2::1/64", "dev", "va0", "preferred_lft", "0")
        try ns.ip("addr", "add", "169.254.73.250/28", "dev", "loopback0", "scope", "link")

        let snapshot = try NetlinkReader.snapshot(namespacePath: ns.path)
        let ipLinks = try ns.json("-d", "link").map(LiveIPJSON.link)
        #expect(snapshot.links == ipLinks)
        let ipAddresses = try LiveIPJSON.addresses(ns.json("addr"))
        let ours = snapshot.addresses.map { address -> InterfaceAddress in
            var copy = address
            copy.flags.removeAll { $0 == "permanent" }  // ip prints only its absence (`dynamic`)
            return copy
        }
        liveExpectSameLines(ours.map { "\($0)" }, ipAddresses.map { "\($0)" }, "addresses")

        let loopback0 = try #require(snapshot.links.first { $0.name == "loopback0" })
        #expect(loopback0.mac == "00:15:5d:aa:bb:cc" && loopback0.mtu == 1280 && loopback0.kind == "veth")
        #expect(loopback0.flags.first == "NO-CARRIER")
        #expect(loopback0.peer?.hasPrefix("if") == true)
        #expect(snapshot.links.first { $0.name == "va0" }?.peer == "vb0")
        #expect(snapshot.links.first { $0.name == "br0" }?.kind == "bridge")
        #expect(snapshot.addresses.contains { $0.local == "10.1.0.2" && $0.flags.contains("secondary") })
        #expect(snapshot.addresses.contains { $0.local == "10.2.0.1" && $0.label == "va0:1" })
        #expect(snapshot.addresses.contains { $0.local == "fd00:1::1" && $0.flags.contains("noprefixroute") && $0.flags.contains("nodad") })
        #expect(snapshot.addresses.contains { $0.local == "10.3.0.1" && $0.flags.contains("dynamic") })
    }

    @Test("the calling thread stays in its own namespace")
    func callerNamespaceUnchanged() throws {
        try Privilege.requireRoot()
        let ns = try LiveTestNamespace.create("stay")
        defer { ns.delete() }
        try ns.ip("link", "add", "only-here", "type", "veth", "peer", "name", "only-peer")
        let own = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/thread-self/ns/net")
        let inside = try NetlinkReader.snapshot(namespacePath: ns.path)
        let after = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/thread-self/ns/net")
        #expect(own == after)
        #expect(inside.links.contains { $0.name == "only-here" })
        #expect(try !NetlinkReader.snapshot().links.contains { $0.name == "only-here" })
    }

    @Test("a dump over the object limit keeps the first objects, counts the rest, and leaves the socket clean for the next dump")
    func objectLimit() throws {
        try Privilege.requireRoot()
        let ns = try LiveTestNamespace.create("limit")
        defer { ns.delete() }
        try ns.ip("link", "add", "va0", "type", "veth", "peer", "name", "vb0")
        try ns.ip("link", "set", "va0", "up")
        try ns.ip("link", "set", "vb0", "up")
        try ns.ip("addr", "add", "10.200.0.1/24", "dev", "va0")
        try ns.ip("-6", "addr", "add", "fd20::1/64", "dev", "va0")
        try ns.ip("neigh", "add", "10.200.0.9", "lladdr", "00:11:22:33:44:55", "dev", "va0", "nud", "permanent")
        try ns.ip("rule", "add", "pref", "7", "from", "10.9.0.0/16", "lookup", "100")
        // 1,500 routes in one `ip -batch` (a router's table, in small).
        let batch = NSTemporaryDirectory() + "routes-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: batch) }
        let lines = (0..<1500).map { "route add 10.\($0 >> 8).\($0 & 0xff).0/24 dev va0 table 100" }
        try (lines.joined(separator: "\n") + "\n").write(toFile: batch, atomically: false, encoding: .utf8)
        try ns.ip("-batch", batch)

        let full = try NetlinkReader.snapshot(namespacePath: ns.path)
        #expect(full.cuts.isEmpty)
        let ipv4 = full.routes.filter { $0.family == .inet }.count
        #expect(ipv4 > 1500 && full.routes.count > ipv4, "\(ipv4) IPv4 routes of \(full.routes.count)")

        // The limit inside the IPv4 dump (IPv6 gets no room), then one past it (IPv6 gets one route).
        for limit in [1000, ipv4 + 1] {
            let cut = try NetlinkReader.snapshot(namespacePath: ns.path, objectLimit: limit)
            #expect(cut.routes == Array(full.routes.prefix(limit)), "limit \(limit)")
            #expect(cut.cuts == [NetlinkCut(request: "RTM_GETROUTE", section: .ipRoute, received: full.routes.count, kept: limit)])
            // The dumps after the cut one are whole: no reply of the route dump was left in the socket.
            #expect(cut.rules == full.rules && cut.rules6 == full.rules6 && cut.neighbours == full.neighbours)
            #expect(cut.links == full.links && cut.addresses == full.addresses)
        }

        var options = LiveReader.Options(netlinkNamespacePath: ns.path)
        options.netlinkObjectLimit = 1000
        let facts = LiveReader(options: options).read()
        #expect(facts.routes?.count == 1000)
        #expect(facts.warnings.contains {
            $0.section == "ip-route"
                && $0.message == "netlink RTM_GETROUTE answered \(full.routes.count) objects, more than 1000 (the limit): only the first 1000 were read"
        }, "\(facts.warnings)")
    }
}
