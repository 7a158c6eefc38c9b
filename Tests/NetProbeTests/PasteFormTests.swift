import Foundation
import Testing
@testable import NetProbe
import NetProbeLive
import TestSupport

/// Item 5 and 6 of issue 12: what people paste (prompts, fences, headings; UTF-16, BOM, CRLF; ifconfig, ip -br,
/// ip -4/-6, ip link alone) gives the same facts and the same verdict as the plain `ip` text.
@Suite("Paste forms and encodings")
struct PasteFormTests {
    /// The Hyper-V `eth0` of the issue, as `ip addr` prints it.
    static let ipAddr = """
        1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
            link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
            inet 127.0.0.1/8 scope host lo
               valid_lft forever preferred_lft forever
            inet6 ::1/128 scope host
               valid_lft forever preferred_lft forever
        2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP group default qlen 1000
            link/ether 00:15:5d:01:77:fa brd ff:ff:ff:ff:ff:ff
            inet 172.23.240.213/20 brd 172.23.255.255 scope global eth0
               valid_lft forever preferred_lft forever
            inet6 fe80::215:5dff:fe01:77fa/64 scope link
               valid_lft forever preferred_lft forever

        """

    static let ifconfigModern = """
        eth0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500
                inet 172.23.240.213  netmask 255.255.240.0  broadcast 172.23.255.255
                inet6 fe80::215:5dff:fe01:77fa  prefixlen 64  scopeid 0x20<link>
                ether 00:15:5d:01:77:fa  txqueuelen 1000  (Ethernet)
                RX packets 5102  bytes 6312744 (6.3 MB)
                RX errors 0  dropped 0  overruns 0  frame 0
                TX packets 2234  bytes 190102 (190.1 KB)
                TX errors 0  dropped 0 overruns 0  carrier 0  collisions 0

        lo: flags=73<UP,LOOPBACK,RUNNING>  mtu 65536
                inet 127.0.0.1  netmask 255.0.0.0
                inet6 ::1  prefixlen 128  scopeid 0x10<host>
                loop  txqueuelen 1000  (Local Loopback)
                RX packets 4  bytes 240 (240.0 B)

        """

    static let ifconfigOld = """
        eth0      Link encap:Ethernet  HWaddr 00:15:5d:01:77:fa
                  inet addr:172.23.240.213  Bcast:172.23.255.255  Mask:255.255.240.0
                  inet6 addr: fe80::215:5dff:fe01:77fa/64 Scope:Link
                  UP BROADCAST RUNNING MULTICAST  MTU:1500  Metric:1
                  RX packets:5102 errors:0 dropped:0 overruns:0 frame:0
                  collisions:0 txqueuelen:1000
                  RX bytes:6312744 (6.3 MB)  TX bytes:190102 (190.1 KB)

        lo        Link encap:Local Loopback
                  inet addr:127.0.0.1  Mask:255.0.0.0
                  inet6 addr: ::1/128 Scope:Host
                  UP LOOPBACK RUNNING  MTU:65536  Metric:1

        """

    static let brief = """
        $ ip -br addr
        lo               UNKNOWN        127.0.0.1/8 ::1/128
        eth0             UP             172.23.240.213/20 fe80::215:5dff:fe01:77fa/64

        """

    static let briefLink = """
        $ ip -br link
        lo               UNKNOWN        00:00:00:00:00:00 <LOOPBACK,UP,LOWER_UP>
        eth0             UP             00:15:5d:01:77:fa <BROADCAST,MULTICAST,UP,LOWER_UP>

        """

    static func capture(_ body: String, osrelease: Bool = true) -> MachineFacts {
        let kernel = osrelease ? "### osrelease\n5.15.167.4-microsoft-standard-WSL2\n" : ""
        return CaptureReader.parse(text: kernel + "### ip-addr\n" + body, file: "/t/capture.txt")
    }

    /// The addresses as (interface, address/length, scope), order-free.
    static func addressSet(_ facts: MachineFacts) -> Set<String> {
        Set((facts.addresses ?? []).map { "\($0.interface ?? "?") \($0.local)/\($0.prefixLength) \($0.scope ?? "-")" })
    }

