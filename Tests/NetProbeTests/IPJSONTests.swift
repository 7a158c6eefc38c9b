import Testing
@testable import NetProbe

@Suite("ip -j JSON sections")
struct IPJSONTests {
    @Test("ip -j addr: links with peers and kinds, addresses with flags and labels")
    func addr() throws {
        let facts = CaptureTest.section("ip-addr", """
            $ ip -j addr
            [{"ifindex":1,"ifname":"lo","flags":["LOOPBACK","UP","LOWER_UP"],"mtu":65536,"qdisc":"noqueue","operstate":"UNKNOWN","group":"default","txqlen":1000,"link_type":"loopback","address":"00:00:00:00:00:00","broadcast":"00:00:00:00:00:00","addr_info":[{"family":"inet","local":"127.0.0.1","prefixlen":8,"scope":"host","label":"lo","valid_life_time":4294967295,"preferred_life_time":4294967295}]},
            {"ifindex":9,"link_index":8,"ifname":"eth0","flags":["BROADCAST","MULTICAST","UP","LOWER_UP"],"mtu":1500,"operstate":"UP","link_type":"ether","address":"02:42:AC:11:00:02","link_netnsid":0,"linkinfo":{"info_kind":"veth"},"addr_info":[{"family":"inet","local":"172.17.0.2","prefixlen":16,"broadcast":"172.17.255.255","scope":"global","dynamic":true,"noprefixroute":true,"label":"eth0:web","valid_life_time":3600,"preferred_life_time":3600},{"family":"inet6","local":"fe80::42:acff:fe11:2","prefixlen":64,"scope":"link","nodad":true,"valid_life_time":4294967295,"preferred_life_time":4294967295}]},
            {"ifindex":2,"ifname":"tunl0","link":null,"flags":["NOARP"],"mtu":1480,"operstate":"DOWN","link_type":"ipip","address":"0.0.0.0","addr_info":[]}]
            """)
        #expect(facts.warnings.isEmpty, "\(facts.warnings)")
        let links = try #require(facts.links)
        #expect(links.map(\.name) == ["lo", "eth0", "tunl0"])
        #expect(links.map(\.index) == [1, 9, 2])
        #expect(links.map(\.peer) == [nil, "if8", "NONE"])
        #expect(links[1].kind == "veth" && links[1].mac == "02:42:ac:11:00:02" && links[1].operState == "UP")
        let addresses = try #require(facts.addresses)
        #expect(addresses.map(\.local) == ["127.0.0.1", "172.17.0.2", "fe80::42:acff:fe11:2"])
        #expect(addresses.map(\.label) == [nil, "eth0:web", nil])
        #expect(addresses[1].flags == ["dynamic", "noprefixroute"] && addresses[2].flags == ["nodad"])
        #expect(addresses.map(\.interface) == ["lo", "eth0", "eth0"])
    }

    @Test("ip -j route: table names as strings, type only when not unicast, family inferred")
    func route() throws {
        let facts = CaptureTest.section("ip-route", """
            [{"dst":"default","gateway":"192.168.1.1","dev":"eth0","protocol":"kernel","metric":25,"flags":[]},
            {"dst":"127.0.0.1","gateway":"169.254.73.249","dev":"loopback0","table":"127","protocol":"kernel","flags":["onlink"]},
            {"type":"local","dst":"127.0.0.0/8","dev":"lo","table":"local","protocol":"kernel","scope":"host","prefsrc":"127.0.0.1","flags":[]},
            {"type":"unreachable","dst":"default","dev":"lo","protocol":"kernel","metric":4294967295,"flags":[],"error":-101,"pref":"medium"},
            {"dst":"default","via":{"family":"inet6","host":"fe80::1"},"dev":"eth0","flags":[]},
            {"dst":"default","protocol":"static","metric":100,"flags":[],"nexthops":[{"gateway":"10.0.0.1","dev":"eth0","weight":1,"flags":[]},{"gateway":"10.0.0.2","dev":"eth1","weight":1,"flags":[]}]}]
            """)
        #expect(facts.warnings.isEmpty, "\(facts.warnings)")
        let routes = try #require(facts.routes)
        #expect(routes.map(\.table) == [254, 127, 255, 254, 254, 254])
        #expect(routes.map(\.type) == ["unicast", "unicast", "local", "unreachable", "unicast", "unicast"])
        #expect(routes.map(\.family) == [.inet, .inet, .inet, .inet6, .inet, .inet])
        #expect(routes[1].flags == ["onlink"] && routes[2].preferredSource == "127.0.0.1" && routes[2].scope == "host")
        #expect(routes[3].metric == 4294967295)
        #expect(routes[4].gateway == "fe80::1")
        #expect(routes[5].gateway == "10.0.0.1" && routes[5].device == "eth0")
    }

