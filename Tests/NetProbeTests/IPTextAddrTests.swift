import Testing
@testable import NetProbe

@Suite("ip addr / ip link text")
struct IPTextAddrTests {
    @Test("a full ip addr with prompt line gives links, addresses, flags and lower-case MACs")
    func fullOutputWithPrompt() throws {
        let facts = CaptureTest.section("ip-addr", """
            duncanrj@tdinvwks012:~$ ip addr
            1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
                link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
                inet 127.0.0.1/8 scope host lo
                   valid_lft forever preferred_lft forever
                inet 10.255.255.254/32 brd 10.255.255.254 scope global lo
                   valid_lft forever preferred_lft forever
                inet6 ::1/128 scope host
                   valid_lft forever preferred_lft forever
            2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP group default qlen 1000
                link/ether 3C:52:82:6A:10:4E brd ff:ff:ff:ff:ff:ff
                inet 192.168.1.23/24 brd 192.168.1.255 scope global noprefixroute eth0
                   valid_lft forever preferred_lft forever
                inet6 fe80::1d2c:8a41:77b0:93e1/64 scope link nodad noprefixroute
                   valid_lft forever preferred_lft forever
            3: loopback0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP group default qlen 1000
                link/ether 00:15:5d:4f:23:d9 brd ff:ff:ff:ff:ff:ff
            """)
        #expect(facts.warnings.isEmpty)
        let links = try #require(facts.links)
        #expect(links.map(\.name) == ["lo", "eth0", "loopback0"])
        #expect(links.map(\.index) == [1, 2, 3])
        #expect(links[0].flags == ["LOOPBACK", "UP", "LOWER_UP"])
        #expect(links[0].mtu == 65536 && links[0].operState == "UNKNOWN" && links[0].linkType == "loopback")
        #expect(links[1].mac == "3c:52:82:6a:10:4e")
        #expect(links[2].mac == "00:15:5d:4f:23:d9" && links[2].isUp)
        let addresses = try #require(facts.addresses)
        #expect(addresses.map(\.local) == ["127.0.0.1", "10.255.255.254", "::1", "192.168.1.23", "fe80::1d2c:8a41:77b0:93e1"])
        #expect(addresses.map(\.interface) == ["lo", "lo", "lo", "eth0", "eth0"])
        #expect(addresses.map(\.prefixLength) == [8, 32, 128, 24, 64])
        #expect(addresses[3].flags == ["noprefixroute"] && addresses[3].scope == "global" && addresses[3].label == nil)
        #expect(addresses[4].flags == ["nodad", "noprefixroute"] && addresses[4].family == .inet6 && addresses[4].scope == "link")
        #expect(!addresses.contains { $0.interface == "loopback0" })
    }

    @Test("eth0@if6 and @NONE give the name and the peer; link-netnsid, permaddr, altname and proto are accepted")
    func peersAndExtras() throws {
        let facts = CaptureTest.section("ip-addr", """
            2: tunl0@NONE: <NOARP> mtu 1480 qdisc noop state DOWN group default qlen 1000
                link/ipip 0.0.0.0 brd 0.0.0.0
            3: wlp0s20f3: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000
                link/ether 7a:31:c2:05:dd:4e brd ff:ff:ff:ff:ff:ff permaddr 3c:58:c2:05:dd:4e
                altname wlx3c58c205dd4e
                inet 192.168.178.57/24 brd 192.168.178.255 scope global dynamic noprefixroute wlp0s20f3
                   valid_lft 863541sec preferred_lft 863541sec
            7: eth0@if6: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default
                link/ether 02:42:ac:11:00:02 brd ff:ff:ff:ff:ff:ff link-netnsid 0
                inet 172.17.0.2/16 brd 172.17.255.255 scope global eth0
                   valid_lft forever preferred_lft forever
                inet6 ::1/128 scope host proto kernel_lo
                   valid_lft forever preferred_lft forever
            """)
        #expect(facts.warnings.isEmpty, "\(facts.warnings)")
        let links = try #require(facts.links)
        #expect(links.map(\.name) == ["tunl0", "wlp0s20f3", "eth0"])
        #expect(links.map(\.peer) == ["NONE", nil, "if6"])
        #expect(links[0].linkType == "ipip" && links[0].flags == ["NOARP"])
        #expect(links[1].mac == "7a:31:c2:05:dd:4e")
        #expect(links[2].index == 7 && links[2].mac == "02:42:ac:11:00:02")
        let addresses = try #require(facts.addresses)
        #expect(addresses.map(\.interface) == ["wlp0s20f3", "eth0", "eth0"])
        #expect(addresses[0].flags == ["dynamic", "noprefixroute"])
    }

    @Test("address lines without a link header take the interface from the IPv4 label")
    func fragmentWithoutHeader() throws {
        let facts = CaptureTest.section("ip-addr", """
                inet 192.168.108.21/16 brd 192.168.255.255 scope global noprefixroute eth0
                   valid_lft forever preferred_lft forever
                inet 10.10.0.202/24 brd 10.10.0.255 scope global noprefixroute eth0:1
                   valid_lft forever preferred_lft forever
                inet6 fe80::5/64 scope link
            """)
        #expect(facts.warnings.isEmpty)
        #expect(facts.links == nil, "a fragment does not prove which links exist")
        let addresses = try #require(facts.addresses)
        #expect(addresses.map(\.interface) == ["eth0", "eth0", nil])
        #expect(addresses.map(\.label) == [nil, "eth0:1", nil])
        #expect(addresses[0].prefixLength == 16 && addresses[0].flags == ["noprefixroute"])
    }

