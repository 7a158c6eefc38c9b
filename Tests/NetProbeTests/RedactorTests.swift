import Foundation
import Testing
import TestSupport
@testable import NetProbe

@Suite("Redactor")
struct RedactorTests {
    let redactor = Redactor(key: 42, hostNames: ["tdinvwks012"], userNames: ["duncanrj"])

    @Test("private addresses keep their range and subnets stay consistent")
    func prefixPreserving() throws {
        let s = AddressScrambler(key: 7)
        let a = try #require(s.scramble("172.20.153.142"))
        let gw = try #require(s.scramble("172.20.144.1"))
        #expect(a != "172.20.153.142")
        #expect(a.hasPrefix("172."))
        let second = try #require(Int(a.split(separator: ".")[1]))
        #expect((16...31).contains(second))
        // Same /20 before, same /20 after.
        let net = { (x: String) in IPv4Bits(x)!.value >> 12 }
        #expect(net(a) == net(gw))
        #expect(try #require(s.scramble("192.168.1.23")).hasPrefix("192.168."))
        #expect(try #require(s.scramble("10.20.30.255")).hasPrefix("10."))
        #expect(s.scramblePrefix("172.20.144.0/20").map { IPv4Bits(String($0.split(separator: "/")[0]))!.value >> 12 } == net(a))
        #expect(s.scramblePrefix("172.20.144.0/20")?.hasSuffix(".0/20") == true)
    }

    @Test("addresses that carry meaning are kept", arguments: [
        "127.0.0.1", "127.0.0.42", "10.255.255.254", "169.254.73.249", "169.254.73.250", "0.0.0.0",
        "255.255.255.255", "224.0.0.251", "::1", "::", "ff02::1", "fe80::500:4aef:feef:2aa2",
    ])
    func kept(_ address: String) {
        #expect(AddressScrambler(key: 1).scramble(address) == address)
    }

    @Test("a redacted address never equals its input, for any key (a /16 inside 172.16.0.0/12 included)")
    func neverIdentity() {
        for key in UInt64(0)..<64 {
            let s = AddressScrambler(key: key)
            for a in ["172.17.0.1", "10.0.0.1", "192.168.1.1", "203.0.113.7", "fd00::1", "2001:db8::5"] {
                #expect(s.scramble(a) != a, "key \(key): \(a)")
            }
            #expect(s.scramblePrefix("172.17.0.0/16") != "172.17.0.0/16", "key \(key)")
        }
    }

    @Test("the same input gives the same token; different keys give different tokens")
    func consistency() {
        let a = AddressScrambler(key: 1), b = AddressScrambler(key: 2)
        #expect(a.scramble("203.0.113.9") == a.scramble("203.0.113.9"))
        #expect(a.scramble("2001:db8::1") == a.scramble("2001:db8::1"))
        #expect(a.scramble("203.0.113.9") != b.scramble("203.0.113.9") || a.scramble("198.51.100.1") != b.scramble("198.51.100.1"))
        #expect(a.scramble("fd12:3456::1")?.hasPrefix("fd") == true)
    }

    @Test("MACs: the Hyper-V OUI survives, others become locally administered")
    func macs() throws {
        let m = MACScrambler(key: 3)
        let hv = try #require(m.scramble("00:15:5D:45:A2:EE"))
        #expect(hv.hasPrefix("00:15:5d:") && hv != "00:15:5d:45:a2:ee")
        let other = try #require(m.scramble("3c:52:82:6a:10:4e"))
        #expect(other.hasPrefix("02:") && other != "3c:52:82:6a:10:4e")
        #expect(m.scramble("00:11:22:33:44:55") == "00:11:22:33:44:55")
        #expect(m.scramble("not-a-mac") == nil)
    }

    @Test("an EUI-64 link-local address follows its redacted MAC")
    func eui64() throws {
        var facts = MachineFacts(origin: .live)
        facts.links = [Link(index: 4, name: "eth0", mac: "00:15:5d:45:a2:ee")]
        facts.addresses = [InterfaceAddress(interface: "eth0", family: .inet6, local: "fe80::215:5dff:fe45:a2ee", prefixLength: 64)]
        let out = redactor.redact(facts)
        let mac = try #require(out.links?.first?.mac)
        let local = try #require(out.addresses?.first?.local)
        #expect(local != "fe80::215:5dff:fe45:a2ee")
        #expect(local.hasPrefix("fe80::"))
        let v6 = try #require(IPv6Bits(local))
        #expect(MACScrambler.macFromEUI64(v6.low) == mac)
    }

    @Test("free text loses addresses, MACs, host and user names")
    func text() {
        let f = { () -> MachineFacts in
            var f = MachineFacts(origin: .capture(path: "/home/duncanrj/cap.txt"))
            f.hosts = "127.0.0.1 localhost\n127.0.1.1 tdinvwks012.corp.example tdinvwks012\n192.168.1.50 nas\n"
            f.resolvConf = "nameserver 10.255.255.254\nsearch corp.example\n"
            f.procVersion = "Linux tdinvwks012 5.15.153.1-microsoft-standard-WSL2 #1 SMP x86_64 GNU/Linux"
            f.wslconfig = WslConfigFile(path: "/mnt/c/Users/Duncan R/.wslconfig", text: "[wsl2]\nnetworkingMode=mirrored\n")
            f.mountinfo = "1 0 8:1 / /mnt/c rw - 9p C:\\ rw\n2 1 0:1 /home/duncanrj /home/duncanrj rw - ext4 /dev/sdc rw"
            return f
        }()
        let r = Redactor(key: 9, learningFrom: f)
        let out = r.redact(f)
        let all = [out.hosts, out.resolvConf, out.procVersion, out.wslconfig?.path, out.mountinfo].compactMap { $0 }.joined(separator: "\n")
        for secret in ["tdinvwks012", "corp.example", "192.168.1.50", "duncanrj", "Duncan R"] {
            #expect(!all.contains(secret), "\(secret) survived")
        }
        #expect(all.contains("10.255.255.254"))
        #expect(all.contains("localhost"))
        #expect(out.procVersion?.contains("5.15.153.1-microsoft-standard-WSL2") == true)
        #expect(out.wslconfig?.text.contains("networkingMode=mirrored") == true)
    }

    @Test("/proc/net/tcp hex addresses are redacted and re-encoded")
    func procNet() {
        let text = """
          sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
           0: 0100007F:4965 00000000:0000 0A 00000000:00000000 00:00:00000000 00000000  1000        0 12345 1
           1: 8E9914AC:0016 0B0114AC:D431 01 00000000:00000000 00:00:00000000 00000000     0        0 23456 1
        """
        let out = redactor.redact({ var f = MachineFacts(origin: .live); f.procNetTCP = text; return f }()).procNetTCP ?? ""
        #expect(out.contains("0100007F:4965"))       // loopback kept
        #expect(!out.contains("8E9914AC"))           // 172.20.153.142 replaced
        #expect(out.contains(":0016 "))              // ports kept
        #expect(out.split(separator: "\n").count == text.split(separator: "\n").count)
    }

    @Test("random text never crashes the scrubber", arguments: 0..<4)
    func fuzz(seed: Int) {
        var rng = SeededGenerator(seed: UInt64(seed))
        let alphabet = Array("0123456789abcdefABCDEF.:/ \n-_xyzfe80::%")
        for _ in 0..<300 {
            let text = String((0..<Int(rng.next() % 120)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] })
            _ = redactor.scrub(text)
        }
    }
}

