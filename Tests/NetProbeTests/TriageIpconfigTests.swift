import Foundation
import Testing
@testable import NetProbe
@testable import NetProbeLive
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

    // MARK: the adapters judged against the mode (`WindowsAdapterMatch`, read by `windows.adapters`)

    @Test("the parser: an IPv4 address's prefix length from the mask-shaped value under it, in any language")
    func masks() {
        let adapters = IpconfigAdapters.parse(Self.english)
        #expect(adapters[0].prefixLengths == ["192.168.1.23": 24] && adapters[2].prefixLengths == ["172.20.144.1": 20])
        #expect(adapters[2].isWSLNATAdapter && !adapters[0].isWSLNATAdapter)
        #expect(IpconfigAdapters.parse(Self.german)[0].prefixLengths == ["192.168.1.23": 24])
        // Not masks: a gateway, DNS servers, a non-contiguous value, a mask with no IPv4 address above it.
        #expect(IpconfigAdapters.prefixLength(ofMask: "255.255.240.0") == 20 && IpconfigAdapters.prefixLength(ofMask: "255.255.255.255") == 32)
        #expect(IpconfigAdapters.prefixLength(ofMask: "255.0.255.0") == nil && IpconfigAdapters.prefixLength(ofMask: "192.168.1.1") == nil)
        let noAddress = IpconfigAdapters.parse("Ethernet adapter X:\n\n   Subnet Mask . . . : 255.255.255.0\n")
        #expect(noAddress.first?.prefixLengths.isEmpty == true)
    }

    static func addresses(_ text: String) -> [InterfaceAddress] {
        IssueReportReader.read(text: "$ ip addr\n" + text, file: "r.md").facts.addresses ?? []
    }

    static let natLinux = """
        1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
            inet 127.0.0.1/8 scope host lo
        2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP group default qlen 1000
            link/ether 00:15:5d:aa:bb:cc brd ff:ff:ff:ff:ff:ff
            inet 172.20.150.7/20 brd 172.20.159.255 scope global eth0
        """

    @Test("NAT: eth0 in vEthernet (WSL)'s subnet is consistent; outside it, or no WSL adapter, is not; a missing mask is incomplete")
    func natJudgement() {
        let adapters = IpconfigAdapters.parse(Self.english)
        let inside = WindowsAdapterMatch.judge(adapters: adapters, addresses: Self.addresses(Self.natLinux), mode: .nat)
        #expect(inside.outcome == .consistent && inside.confidence == .high)
        #expect(inside.findings == ["eth0 172.20.150.7 lies in Ethernet adapter vEthernet (WSL (Hyper-V firewall))'s subnet 172.20.144.1/20, as WSL's NAT puts it"])
        let moved = Self.natLinux.replacingOccurrences(of: "172.20.150.7/20 brd 172.20.159.255", with: "172.29.1.5/20 brd 172.29.15.255")
        let outside = WindowsAdapterMatch.judge(adapters: adapters, addresses: Self.addresses(moved), mode: .nat)
        #expect(outside.outcome == .inconsistent && outside.confidence == .medium)
        #expect(outside.findings.first?.contains("eth0 172.29.1.5 is outside") == true && outside.findings.first?.contains("172.20.144.1/20") == true)
        // microsoft/WSL#4192's shape: eth0 inside the adapter's /28 but with a /16 of its own.
        let wide = Self.natLinux.replacingOccurrences(of: "172.20.150.7/20", with: "172.20.144.2/16")
        let sizes = WindowsAdapterMatch.judge(adapters: adapters, addresses: Self.addresses(wide), mode: .nat)
        #expect(sizes.outcome == .inconsistent && sizes.findings.first?.contains("its own prefix is /16, the adapter's /20") == true, "\(sizes)")
        let noWSL = WindowsAdapterMatch.judge(adapters: IpconfigAdapters.parse(Self.german), addresses: Self.addresses(Self.natLinux), mode: .nat)
        #expect(noWSL.outcome == .inconsistent && noWSL.confidence == .low && noWSL.findings.first?.contains("no vEthernet (WSL) adapter") == true)
        let noMask = IpconfigAdapters.parse("Ethernet adapter vEthernet (WSL):\n\n   IPv4 Address. . . : 172.20.144.1\n")
        #expect(WindowsAdapterMatch.judge(adapters: noMask, addresses: Self.addresses(Self.natLinux), mode: .nat).outcome == .incomplete)
        #expect(WindowsAdapterMatch.judge(adapters: adapters, addresses: nil, mode: .nat).outcome == .incomplete)
        #expect(WindowsAdapterMatch.judge(adapters: adapters, addresses: [], mode: .bridged).outcome == .notJudged)
        #expect(WindowsAdapterMatch.judge(adapters: adapters, addresses: [], mode: .unknown).outcome == .notJudged)
    }

    @Test("mirrored: every Windows address on a Linux interface is consistent; a missing adapter or an extra address is not, at low confidence")
    func mirroredJudgement() {
        let adapters = IpconfigAdapters.parse(Self.english)
        let linux = Self.mirroredLinux.split(separator: "\n").dropFirst().joined(separator: "\n")
        let same = WindowsAdapterMatch.judge(adapters: adapters, addresses: Self.addresses(linux), mode: .mirrored)
        #expect(same.outcome == .consistent && same.missing.isEmpty && same.extra.isEmpty, "\(same)")
        // A Windows adapter not copied, a Linux address of no adapter; docker0 (Linux's own bridge) is never extra.
        let other = """
            1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
                inet 127.0.0.1/8 scope host lo
            3: eth1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP group default qlen 1000
                inet 10.9.8.7/24 brd 10.9.8.255 scope global eth1
            4: docker0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state DOWN group default
                inet 172.17.0.1/16 brd 172.17.255.255 scope global docker0
            """
        let differ = WindowsAdapterMatch.judge(adapters: adapters, addresses: Self.addresses(other), mode: .mirrored)
        #expect(differ.outcome == .inconsistent && differ.confidence == .low)
        #expect(differ.missing == ["Ethernet adapter Ethernet 192.168.1.23"] && differ.extra == ["eth1 10.9.8.7"], "\(differ)")
    }

    @Test("live: ipconfig.exe /all runs through interop with the other tools and fills the section a capture and a paste fill")
    func liveIpconfig() throws {
        let standIns = try WindowsStandIns.make(netstat: "", tasklist: "", excludedPortRange: "", dynamicPortRange: "", wslVersion: "WSL version: 2.3.26.0\n",
                                                defaultBehaviour: .answer(delay: .zero))
        defer { standIns.remove() }
        let facts = WindowsToolRunner.read(probe: FileProbe(root: ""), binfmtInterop: "enabled\n",
                                           options: WindowsToolRunner.Options(wslConfPath: standIns.wslConf, timeout: .seconds(30)))
        let run = try #require(facts.ipconfig)
        #expect(run.answered, "\(run)")
        let live = IpconfigAdapters.parse(run.output)
        #expect(live.map(\.heading) == ["Ethernet adapter Ethernet", "Ethernet adapter vEthernet (WSL (Hyper-V firewall))"])
        #expect(live[1].prefixLengths == ["172.23.240.1": 20])
        // The same text pasted gives the same adapters (the lines are the paste's own).
        let pasted = IssueReportReader.read(text: "C:\\> ipconfig /all\n" + WindowsStandIns.ipconfigNAT, file: "r.md")
        func unlined(_ adapters: [WindowsAdapter]) -> [WindowsAdapter] { adapters.map { var a = $0; a.line = 0; return a } }
        #expect(unlined(IpconfigAdapters.parse(pasted.facts.windows?.ipconfig?.output ?? "")) == unlined(live))
    }
}
