import Foundation
import Testing
@testable import NetProbe
import TestSupport

/// Issue 19 (the Windows side, item 3): `ipconfig` / `ipconfig /all` in a paste land in `windows-ipconfig`; a Linux
/// interface holding a Windows adapter's address is (supporting) evidence of mirrored networking, and the adapters are
/// listed in the verdict's evidence.
@Suite("Triage: ipconfig")
struct TriageIpconfigTests {
    static let english = """
        Windows IP Configuration

           Host Name . . . . . . . . . . . . : DESKTOP-TEST01
           Primary Dns Suffix  . . . . . . . :
           Node Type . . . . . . . . . . . . : Hybrid

        Ethernet adapter Ethernet:

           Connection-specific DNS Suffix  . : home.example
           Description . . . . . . . . . . . : Intel(R) Ethernet Connection
           Physical Address. . . . . . . . . : 00-1A-2B-3C-4D-5E
           Link-local IPv6 Address . . . . . : fe80::1c2d:3e4f:5a6b:7c8d%12(Preferred)
           IPv4 Address. . . . . . . . . . . : 192.168.1.23(Preferred)
           Subnet Mask . . . . . . . . . . . : 255.255.255.0
           Default Gateway . . . . . . . . . : 192.168.1.1
           DHCP Server . . . . . . . . . . . : 192.168.1.1
           DHCPv6 Client DUID. . . . . . . . : 00-01-00-01-2A-3B-4C-5D-00-1A-2B-3C-4D-5E
           DNS Servers . . . . . . . . . . . : 192.168.1.1
                                               8.8.8.8

        Wireless LAN adapter Wi-Fi:

           Media State . . . . . . . . . . . : Media disconnected

        Ethernet adapter vEthernet (WSL (Hyper-V firewall)):

           IPv4 Address. . . . . . . . . . . : 172.20.144.1
           Subnet Mask . . . . . . . . . . . : 255.255.240.0
        """

    static let german = """
        Windows-IP-Konfiguration

        Ethernet-Adapter Ethernet:

           Verbindungsspezifisches DNS-Suffix:
           Verbindungslokale IPv6-Adresse  . : fe80::1c2d:3e4f:5a6b:7c8d%12
           IPv4-Adresse  . . . . . . . . . . : 192.168.1.23
           Subnetzmaske  . . . . . . . . . . : 255.255.255.0
           Standardgateway . . . . . . . . . : 192.168.1.1
        """

    static let mirroredLinux = """
        $ ip addr
        1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
            link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
            inet 127.0.0.1/8 scope host lo
        2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP group default qlen 1000
            link/ether 00:1a:2b:3c:4d:5e brd ff:ff:ff:ff:ff:ff
            inet 192.168.1.23/24 brd 192.168.1.255 scope global noprefixroute eth0
        """