    @Test("ifconfig (modern and old), ip -br addr with ip -br link: the same addresses, MACs and verdict as ip addr, no warnings")
    func sameFactsAnyFormat() throws {
        let reference = Self.capture(Self.ipAddr)
        let verdict = Classifier.classify(reference)
        #expect(verdict.kind == .wsl2 && verdict.wslNetworkingMode == .nat)
        // `ip -br addr` prints no MAC: it goes with `ip -br link`, as `ip addr` goes with nothing.
        let variants = [("ifconfig", Self.ifconfigModern), ("ifconfig old", Self.ifconfigOld),
                        ("ip -br addr + ip -br link", Self.brief + "### ip-link\n" + Self.briefLink)]
        for (name, body) in variants {
            let facts = Self.capture(body)
            #expect(facts.warnings.isEmpty, "\(name): \(facts.warnings)")
            #expect(Self.addressSet(facts) == Self.addressSet(reference), "\(name)")
            let eth0 = facts.links?.first { $0.name == "eth0" }
            #expect(eth0?.isUp == true, "\(name)")
            if !name.hasPrefix("ip -br") {
                #expect(eth0?.mac == "00:15:5d:01:77:fa", "\(name)")
                #expect(eth0?.mtu == 1500, "\(name)")
                #expect(facts.links?.first { $0.name == "lo" }?.linkType == "loopback", "\(name)")
            }
            let other = Classifier.classify(facts)
            #expect(other.kind == verdict.kind && other.wslNetworkingMode == verdict.wslNetworkingMode, "\(name): \(other.summary)")
        }
    }

    @Test("ip -br link gives links with MACs and flags, and leaves addresses unknown")
    func briefLink() {
        let facts = CaptureReader.parse(text: "### ip-link\n" + Self.briefLink, file: "/t/c")
        #expect(facts.warnings.isEmpty, "\(facts.warnings)")
        #expect(facts.links?.map(\.name) == ["lo", "eth0"])
        #expect(facts.links?.last?.mac == "00:15:5d:01:77:fa")
        #expect(facts.links?.last?.flags == ["BROADCAST", "MULTICAST", "UP", "LOWER_UP"])
        #expect(facts.addresses == nil)
    }

    @Test("ip -4 a and ip -6 a: each family's addresses, and -4 alone does not make ::1 missing")
    func familyFiltered() {
        let four = Self.capture("$ ip -4 a\n" + Self.ipAddr.split(separator: "\n").filter { !$0.contains("inet6") }.joined(separator: "\n"))
        #expect(four.warnings.isEmpty, "\(four.warnings)")
        #expect((four.addresses ?? []).allSatisfy { $0.family == .inet })
        #expect(four.ipv6LoopbackAvailable, "an ip -4 listing shows nothing about ::1")
        let six = Self.capture("$ ip -6 a\n" + Self.ipAddr.split(separator: "\n").filter { !$0.contains("inet ") }.joined(separator: "\n"))
        #expect((six.addresses ?? []).allSatisfy { $0.family == .inet6 })
        #expect(six.addresses?.contains { $0.local == "::1" } == true)
    }

    @Test("ip route without a table: main (local types in local), no warnings")
    func routeWithoutTable() {
        let facts = CaptureReader.parse(text: """
            ### ip-route
            $ ip route
            default via 172.23.240.1 dev eth0 proto kernel
            172.23.240.0/20 dev eth0 proto kernel scope link src 172.23.240.213
            local 127.0.0.1 dev lo proto kernel scope host src 127.0.0.1
            """, file: "/t/c")
        #expect(facts.warnings.isEmpty, "\(facts.warnings)")
        #expect(facts.routes?.map(\.table) == [RouteTable.main, RouteTable.main, RouteTable.local])
    }

    @Test("prompts and wrappers: Kali two-line, zsh %, fish ~>, ❯, PS C:\\>, fences, headings are skipped silently")
    func promptsAndWrappers() {
        let wrapped = """
            ## Network
            ```text
            ┌──(root㉿kali)-[~]
            └─# ip a
            \(Self.ipAddr)```
            ~~~
            kali % ip addr
            user@host ~> ip a
            ❯ ip a
            PS C:\\> wsl ip a
            ~~~
            """
        let facts = Self.capture(wrapped)
        #expect(facts.warnings.isEmpty, "\(facts.warnings)")
        #expect(Self.addressSet(facts) == Self.addressSet(Self.capture(Self.ipAddr)))
        let wrappedRelease = CaptureReader.parse(text: "### osrelease\n```\n$ uname -r\n5.15.167.4-microsoft-standard-WSL2\n```\n", file: "/t/c")
        let kernel = Classifier.classify(wrappedRelease)
        #expect(kernel.kind == .wsl2)
        #expect(kernel.evidence.first { $0.signal == "kernel.release" }?.observed == "5.15.167.4-microsoft-standard-WSL2")
        let wslinfo = CaptureReader.parse(
            text: "### osrelease\n5.15.167.4-microsoft-standard-WSL2\n### wslinfo\n```\n$ wslinfo --networking-mode\nmirrored\n```\n",
            file: "/t/c")
        #expect(Classifier.classify(wslinfo).evidence.contains { $0.signal == "wslinfo.networking-mode" && $0.observed == "mirrored" })
    }

