import Testing
@testable import NetProbe

@Suite("ip addr with collapsed newlines")
struct IPTextCollapsedTests {
    static let collapsed = "duncanrj@tdinvwks012:~$ ip addr 1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000     link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00     inet 127.0.0.1/8 scope host lo        valid_lft forever preferred_lft forever     inet6 ::1/128 scope host        valid_lft forever preferred_lft forever 2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP group default qlen 1000     link/ether 00:15:5d:45:a2:ee brd ff:ff:ff:ff:ff:ff     inet 172.20.153.142/20 brd 172.20.159.255 scope global eth0        valid_lft forever preferred_lft forever     inet6 fe80::215:5dff:fe45:a2ee/64 scope link        valid_lft forever preferred_lft forever 3: loopback0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP group default qlen 1000     link/ether 00:15:5d:4f:23:d9 brd ff:ff:ff:ff:ff:ff"

    @Test("a whole ip addr on one line is split at link headers and inet/inet6/link tokens")
    func wholeOutputOnOneLine() throws {
        let facts = CaptureTest.section("ip-addr", Self.collapsed + "\n")
        #expect(facts.warnings.isEmpty, "\(facts.warnings)")
        let links = try #require(facts.links)
        #expect(links.map(\.name) == ["lo", "eth0", "loopback0"])
        #expect(links.map(\.mac) == ["00:00:00:00:00:00", "00:15:5d:45:a2:ee", "00:15:5d:4f:23:d9"])
        #expect(links.map(\.mtu) == [65536, 1500, 1500])
        let addresses = try #require(facts.addresses)
        #expect(addresses.map(\.local) == ["127.0.0.1", "::1", "172.20.153.142", "fe80::215:5dff:fe45:a2ee"])
        #expect(addresses.map(\.interface) == ["lo", "lo", "eth0", "eth0"])
        #expect(addresses.map(\.prefixLength) == [8, 128, 20, 64])
    }

    @Test("collapsed and normal lines give the same facts")
    func collapsedEqualsNormal() {
        let normal = CaptureTest.section("ip-addr", """
            1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
                link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
                inet 127.0.0.1/8 scope host lo
                   valid_lft forever preferred_lft forever
                inet6 ::1/128 scope host
                   valid_lft forever preferred_lft forever
            2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP group default qlen 1000
                link/ether 00:15:5d:45:a2:ee brd ff:ff:ff:ff:ff:ff
                inet 172.20.153.142/20 brd 172.20.159.255 scope global eth0
                   valid_lft forever preferred_lft forever
                inet6 fe80::215:5dff:fe45:a2ee/64 scope link
                   valid_lft forever preferred_lft forever
            3: loopback0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP group default qlen 1000
                link/ether 00:15:5d:4f:23:d9 brd ff:ff:ff:ff:ff:ff
            """)
        let collapsed = CaptureTest.section("ip-addr", Self.collapsed)
        #expect(normal.links == collapsed.links)
        #expect(normal.addresses == collapsed.addresses)
    }

    @Test("a collapsed line cut off at the end keeps everything before the cut and warns on that line")
    func collapsedCutOff() throws {
        let end = try #require(Self.collapsed.range(of: " 3: loopback0:"))
        let cut = String(Self.collapsed[..<end.lowerBound]) + " 3: loopback0: <BROADCAST,MULTIC"
        let facts = CaptureReader.parse(text: "# comment\n### ip-addr\n" + cut, file: "f")
        #expect(facts.links?.map(\.name) == ["lo", "eth0"])
        #expect(facts.addresses?.count == 4)
        #expect(CaptureTest.lines(facts) == [3])
    }
}
