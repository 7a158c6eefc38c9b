import Foundation
import Testing
import TestSupport
@testable import NetProbe

/// Builds a WSL-mirrored-like network in real network namespaces and checks that the text and `ip -j`
/// outputs of the real `ip` parse to the same, expected facts.
@Suite("ip output of a mirrored-like network namespace", .serialized)
struct CaptureNetnsTests {
    static func ip(_ arguments: [String]) throws -> String { try IPJSONLiveTests.run(arguments) }

    /// Runs `body` with two fresh namespaces: `main` (the one inspected) and `peer`, then deletes them.
    static func withNamespaces(_ body: (String) throws -> Void) throws {
        let tag = "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let main = "capture-a-\(tag)"
        let peer = "capture-b-\(tag)"
        _ = try ip(["netns", "add", main])
        defer { _ = try? ip(["netns", "del", main]) }
        _ = try ip(["netns", "add", peer])
        defer { _ = try? ip(["netns", "del", peer]) }
        let setup: [[String]] = [
            ["link", "set", "lo", "up"],
            ["link", "add", "eth0", "type", "veth", "peer", "name", "uplink", "netns", peer],
            ["link", "set", "eth0", "address", "3c:52:82:6a:10:4e"],
            ["link", "add", "loopback0", "type", "bridge"],
            ["link", "set", "loopback0", "address", "00:15:5d:4f:23:d9"],
            // No automatic link-local addresses: one that finishes DAD between the text and the JSON dump would
            // make the two dumps differ by timing alone.
            ["link", "set", "eth0", "addrgenmode", "none"],
            ["link", "set", "loopback0", "addrgenmode", "none"],
            ["link", "set", "eth0", "up"],
            ["-n", peer, "link", "set", "uplink", "up"],
            ["link", "set", "loopback0", "up"],
            ["addr", "add", "10.255.255.254/32", "dev", "lo"],
            ["addr", "add", "192.168.1.23/24", "dev", "eth0", "noprefixroute"],
            ["addr", "add", "192.168.1.24/24", "dev", "eth0", "label", "eth0:1"],
            ["-6", "addr", "add", "fe80::1d2c:8a41:77b0:93e1/64", "dev", "eth0", "nodad", "noprefixroute"],
            ["route", "add", "default", "via", "192.168.1.1", "dev", "eth0", "metric", "25", "onlink"],
            ["route", "add", "127.0.0.1/32", "via", "169.254.73.249", "dev", "loopback0", "table", "127", "onlink", "proto", "kernel"],
            ["route", "add", "unreachable", "10.99.0.0/16", "metric", "1024"],
            ["rule", "del", "pref", "0"],
            ["rule", "add", "pref", "0", "iif", "loopback0", "ipproto", "tcp", "lookup", "local"],
            ["rule", "add", "pref", "0", "iif", "loopback0", "ipproto", "udp", "lookup", "local"],
            ["rule", "add", "pref", "1", "ipproto", "tcp", "lookup", "127"],
            ["rule", "add", "pref", "1", "ipproto", "udp", "lookup", "127"],
            ["rule", "add", "pref", "2", "lookup", "local"],
            ["rule", "add", "pref", "5", "ipproto", "tcp", "dport", "8080", "lookup", "100"],
            ["rule", "add", "pref", "6", "sport", "1000-2000", "blackhole"],
            ["rule", "add", "pref", "7", "fwmark", "0x1/0xff", "oif", "eth0", "lookup", "main"],
            ["-6", "rule", "add", "pref", "1000", "from", "2001:db8::/64", "lookup", "201"],
            ["neigh", "add", "169.254.73.249", "dev", "loopback0", "lladdr", "00:11:22:33:44:55", "nud", "permanent"],
        ]
        for command in setup { _ = try ip(command.first == "-n" ? command : ["-n", main] + command) }
        try body(main)
    }

    static func parse(_ section: String, _ output: String) -> MachineFacts {
        let facts = CaptureTest.section(section, output)
        #expect(facts.warnings.isEmpty, "\(section): \(facts.warnings)\n\(output)")
        return facts
    }