    @Test("the parser: adapters by heading, own addresses by an IPv4/IPv6 label, MAC by shape; gateways, masks, DNS not")
    func parser() {
        let adapters = IpconfigAdapters.parse(Self.english)
        #expect(adapters.map(\.heading) == ["Ethernet adapter Ethernet", "Wireless LAN adapter Wi-Fi",
                                            "Ethernet adapter vEthernet (WSL (Hyper-V firewall))"])
        #expect(adapters[0].addresses == ["fe80::1c2d:3e4f:5a6b:7c8d", "192.168.1.23"])
        #expect(adapters[0].mac == "00:1a:2b:3c:4d:5e")
        #expect(adapters[1].addresses.isEmpty && adapters[2].addresses == ["172.20.144.1"])
        let german = IpconfigAdapters.parse(Self.german)
        #expect(german.map(\.heading) == ["Ethernet-Adapter Ethernet"])
        #expect(german[0].addresses == ["fe80::1c2d:3e4f:5a6b:7c8d", "192.168.1.23"])
        #expect(IpconfigAdapters.parse("Steps:\n  run it : now\n").first?.addresses.isEmpty ?? true)
    }

    @Test("every form reaches windows-ipconfig: the command, the title alone, German, CRLF, UTF-16LE with BOM")
    func forms() throws {
        let command = IssueReportReader.read(text: "C:\\Users\\someone>ipconfig /all\n" + Self.english + "\n", file: "r.md")
        #expect(command.blocks.map(\.kind) == [.ipconfig] && command.blocks[0].command == "ipconfig /all")
        let output = try #require(command.facts.windows?.ipconfig?.output)
        #expect(IpconfigAdapters.parse(output).count == 3)
        let shape = IssueReportReader.read(text: "```\n" + Self.german + "\n```\n", file: "r.md")
        #expect(shape.blocks.map(\.kind) == [.ipconfig] && shape.blocks[0].found == .shape)
        let crlf = Self.english.replacingOccurrences(of: "\n", with: "\r\n")
        let reference = IssueReportReader.read(text: Self.english, file: "r.md")
        #expect(IssueReportReader.read(text: crlf, file: "r.md").facts == reference.facts)
        var utf16: [UInt8] = [0xFF, 0xFE]
        for unit in crlf.utf16 { utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        #expect(try IssueReportReader.read(bytes: utf16, file: "r.md").facts == reference.facts)
        var replay = CaptureReader.parse(text: reference.captureText, file: "r.md")
        replay.warnings = reference.facts.warnings
        #expect(replay == reference.facts)
    }

    @Test("a Linux interface with a Windows adapter's address: mirrored at low confidence when nothing else says")
    func mirroredByAddress() throws {
        let paste = "$ uname -r\n6.6.87.2-microsoft-standard-WSL2\n\n" + Self.mirroredLinux + "\n\n```\n" + Self.english + "\n```\n"
        let verdict = Classifier.classify(IssueReportReader.read(text: paste, file: "r.md").facts)
        #expect(verdict.kind == .wsl2)
        let shared = try #require(verdict.evidence.first { $0.signal == "windows.mirrored-address" })
        #expect(shared.observed.contains("eth0 192.168.1.23 = Ethernet adapter Ethernet"))
        #expect(shared.observed.contains("eth0 MAC 00:1a:2b:3c:4d:5e = Ethernet adapter Ethernet"))
        #expect(verdict.evidence.contains { $0.signal == "windows.adapters" && $0.observed.contains("172.20.144.1") })
        // Netlink reads this `ip addr` (one `eth0` with a LAN MAC, no `loopback0`) as bridged; the Windows adapter's
        // address and MAC on it contradict that (mirrored copies both), which lowers the confidence.
        #expect(verdict.wslNetworkingMode == .bridged && shared.stance == .contradicts && shared.claim == "bridged", "\(verdict.summary)")
        // With netlink silent on the mode (`ip -br a` names no MAC), the shared address decides mirrored, at low
        // confidence.
        let brief = "$ uname -r\n6.6.87.2-microsoft-standard-WSL2\n\n$ ip -br a\neth0 UP 192.168.1.23/24\n\n```\n" + Self.english + "\n```\n"
        let briefVerdict = Classifier.classify(IssueReportReader.read(text: brief, file: "r.md").facts)
        #expect(briefVerdict.wslNetworkingMode == .mirrored && briefVerdict.confidence == .low, "\(briefVerdict.summary)")
        // Without the shared address: the adapters are listed, nothing is claimed from them.
        let nat = "$ uname -r\n6.6.87.2-microsoft-standard-WSL2\n\n```\n" + Self.english + "\n```\n"
        let natVerdict = Classifier.classify(IssueReportReader.read(text: nat, file: "r.md").facts)
        #expect(!natVerdict.evidence.contains { $0.signal == "windows.mirrored-address" })
        #expect(natVerdict.evidence.contains { $0.signal == "windows.adapters" })
    }

    @Test("redaction: host name, DNS suffix and DUID become `redacted`; the MAC and addresses keep one mapping with Linux")
    func redaction() throws {
        let paste = Self.mirroredLinux + "\n\n```\n" + Self.english + "\n```\n"
        let facts = IssueReportReader.read(text: paste, file: "r.md").facts
        let redacted = Redactor(learningFrom: facts).redact(facts)
        let text = try #require(redacted.windows?.ipconfig?.output)
        for secret in ["DESKTOP-TEST01", "home.example", "192.168.1.23", "00-1A-2B-3C-4D-5E", "2A-3B-4C-5D"] {
            #expect(!text.contains(secret), "\(secret) in\n\(text)")
        }
        // Mirrored evidence survives redaction: the same address maps to the same token on both sides.
        let verdict = Classifier.classify(redacted)
        let original = Classifier.classify(facts)
        #expect(verdict.evidence.contains { $0.signal == "windows.mirrored-address" }
            == original.evidence.contains { $0.signal == "windows.mirrored-address" })
    }
}