    @Test("ip -j rule: src/srclen, fwmark/fwmask, dport ranges, actions, goto, nop")
    func rule() throws {
        let facts = CaptureTest.section("ip-rule", """
            [{"priority":0,"src":"all","iif":"loopback0","ipproto":"tcp","table":"local"},{"priority":1,"src":"all","ipproto":"udp","table":"127"},{"priority":5,"src":"10.0.0.0","srclen":8,"dst":"192.0.2.7","fwmark":"0x80000","fwmask":"0xff0000","oif":"eth0","table":"main"},{"priority":6,"src":"all","dport":8080,"sport_start":1000,"sport_end":2000,"action":"blackhole"},{"priority":7,"src":"all","goto":32766},{"priority":8,"src":"all","nop":null},{"priority":32767,"src":"all","table":"default"}]
            """)
        #expect(facts.warnings.isEmpty, "\(facts.warnings)")
        let rules = try #require(facts.rules)
        #expect(rules.map(\.priority) == [0, 1, 5, 6, 7, 8, 32767])
        #expect(rules.map(\.table) == [255, 127, 254, nil, nil, nil, 253])
        #expect(rules[0].inputInterface == "loopback0" && rules[0].ipProto == "tcp" && rules[0].source == nil)
        #expect(rules[2].source == "10.0.0.0/8" && rules[2].destination == "192.0.2.7")
        #expect(rules[2].fwmark == "0x80000/0xff0000" && rules[2].outputInterface == "eth0")
        #expect(rules[3].destinationPort == "8080" && rules[3].sourcePort == "1000-2000" && rules[3].action == "blackhole")
        #expect(rules[4].action == "goto" && rules[5].action == "nop")
    }

    @Test("ip -j neigh")
    func neigh() throws {
        let facts = CaptureTest.section("ip-neigh", """
            [{"dst":"169.254.73.249","dev":"loopback0","lladdr":"00:11:22:33:44:55","state":["PERMANENT"]},{"dst":"fd00::1","dev":"eth0","state":["FAILED"]}]
            """)
        #expect(facts.warnings.isEmpty)
        #expect(facts.neighbours == [
            Neighbour(destination: "169.254.73.249", device: "loopback0", lladdr: "00:11:22:33:44:55", state: ["PERMANENT"]),
            Neighbour(destination: "fd00::1", device: "eth0", lladdr: nil, state: ["FAILED"]),
        ])
    }

    @Test("pretty-printed ip -j -p output across lines")
    func pretty() throws {
        let facts = CaptureTest.section("ip-rule", """
            [ {
                    "priority": 0,
                    "src": "all",
                    "table": "local"
                },{
                    "priority": 32766,
                    "src": "all",
                    "table": "main"
                } ]
            """)
        #expect(facts.rules?.map(\.table) == [255, 254])
    }

    @Test("invalid JSON is a warning at the file line of the error; complete entries before it count")
    func invalidJSON() throws {
        let facts = CaptureTest.section("ip-route", """
            [ {
                    "dst": "default",
                    "gateway": "192.0.2.1",
                    "flags": [ ]
                },{
                    "dst": "192.0.2.0/24",
                    "dev": "eth0"
                    "scope": "link"
                } ]
            """)
        #expect(facts.routes?.map(\.destination) == ["default"])
        let warning = try #require(facts.warnings.first)
        #expect(facts.warnings.count == 1)
        #expect(warning.line == 9 && warning.section == "ip-route")
        #expect(warning.message.contains("invalid"))
    }

    @Test("cut-off JSON keeps the entries before the cut")
    func cutOffJSON() {
        let facts = CaptureTest.section("ip-neigh",
            "[{\"dst\":\"192.0.2.1\",\"dev\":\"eth0\",\"state\":[\"STALE\"]},{\"dst\":\"192.0.2.9\",\"dev\":\"et")
        #expect(facts.neighbours?.map(\.destination) == ["192.0.2.1"])
        #expect(CaptureTest.lines(facts) == [2])
    }

    @Test("entries with wrong types are warnings; a JSON string is never taken for a number")
    func wrongTypes() {
        let facts = CaptureTest.section("ip-addr", """
            [{"ifindex":1,"ifname":"lo","flags":["UP"],"addr_info":[{"family":"inet","local":"127.0.0.1","prefixlen":"8"}]},
            42,
            {"ifindex":2,"ifname":"eth0","flags":["UP"],"addr_info":[{"family":"inet","local":"not-an-ip","prefixlen":24},{"family":"inet","local":"192.0.2.2","prefixlen":24}]}]
            """)
        #expect(facts.links?.map(\.name) == ["lo", "eth0"])
        #expect(facts.addresses?.map(\.local) == ["192.0.2.2"])
        #expect(CaptureTest.lines(facts) == [2, 3, 4])
    }

    @Test("two pasted arrays with prompts between them both count")
    func twoArrays() {
        let facts = CaptureTest.section("ip-route", """
            $ ip -j route
            [{"dst":"default","gateway":"192.0.2.1","dev":"eth0","flags":[]}]
            $ ip -6 -j route
            [{"dst":"fe80::/64","dev":"eth0","protocol":"kernel","metric":256,"flags":[],"pref":"medium"}]
            """)
        #expect(facts.warnings.isEmpty)
        #expect(facts.routes?.map(\.family) == [.inet, .inet6])
    }

    @Test("deep nesting and huge numbers do not crash")
    func hostileJSON() {
        let deep = String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)
        let facts = CaptureTest.section("ip-link", deep)
        #expect(facts.warnings.count == 1)
        let huge = CaptureTest.section("ip-link", "[{\"ifindex\":99999999999999999999999,\"ifname\":\"x\",\"flags\":[]}]")
        #expect(huge.links?.first?.index == nil)
    }
}