    @Test("links and addresses", .enabled(if: Privilege.rootTestsEnabled, Privilege.rootSkipReason))
    func addresses() throws {
        try Privilege.requireRoot()
        try Self.withNamespaces { ns in
            let text = Self.parse("ip-addr", try Self.ip(["-n", ns, "addr"]))
            let json = Self.parse("ip-addr", try Self.ip(["-n", ns, "-j", "addr"]))
            #expect(text.addresses == json.addresses)
            #expect(text.links == json.links)
            let links = try #require(json.links)
            #expect(links.map(\.name) == ["lo", "eth0", "loopback0"])
            #expect(links[1].peer?.hasPrefix("if") == true, "veth peer in another namespace prints as eth0@ifN")
            #expect(links[1].mac == "3c:52:82:6a:10:4e" && links[2].mac == "00:15:5d:4f:23:d9")
            let addresses = try #require(json.addresses)
            let eth0 = addresses.filter { $0.interface == "eth0" }
            #expect(eth0.map(\.local).prefix(3) == ["192.168.1.23", "192.168.1.24", "fe80::1d2c:8a41:77b0:93e1"])
            #expect(eth0[0].flags == ["noprefixroute"])
            #expect(eth0[1].label == "eth0:1" && eth0[1].flags == ["secondary"])
            #expect(eth0[2].flags.contains("nodad") && eth0[2].flags.contains("noprefixroute"))
            #expect(addresses.contains { $0.interface == "lo" && $0.local == "10.255.255.254" && $0.prefixLength == 32 })
            #expect(!addresses.contains { $0.interface == "loopback0" && $0.family == .inet })
        }
    }

    @Test("routes of all tables", .enabled(if: Privilege.rootTestsEnabled, Privilege.rootSkipReason))
    func routes() throws {
        try Privilege.requireRoot()
        try Self.withNamespaces { ns in
            let text = Self.parse("ip-route", try Self.ip(["-n", ns, "route", "show", "table", "all"]))
            let json = Self.parse("ip-route", try Self.ip(["-n", ns, "-j", "route", "show", "table", "all"]))
            #expect(text.routes == json.routes)
            let routes = try #require(json.routes)
            let loopback = try #require(routes.first { $0.table == RouteTable.wslLoopback })
            #expect(loopback.destination == "127.0.0.1" && loopback.gateway == "169.254.73.249")
            #expect(loopback.device == "loopback0" && loopback.flags.contains("onlink") && loopback.protocol_ == "kernel")
            let fallback = try #require(routes.first { $0.destination == "default" && $0.family == .inet })
            #expect(fallback.gateway == "192.168.1.1" && fallback.metric == 25 && fallback.table == RouteTable.main)
            #expect(routes.contains { $0.type == "unreachable" && $0.destination == "10.99.0.0/16" && $0.table == RouteTable.main })
            #expect(routes.contains { $0.type == "local" && $0.destination == "192.168.1.23" && $0.table == RouteTable.local })
            #expect(routes.contains { $0.family == .inet6 && $0.type == "local" && $0.destination == "::1" && $0.table == RouteTable.local })
        }
    }

    @Test("IPv4 and IPv6 rules", .enabled(if: Privilege.rootTestsEnabled, Privilege.rootSkipReason))
    func rules() throws {
        try Privilege.requireRoot()
        try Self.withNamespaces { ns in
            let text = Self.parse("ip-rule", try Self.ip(["-n", ns, "rule"]))
            let json = Self.parse("ip-rule", try Self.ip(["-n", ns, "-j", "rule"]))
            #expect(text.rules == json.rules)
            let rules = try #require(json.rules)
            #expect(rules.map(\.priority) == [0, 0, 1, 1, 2, 5, 6, 7, 32766, 32767])
            #expect(rules.map(\.table) == [255, 255, 127, 127, 255, 100, nil, 254, 254, 253])
            #expect(rules[0].inputInterface == "loopback0" && rules[0].ipProto == "tcp" && rules[1].ipProto == "udp")
            #expect(rules[5].destinationPort == "8080")
            #expect(rules[6].sourcePort == "1000-2000" && rules[6].action == "blackhole")
            #expect(rules[7].fwmark == "0x1/0xff" && rules[7].outputInterface == "eth0")
            let text6 = Self.parse("ip-rule6", try Self.ip(["-n", ns, "-6", "rule"]))
            let json6 = Self.parse("ip-rule6", try Self.ip(["-n", ns, "-6", "-j", "rule"]))
            #expect(text6.rules6 == json6.rules6)
            #expect(json6.rules6?.contains { $0.priority == 1000 && $0.source == "2001:db8::/64" && $0.table == 201 } == true)
        }
    }

    @Test("neighbours", .enabled(if: Privilege.rootTestsEnabled, Privilege.rootSkipReason))
    func neighbours() throws {
        try Privilege.requireRoot()
        try Self.withNamespaces { ns in
            let text = Self.parse("ip-neigh", try Self.ip(["-n", ns, "neigh"]))
            let json = Self.parse("ip-neigh", try Self.ip(["-n", ns, "-j", "neigh"]))
            #expect(text.neighbours == json.neighbours)
            #expect(json.neighbours?.contains(
                Neighbour(destination: "169.254.73.249", device: "loopback0", lladdr: "00:11:22:33:44:55", state: ["PERMANENT"])) == true)
        }
    }
}