    @Test("CRLF line ends: same facts and verdict (mountinfo stays native, resolv.conf evidence kept)")
    func crlfSameVerdict() throws {
        for name in ["native-debian.txt", "wsl2-nat.txt", "wsl2-dnstunnel-nat.txt", "docker-on-wsl2.txt", "wsl2-mirrored-full.txt"] {
            let text = try String(contentsOfFile: Fixtures.path("captures/\(name)"), encoding: .utf8)
            let lf = CaptureReader.parse(text: text, file: "/t/\(name)")
            let crlf = CaptureReader.parse(text: text.replacingOccurrences(of: "\n", with: "\r\n"), file: "/t/\(name)")
            #expect(crlf == lf, "\(name)")
            #expect(Classifier.classify(crlf) == Classifier.classify(lf), "\(name)")
        }
    }

    @Test("encodings on disk: UTF-16LE with BOM (PowerShell 5 `>`), UTF-16BE, UTF-8 BOM + CRLF read as the UTF-8 file")
    func encodingsOnDisk() throws {
        let dir = TestDirectory.make("capture-tests")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let text = try String(contentsOfFile: Fixtures.path("captures/wsl2-nat.txt"), encoding: .utf8)
        let plain = dir + "/plain.txt"
        try text.write(toFile: plain, atomically: true, encoding: .utf8)
        let reference = try CaptureReader.read(path: plain)
        let windows = text.replacingOccurrences(of: "\n", with: "\r\n")
        var le: [UInt8] = [0xFF, 0xFE]
        for unit in windows.utf16 { le += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        var be: [UInt8] = [0xFE, 0xFF]
        for unit in windows.utf16 { be += [UInt8(unit >> 8), UInt8(unit & 0xFF)] }
        let variants: [(String, [UInt8])] = [
            ("utf16le.txt", le), ("utf16be.txt", be), ("utf8bom.txt", [0xEF, 0xBB, 0xBF] + Array(windows.utf8)),
        ]
        for (name, bytes) in variants {
            let path = dir + "/" + name
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            var facts = try CaptureReader.read(path: path)
            // The same warnings at the same lines, naming this file.
            #expect(facts.warnings.map { "\($0.line ?? 0) \($0.message)" } == reference.warnings.map { "\($0.line ?? 0) \($0.message)" }, "\(name)")
            facts.origin = reference.origin
            facts.warnings = reference.warnings
            #expect(facts == reference, "\(name)")
        }
        let odd = dir + "/odd.txt"
        try Data([0xFF, 0xFE, 0x23, 0x00, 0x23]).write(to: URL(fileURLWithPath: odd))
        #expect(throws: CaptureError(path: odd, reason: .notUTF16(byteOffset: 4))) { try CaptureReader.read(path: odd) }
    }

    @Test("item 7: a container's veth eth0@if33 is not a bridged uplink; WSL1's shape reads as WSL1 (low)")
    func pasteShapes() {
        let veth = CaptureReader.parse(text: """
            ### ip-addr
            1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
                link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
                inet 127.0.0.1/8 scope host lo
            33: eth0@if34: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default
                link/ether 02:42:ac:11:00:02 brd ff:ff:ff:ff:ff:ff link-netnsid 0
                inet 172.17.0.2/16 brd 172.17.255.255 scope global eth0
            ### osrelease
            5.15.167.4-microsoft-standard-WSL2
            """, file: "/t/c")
        let verdict = Classifier.classify(veth)
        #expect(verdict.wslNetworkingMode != .bridged, "\(verdict.summary)")
        #expect(!verdict.evidence.contains { $0.signal == "netlink.lan-uplink" })
        #expect(verdict.evidence.contains { $0.signal == "netlink.veth-uplink" })
        // Neutral, and still about something: a claim is never empty (the report schema; the simulated NAT machine's
        // veth eth0 gave `"claim": ""`).
        #expect(verdict.evidence.allSatisfy { !$0.claim.isEmpty }, "\(verdict.evidence.filter { $0.claim.isEmpty })")

        let wsl1 = CaptureReader.parse(text: """
            ### ip-addr
            1: lo: <LOOPBACK,UP> mtu 1500 group default qlen 1
                link/loopback 00:00:00:00:00:00
                inet 127.0.0.1/8 brd 127.255.255.255 scope global dynamic
                   valid_lft forever preferred_lft forever
                inet6 ::1/128 scope global dynamic
                   valid_lft forever preferred_lft forever
            18: wifi0: <BROADCAST,MULTICAST,UP> mtu 1500 group default qlen 1
                link/ieee802.11 64:bc:58:00:00:01
                inet 192.168.1.119/24 brd 192.168.1.255 scope global dynamic
                   valid_lft 5993sec preferred_lft 5993sec
            """, file: "/t/c")
        #expect(wsl1.warnings.isEmpty, "\(wsl1.warnings)")
        let one = Classifier.classify(wsl1)
        #expect(one.kind == .wsl1 && one.confidence == .low, "\(one.summary)")
        #expect(Set(one.evidence.map(\.signal)).isSuperset(of: ["shape.wsl1-lo-scope-global", "shape.wsl1-windows-adapter"]))
    }
}