    @Test("a label that differs from the link name is kept (eth0:1 added by hand)")
    func secondaryLabel() throws {
        let facts = CaptureTest.section("ip-addr", """
            4: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP group default qlen 1000
                link/ether 00:15:5d:45:a2:ee brd ff:ff:ff:ff:ff:ff
                inet 172.20.153.142/20 brd 172.20.159.255 scope global eth0
                   valid_lft forever preferred_lft forever
                inet 192.168.1.3/24 brd 192.168.1.255 scope global secondary eth0:1
                   valid_lft forever preferred_lft forever
            """)
        let addresses = try #require(facts.addresses)
        #expect(addresses.map(\.interface) == ["eth0", "eth0"])
        #expect(addresses[1].label == "eth0:1" && addresses[1].flags == ["secondary"])
        #expect(facts.links?.first?.index == 4)
    }

    @Test("a cut-off last line is a warning on its line; the data before it counts")
    func cutOffLastLine() throws {
        let facts = CaptureTest.section("ip-addr", """
            1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
                link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
                inet 127.0.0.1/8 scope host lo
            2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP group default qlen 1000
                link/ether 00:15:5d:45:a2:ee brd ff:ff:ff:ff:ff:ff
                inet 172.20.15
            """)
        #expect(facts.links?.map(\.name) == ["lo", "eth0"])
        #expect(facts.addresses?.map(\.local) == ["127.0.0.1"])
        #expect(facts.warnings.count == 1)
        let warning = try #require(facts.warnings.first)
        #expect(warning.line == 7 && warning.section == "ip-addr" && warning.file == CaptureTest.file)
        #expect(warning.message.contains("cut off"))
    }

    @Test("a header cut inside its flags is a warning, not a link")
    func cutOffHeader() {
        let facts = CaptureTest.section("ip-addr", """
            1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
                link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
            2: eth0: <BROADCAST,MULTI
            """)
        #expect(facts.links?.map(\.name) == ["lo"])
        #expect(CaptureTest.lines(facts) == [4])
    }

    @Test("unparseable lines are warnings with their line in the file; the rest still counts")
    func junkLines() {
        let text = """
            # openclaw-capture v1
            ### osrelease
            6.6.87.2-microsoft-standard-WSL2
            ### ip-addr
            1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
            Device "eth9" does not exist.
                inet 127.0.0.1/8 scope host lo
                inet 300.1.1.1/8 scope host lo
            """
        let facts = CaptureReader.parse(text: text, file: "/tmp/c.txt")
        #expect(facts.addresses?.map(\.local) == ["127.0.0.1"])
        #expect(CaptureTest.lines(facts) == [6, 8])
        #expect(facts.warnings.allSatisfy { $0.section == "ip-addr" && $0.file == "/tmp/c.txt" })
    }

    @Test("ip link output fills links and leaves addresses unknown when the prompt says ip link")
    func ipLinkPrompt() throws {
        let facts = CaptureTest.section("ip-addr", """
            $ ip link
            1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000
                link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
            5: wg0: <POINTOPOINT,NOARP,UP,LOWER_UP> mtu 1420 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000
                link/none
            """)
        #expect(facts.warnings.isEmpty)
        #expect(facts.links?.map(\.name) == ["lo", "wg0"])
        #expect(facts.links?.last?.linkType == "none" && facts.links?.last?.mac == nil)
        #expect(facts.addresses == nil)
    }

    @Test("PowerShell, root and bracket prompts and > continuations are skipped", arguments: [
        "PS C:\\Users\\me> wsl ip a",
        "# ip a",
        "$ ip a",
        "[root@fedora ~]# ip addr show eth0",
        "bash-5.2$ sudo ip -4 addr",
        "> ip a",
    ])
    func promptLines(prompt: String) throws {
        let facts = CaptureTest.section("ip-addr", """
            \(prompt)
            2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP group default qlen 1000
                inet 172.20.153.142/20 brd 172.20.159.255 scope global eth0
            """)
        #expect(facts.warnings.isEmpty, "\(facts.warnings)")
        #expect(facts.links?.map(\.name) == ["eth0"])
        #expect(facts.addresses?.count == 1)
    }

    @Test("ip -o addr lines (index and name, then the address, backslash continuations)")
    func onelineOutput() throws {
        let facts = CaptureTest.section("ip-addr", """
            1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever
            2: eth0    inet 192.0.2.2/24 brd 192.0.2.255 scope global eth0\\       valid_lft forever preferred_lft forever
            2: eth0    inet6 fe80::fc:ff:fe00:1/64 scope link \\       valid_lft forever preferred_lft forever
            """)
        #expect(facts.warnings.isEmpty, "\(facts.warnings)")
        #expect(facts.addresses?.map(\.interface) == ["lo", "eth0", "eth0"])
        #expect(facts.addresses?.map(\.label) == [nil, nil, nil])
    }

    @Test("an empty section is known-empty; an absent one is unknown")
    func emptyVersusAbsent() {
        let empty = CaptureReader.parse(text: "### ip-addr\n### ip-route\n", file: "f")
        #expect(empty.links == [] && empty.addresses == [] && empty.routes == [])
        #expect(empty.rules == nil && empty.neighbours == nil)
        let junk = CaptureTest.section("ip-route", "this is not a route\n")
        #expect(junk.routes == nil, "nothing readable: unknown, not empty")
        #expect(CaptureTest.lines(junk) == [2])
    }
}
