import Testing
@testable import NetProbe

@Suite("ip rule and ip neigh text")
struct IPTextRuleNeighTests {
    @Test("the WSL mirrored rule set: priorities, iif, ipproto, tables")
    func mirroredRules() throws {
        let facts = CaptureTest.section("ip-rule", """
            0:\tfrom all iif loopback0 ipproto tcp lookup local
            0:\tfrom all iif loopback0 ipproto udp lookup local
            1:\tfrom all ipproto tcp lookup 127
            1:\tfrom all ipproto udp lookup 128
            2:\tfrom all lookup local
            32766:\tfrom all lookup main
            32767:\tfrom all lookup default
            """)
        #expect(facts.warnings.isEmpty)
        let rules = try #require(facts.rules)
        #expect(rules.map(\.priority) == [0, 0, 1, 1, 2, 32766, 32767])
        #expect(rules.map(\.table) == [255, 255, 127, 128, 255, 254, 253])
        #expect(rules[0].inputInterface == "loopback0" && rules[0].ipProto == "tcp" && rules[0].source == nil)
        #expect(rules[1].ipProto == "udp")
        #expect(rules.allSatisfy { $0.family == .inet && $0.action == nil })
        #expect(facts.rules6 == nil)
    }

    @Test("selectors and actions: from/to, dport, sport range, oif, fwmark, blackhole, goto, unreachable")
    func selectorsAndActions() throws {
        let facts = CaptureTest.section("ip-rule", """
            100:\tfrom all fwmark 0xca6c/0xffff lookup 51820
            5208:\tfrom all to 10.8.0.0/16 lookup main suppress_prefixlength 0
            5209:\tfrom 192.168.178.57 iif lo oif wlp0s20f3 lookup 200 proto static
            5210:\tfrom all ipproto tcp dport 8080 lookup 100
            5211:\tfrom all sport 1000-2000 blackhole
            5212:\tfrom all goto 32766
            5213:\tfrom all unreachable
            """)
        #expect(facts.warnings.isEmpty, "\(facts.warnings)")
        let rules = try #require(facts.rules)
        #expect(rules[0].fwmark == "0xca6c/0xffff" && rules[0].table == 51820)
        #expect(rules[1].destination == "10.8.0.0/16" && rules[1].table == 254)
        #expect(rules[2].source == "192.168.178.57" && rules[2].inputInterface == "lo" && rules[2].outputInterface == "wlp0s20f3")
        #expect(rules[3].destinationPort == "8080" && rules[3].ipProto == "tcp" && rules[3].table == 100)
        #expect(rules[4].sourcePort == "1000-2000" && rules[4].action == "blackhole" && rules[4].table == nil)
        #expect(rules[5].action == "goto" && rules[6].action == "unreachable")
    }

    @Test("ip -6 rule goes to rules6 with family inet6")
    func rules6() throws {
        let facts = CaptureTest.section("ip-rule6", "0:\tfrom all lookup local\n1000:\tfrom 2001:db8::/64 lookup 201\n")
        #expect(facts.rules == nil)
        #expect(facts.rules6?.map(\.family) == [.inet6, .inet6])
        #expect(facts.rules6?.last?.source == "2001:db8::/64")
    }

    @Test("collapsed rules are split before each N: priority, after a prompt")
    func collapsedRules() throws {
        let facts = CaptureTest.section("ip-rule",
            "user@host:~$ ip rule 0:      from all lookup local 32766:  from all lookup main 32767:  from all lookup default\n")
        #expect(facts.warnings.isEmpty, "\(facts.warnings)")
        #expect(facts.rules?.map(\.priority) == [0, 32766, 32767])
        #expect(facts.rules?.map(\.table) == [255, 254, 253])
    }

    @Test("inverted rules, unknown tables and lines without priority are warnings with line numbers")
    func ruleWarnings() {
        let facts = CaptureTest.section("ip-rule", """
            0:\tfrom all lookup local
            10:\tnot from all fwmark 0x1 lookup 100
            from all lookup main
            20:\tfrom all lookup vpn
            32766:\tfrom all lookup main
            """)
        #expect(facts.rules?.map(\.priority) == [0, 32766])
        #expect(CaptureTest.lines(facts) == [3, 4, 5])
    }

    @Test("neighbours: PERMANENT WSL gateway, lower-cased lladdr, router flag, FAILED without lladdr")
    func neighbours() throws {
        let facts = CaptureTest.section("ip-neigh", """
            169.254.73.249 dev loopback0 lladdr 00:11:22:33:44:55 PERMANENT
            192.168.1.1 dev eth0 lladdr 3C:A6:2F:91:0E:7B REACHABLE
            192.168.1.77 dev eth0  FAILED
            fe80::3ea6:2fff:fe91:e7b dev eth0 lladdr 3c:a6:2f:91:0e:7b router STALE
            """)
        #expect(facts.warnings.isEmpty)
        let entries = try #require(facts.neighbours)
        #expect(entries.map(\.destination) == ["169.254.73.249", "192.168.1.1", "192.168.1.77", "fe80::3ea6:2fff:fe91:e7b"])
        #expect(entries.map(\.device) == ["loopback0", "eth0", "eth0", "eth0"])
        #expect(entries.map(\.lladdr) == ["00:11:22:33:44:55", "3c:a6:2f:91:0e:7b", nil, "3c:a6:2f:91:0e:7b"])
        #expect(entries.map(\.state) == [["PERMANENT"], ["REACHABLE"], ["FAILED"], ["STALE"]])
    }

    @Test("collapsed neighbours split at each address; a cut-off lladdr warns")
    func collapsedNeighbours() {
        let facts = CaptureTest.section("ip-neigh",
            "# ip n 169.254.73.249 dev loopback0 lladdr 00:11:22:33:44:55 PERMANENT 192.168.1.1 dev eth0 lladdr 3c:a6:2f:91:0e REACHABLE\n")
        #expect(facts.neighbours?.map(\.destination) == ["169.254.73.249", "192.168.1.1"])
        #expect(facts.neighbours?.last?.lladdr == "3c:a6:2f:91:0e", "five octets is still a link-layer address")
        #expect(facts.warnings.isEmpty)
        let cut = CaptureTest.section("ip-neigh", "192.168.1.1 dev eth0 lladdr 3c:a6:2f:91:0\n")
        #expect(cut.neighbours?.first?.lladdr == nil)
        #expect(CaptureTest.lines(cut) == [2])
    }
}
