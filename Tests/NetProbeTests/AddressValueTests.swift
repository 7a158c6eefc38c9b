import Foundation
import Testing
import TestSupport
@testable import NetProbe

/// Address text read as `IPAddress` values wherever it is compared or classified: the same address written two ways
/// is one address, and a text `inet_pton(3)` refuses is no address. Each case here was judged by the text before.
@Suite("Address text as values")
struct AddressValueTests {
    @Test("mirrored: a Windows address printed with its last 32 bits dotted (ISATAP-style) is the Linux address printed in hex")
    func windowsAndLinuxSpellings() {
        // RtlIpv6AddressToString prints the last 32 bits of an ISATAP interface ID dotted; `ip` (inet_ntop) in hex.
        let ipconfig = TriageIpconfigTests.english.replacingOccurrences(
            of: "   IPv4 Address. . . . . . . . . . . : 192.168.1.23(Preferred)",
            with: "   IPv6 Address. . . . . . . . . . . : 2001:db8:1::5efe:192.168.1.23(Preferred)\n"
                + "   IPv4 Address. . . . . . . . . . . : 192.168.1.23(Preferred)")
        let adapters = IpconfigAdapters.parse(ipconfig)
        #expect(adapters[0].addresses.contains("2001:db8:1::5efe:192.168.1.23"))
        // The mask belongs to the IPv4 address, not to the dotted IPv6 one.
        #expect(adapters[0].prefixLengths == ["192.168.1.23": 24])
        let linux = TriageIpconfigTests.mirroredLinux.split(separator: "\n").dropFirst().joined(separator: "\n")
            + "\n    inet6 2001:db8:1::5efe:c0a8:117/64 scope global dynamic mngtmpaddr"
        let addresses = TriageIpconfigTests.addresses(linux)
        #expect(addresses.contains { $0.local == "2001:db8:1::5efe:c0a8:117" })
        let judgement = WindowsAdapterMatch.judge(adapters: adapters, addresses: addresses, mode: .mirrored)
        #expect(judgement.outcome == .consistent && judgement.extra.isEmpty && judgement.missing.isEmpty, "\(judgement)")
    }

    @Test("the scope of an ip -br / ifconfig address comes from its value: ::1 in any spelling is host, fe8::1 is not link")
    func scopesByValue() {
        #expect(IPBriefTextParser.scope("0:0:0:0:0:0:0:1") == "host")
        #expect(IPBriefTextParser.scope("::1") == "host" && IPBriefTextParser.scope("127.3.0.1") == "host")
        #expect(IPBriefTextParser.scope("FE80::1") == "link" && IPBriefTextParser.scope("febf::1") == "link")
        // `fe8::1` is 0fe8::1, outside fe80::/10.
        #expect(IPBriefTextParser.scope("fe8::1") == "global" && IPBriefTextParser.scope("fec0::1") == "global")
        #expect(IPBriefTextParser.scope("169.254.1.1") == "link" && IPBriefTextParser.scope("10.0.0.1") == "global")
        let facts = CaptureReader.parse(text: "### ip-addr\n$ ip -br addr\nlo               UNKNOWN        127.0.0.1/8 0:0:0:0:0:0:0:1/128\n", file: "/t/capture.txt")
        #expect(facts.addresses?.map(\.scope) == ["host", "host"], "\(String(describing: facts.addresses))")
    }

    @Test("under a routed mode 127.0.0.1 crosses to Windows in every spelling, ::ffff:7f00:1 too; 127.0.0.2 and ::1 do not")
    func loopbackSpellings() {
        let routed = LoopbackCrossing(path: .routedThroughWindows, reason: "r", context: "under WSL2 mirrored networking")
        for host in ["127.0.0.1", "::ffff:127.0.0.1", "::FFFF:7F00:1", "0:0:0:0:0:ffff:7f00:1"] {
            #expect(routed.crossesToWindows(host: host) == true, "\(host)")
            #expect(routed.routedThroughWindows(host: host) == true, "\(host)")
        }
        for host in ["127.0.0.2", "::1", "localhost", "127.0.0.01"] {
            #expect(routed.crossesToWindows(host: host) == false, "\(host)")
        }
    }

    @Test("a netstat row's local address must be an address: 1.2.3 and [zz] are not listeners, [fe80::1%12] is")
    func netstatAddresses() {
        let text = """
              TCP    1.2.3:18789            0.0.0.0:0              LISTENING       42
              TCP    [zz]:18789             [::]:0                 LISTENING       43
              TCP    [fe80::1%12]:18789     [::]:0                 LISTENING       44
              TCP    127.0.0.1:18789        0.0.0.0:0              LISTENING       45
            """
        #expect(NetstatListeners.parse(text).map(\.endpoint) == ["[fe80::1%12]:18789", "127.0.0.1:18789"])
    }

    @Test("the classifier's IPv4 reads what inet_pton reads: +1.2.3.4 and 01.2.3.4 (octal to inet_aton) are no address")
    func ipv4AsInetPton() {
        #expect(IPv4("192.168.1.23")?.value == 0xC0A8_0117)
        for text in ["+1.2.3.4", "01.2.3.4", "1.2.3.4 ", "1.2.3", "256.1.1.1", "::1"] {
            #expect(IPv4(text) == nil, "\(text)")
        }
        #expect(IpconfigAdapters.prefixLength(ofMask: "255.255.240.0") == 20)
        #expect(IpconfigAdapters.prefixLength(ofMask: "255.255.255.000") == nil)
    }
}
