import Testing
@testable import NetProbe

@Suite("ip route text")
struct IPTextRouteTests {
    @Test("ip route show table all: tables, types, families, metrics, flags")
    func tableAll() throws {
        let facts = CaptureTest.section("ip-route", """
            default via 192.168.1.1 dev eth0 proto kernel metric 25
            192.168.1.0/24 dev eth0 proto kernel scope link metric 281
            127.0.0.1 via 169.254.73.249 dev loopback0 table 127 proto kernel onlink
            local 10.255.255.254 dev lo table local proto kernel scope host src 10.255.255.254
            broadcast 127.255.255.255 dev lo table local proto kernel scope link src 127.0.0.1
            fe80::/64 dev eth0 proto kernel metric 256 pref medium
            local ::1 dev lo table local proto kernel metric 0 pref medium
            multicast ff00::/8 dev eth0 table local proto kernel metric 256 pref medium
            unreachable default dev lo proto kernel metric 4294967295 error -101 pref medium
            """)
        #expect(facts.warnings.isEmpty, "\(facts.warnings)")
        let routes = try #require(facts.routes)
        #expect(routes.map(\.destination) == [
            "default", "192.168.1.0/24", "127.0.0.1", "10.255.255.254", "127.255.255.255", "fe80::/64", "::1",
            "ff00::/8", "default",
        ])
        #expect(routes.map(\.table) == [254, 254, 127, 255, 255, 254, 255, 255, 254])
        #expect(routes.map(\.type) == ["unicast", "unicast", "unicast", "local", "broadcast", "unicast", "local", "multicast", "unreachable"])
        #expect(routes.map(\.family) == [.inet, .inet, .inet, .inet, .inet, .inet6, .inet6, .inet6, .inet6])
        #expect(routes[0].gateway == "192.168.1.1" && routes[0].device == "eth0" && routes[0].metric == 25)
        #expect(routes[0].protocol_ == "kernel" && routes[0].scope == nil)
        #expect(routes[1].scope == "link" && routes[1].metric == 281)
        #expect(routes[2].gateway == "169.254.73.249" && routes[2].flags == ["onlink"] && routes[2].device == "loopback0")
        #expect(routes[3].preferredSource == "10.255.255.254" && routes[3].scope == "host")
        #expect(routes[8].metric == 4294967295)
    }

    @Test("lines without table: main, except local, broadcast and anycast in local")
    func implicitTables() throws {
        let facts = CaptureTest.section("ip-route", """
            local 192.0.2.2 dev eth0 proto kernel scope host src 192.0.2.2
            anycast fe80:: dev eth0 proto kernel metric 0 pref medium
            blackhole 10.66.0.0/16 proto static
            10.0.0.0/8 via 192.0.2.1 dev eth0
            """)
        #expect(facts.routes?.map(\.table) == [255, 255, 254, 254])
        #expect(facts.routes?[2].type == "blackhole" && facts.routes?[2].device == nil)
    }

    @Test("a pasted `ip route show table 127` sets the table of lines that do not print one")
    func pastedTable() throws {
        let facts = CaptureTest.section("ip-route", """
            user@host:~$ ip route show table 127
            127.0.0.1 via 169.254.73.249 dev loopback0 proto kernel onlink
            user@host:~$ ip -6 route
            default dev wg0 metric 1024
            """)
        #expect(facts.warnings.isEmpty)
        #expect(facts.routes?.map(\.table) == [127, 254])
        #expect(facts.routes?.map(\.family) == [.inet, .inet6])
    }

    @Test("multipath nexthop lines give the first gateway and device")
    func multipath() throws {
        let facts = CaptureTest.section("ip-route", """
            default proto static metric 100
            \tnexthop via 10.0.0.1 dev eth0 weight 1
            \tnexthop via 10.0.0.2 dev eth1 weight 1
            """)
        #expect(facts.warnings.isEmpty)
        #expect(facts.routes?.count == 1)
        #expect(facts.routes?.first?.gateway == "10.0.0.1" && facts.routes?.first?.device == "eth0")
    }

    @Test("IPv4 route via an IPv6 gateway (RFC 5549) stays IPv4")
    func viaInet6() throws {
        let facts = CaptureTest.section("ip-route", "default via inet6 fe80::1 dev eth0 proto bird\n")
        let route = try #require(facts.routes?.first)
        #expect(route.family == .inet && route.gateway == "fe80::1" && route.protocol_ == "bird")
    }

    @Test("an unknown table name is a warning naming the line; other routes count")
    func unknownTableName() {
        let facts = CaptureTest.section("ip-route", """
            default via 192.0.2.1 dev eth0
            10.1.0.0/16 dev wg0 table vpn
            """)
        #expect(facts.routes?.count == 1)
        #expect(CaptureTest.lines(facts) == [3])
        #expect(facts.warnings.first?.message.contains("vpn") == true)
    }

    @Test("a cut-off last route is a warning; earlier routes count")
    func cutOff() {
        let facts = CaptureTest.section("ip-route", """
            default via 192.0.2.1 dev eth0
            192.0.2.0/24 dev
            """)
        #expect(facts.routes?.map(\.destination) == ["default", "192.0.2.0/24"])
        #expect(facts.routes?.last?.device == nil)
        #expect(CaptureTest.lines(facts) == [3])
        #expect(facts.warnings.first?.message.contains("cut off") == true)
    }

    @Test("routes whose newlines were collapsed into spaces are split again")
    func collapsed() throws {
        let facts = CaptureTest.section("ip-route",
            "$ ip route show table all default via 192.168.1.1 dev eth0 proto kernel metric 25  192.168.1.0/24 dev eth0 proto kernel scope link metric 281  127.0.0.1 via 169.254.73.249 dev loopback0 table 127 proto kernel onlink  local 192.168.1.23 dev eth0 table local proto kernel scope host src 192.168.1.23\n")
        #expect(facts.warnings.isEmpty, "\(facts.warnings)")
        let routes = try #require(facts.routes)
        #expect(routes.map(\.destination) == ["default", "192.168.1.0/24", "127.0.0.1", "192.168.1.23"])
        #expect(routes.map(\.table) == [254, 254, 127, 255])
        #expect(routes[0].metric == 25 && routes[2].gateway == "169.254.73.249")
    }
}
