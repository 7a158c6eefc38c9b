import Foundation
import Glibc
import Testing
import TestSupport
@testable import NetProbe

@Suite("ProcNetTCP parser")
struct ProcNetTCPTests {
    /// Shaped like this kernel's output (header padded with spaces, trailing columns after inode).
    static let tcp = """
          sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode                                                     
           0: 00000000:07E8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1145 1 00000000ab4aa15d 100 0 0 10 0                      
           1: 0100007F:4965 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 98765 1 0000000000000000 100 0 0 10 0
           2: 0100007F:9DFF 0100007F:9180 06 00000000:00000000 03:00001224 00000000     0        0 0 3 000000007fc69f16
           3: 0201A8C0:0016 6401A8C0:D431 01 00000000:00000000 02:000AFC7B 00000000     0        0 55555 2 0000000000000000 20 4 30 10 -1
        """
    static let tcp6 = """
          sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
           0: 00000000000000000000000001000000:4965 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000   100        0 424242 1 0000000000000000 100 0 0 10 0
           1: 00000000000000000000000000000000:0050 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 777 1 0000000000000000 100 0 0 10 0
           2: 0000000000000000FFFF00000100007F:1F90 0000000000000000FFFF00000100007F:C000 01 00000000:00000000 00:00000000 00000000     0        0 888 1 0000000000000000 20 4 30 10 -1
           3: B80D0120000000000000000001000000:01BB 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 999 1 0000000000000000 100 0 0 10 0
        """

    @Test("IPv4 rows: little-endian words, big-endian ports, state, uid, inode")
    func ipv4() {
        let (rows, warnings) = ProcNetTCP.parse(Self.tcp, family: .inet)
        #expect(warnings.isEmpty)
        #expect(rows.count == 4)
        #expect(rows[0] == TCPSocketRow(family: .inet, localAddress: "0.0.0.0", localPort: 2024, remoteAddress: "0.0.0.0",
                                        remotePort: 0, state: 0x0A, uid: 0, inode: 1145))
        #expect(rows[1].localAddress == "127.0.0.1" && rows[1].localPort == 18789 && rows[1].uid == 1000 && rows[1].inode == 98765)
        #expect(rows[1].isListening)
        #expect(rows[2].state == 0x06 && !rows[2].isListening && rows[2].remotePort == 0x9180)
        #expect(rows[3].localAddress == "192.168.1.2" && rows[3].remoteAddress == "192.168.1.100" && rows[3].state == 1)
    }

    @Test("IPv6 rows: four little-endian words, RFC 5952 text")
    func ipv6() {
        let (rows, warnings) = ProcNetTCP.parse(Self.tcp6, family: .inet6)
        #expect(warnings.isEmpty)
        #expect(rows.map(\.localAddress) == ["::1", "::", "::ffff:127.0.0.1", "2001:db8::1"])
        #expect(rows.map(\.localPort) == [18789, 80, 8080, 443])
        #expect(rows[0].uid == 100 && rows[0].inode == 424242 && rows[0].family == .inet6)
    }

    @Test("bad lines become warnings with section and line; good lines around them survive")
    func warnings() {
        let text = """
          sl  local_address rem_address   st
           0: 0100007F:4965 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 98765 1
           1: 0100007G:4965 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 98765 1
           2: 0100007F:4965 00000000:0000 0A 00000000:00000000
        garbage

           3: 0100007F:4965 00000000:0000 0A 00000000:00000000 00:00000000 00000000  -1        0 98765 1
           4: 0100007F:4965 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 x 1
           5: 0100007F:4965 00000000:0000 ZZ 00000000:00000000 00:00000000 00000000  1000        0 1 1
           6: 0100007F:49651 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 1 1
           7: 00000000000000000000000001000000:4965 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1 1
        """
        let (rows, warnings) = ProcNetTCP.parse(text, family: .inet)
        #expect(rows.count == 1)
        #expect(warnings.map(\.line) == [3, 4, 5, 7, 8, 9, 10, 11])
        #expect(warnings.allSatisfy { $0.section == "proc-net-tcp" })
        #expect(warnings[0].message.contains("local address"))
        #expect(warnings[1].message.contains("columns"))
        #expect(warnings[3].message.contains("uid"))
        #expect(warnings[4].message.contains("inode"))
        #expect(warnings[5].message.contains("state"))
        #expect(ProcNetTCP.parse("   0: junk", family: .inet6).warnings.first?.section == "proc-net-tcp6")
    }

    @Test("this machine's /proc/net/tcp parses without warnings and shows a listener of ours")
    func live() throws {
        let (fd, port) = try TestSockets.listen(host: "127.0.0.1", port: 0)
        defer { _ = close(fd) }
        let text = try String(contentsOfFile: "/proc/net/tcp", encoding: .utf8)
        let (rows, warnings) = ProcNetTCP.parse(text, family: .inet)
        #expect(warnings.isEmpty, "\(warnings)")
        #expect(rows.contains { $0.isListening && $0.localPort == port && $0.localAddress == "127.0.0.1" && $0.uid == getuid() })
        if let text6 = try? String(contentsOfFile: "/proc/net/tcp6", encoding: .utf8) {
            #expect(ProcNetTCP.parse(text6, family: .inet6).warnings.isEmpty)
        }
    }

    @Test("fuzz: random and mutated text never crashes; every line is a row, a warning, or skipped")
    func fuzz() {
        var random = SeededGenerator(seed: 0x7C9)
        let seeds = [Array(Self.tcp.utf8), Array(Self.tcp6.utf8)]
        for i in 0..<400 {
            let family: AddressFamily = i % 2 == 0 ? .inet : .inet6
            var bytes = seeds[i % 2]
            for _ in 0..<Int.random(in: 1...8, using: &random) { bytes = random.mutate(bytes) }
            if i % 5 == 0 { bytes = random.bytes(Int.random(in: 0..<300, using: &random)) }
            let text = String(decoding: bytes, as: UTF8.self)
            let (rows, warnings) = ProcNetTCP.parse(text, family: family)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
            #expect(rows.count + warnings.count <= lines)
            #expect(warnings.allSatisfy { ($0.line ?? 0) >= 1 && ($0.line ?? 0) <= lines })
        }
    }
}
