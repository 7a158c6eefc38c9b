import Glibc
import Testing
@testable import NetProbe
@testable import NetProbeLive
import TestSupport

@Suite("Listening sockets through NETLINK_SOCK_DIAG")
struct ListeningSocketsTests {
    /// The LISTEN rows of `/proc/net/tcp` or `tcp6`, the reading `ListeningSockets` replaces.
    static func tableRows(_ family: AddressFamily) -> [TCPSocketRow] {
        let path = family == .inet ? "/proc/net/tcp" : "/proc/net/tcp6"
        guard case .success(let bytes) = SmallFileReader.whole(path, limit: PortOwners.socketTableLimit) else {
            Issue.record("\(path) cannot be read")
            return []
        }
        return ProcNetTCP.parse(String(decoding: bytes, as: UTF8.self), family: family).rows.filter { $0.isListening }
    }

    @Test("an IPv4 listener is in the dump with the address, port, uid and inode /proc/net/tcp shows")
    func ipv4MatchesTable() throws {
        let (fd, port) = try TestSockets.listen(host: "127.0.0.1", port: 0)
        defer { _ = close(fd) }
        let rows = try ListeningSockets.tcp(family: .inet).get()
        let row = try #require(rows.first { $0.localPort == port })
        #expect(row.family == .inet)
        #expect(row.localAddress == "127.0.0.1")
        #expect(row.remoteAddress == "0.0.0.0" && row.remotePort == 0)
        #expect(row.isListening)
        #expect(row.uid == getuid())
        #expect(row.inode != 0)
        #expect(Self.tableRows(.inet).first { $0.localPort == port } == row)
        #expect(rows.allSatisfy { $0.isListening })
    }

    @Test("an IPv6 listener is in the AF_INET6 dump, not the AF_INET one", .enabled(if: TestSockets.hasIPv6Loopback, "no ::1 here"))
    func ipv6MatchesTable() throws {
        let (fd, port) = try TestSockets.listen(host: "::1", port: 0)
        defer { _ = close(fd) }
        let row = try #require(try ListeningSockets.tcp(family: .inet6).get().first { $0.localPort == port })
        #expect(row.localAddress == "::1" && row.remoteAddress == "::")
        #expect(Self.tableRows(.inet6).first { $0.localPort == port } == row)
        #expect(try ListeningSockets.tcp(family: .inet).get().allSatisfy { $0.localPort != port })
    }

    @Test("a connected socket is not a listener; a closed listener is gone")
    func onlyListeners() throws {
        let (fd, port) = try TestSockets.listen(host: "127.0.0.1", port: 0)
        let client = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { _ = close(client) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(client, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        try #require(connected == 0)
        // The listener, its accepted-to-be connection and the client: only the listener is in the dump.
        #expect(try ListeningSockets.tcp(family: .inet).get().filter { $0.localPort == port || $0.remotePort == port }.count == 1)
        _ = close(fd)
        #expect(try ListeningSockets.tcp(family: .inet).get().allSatisfy { $0.localPort != port })
    }

    @Test("the whole listening table equals /proc/net/tcp's LISTEN rows, both families")
    func wholeTable() throws {
        let (fd, _) = try TestSockets.listen(host: "127.0.0.1", port: 0)
        defer { _ = close(fd) }
        for family in AddressFamily.allCases {
            let key = { (row: TCPSocketRow) in "\(row.localAddress) \(row.localPort) \(row.inode)" }
            // Other processes may open or close listeners between the two reads: compare twice before failing.
            var same = false
            for _ in 0..<3 where !same {
                same = try ListeningSockets.tcp(family: family).get().map(key).sorted() == Self.tableRows(family).map(key).sorted()
            }
            #expect(same, "sock_diag and the table differ for \(family)")
        }
    }
}

@Suite("InetDiag request and replies")
struct InetDiagTests {
    /// A reply message: `nlmsghdr` + `body`, padded to 4 bytes.
    static func message(type: UInt16, flags: UInt16 = 0x2, sequence: UInt32, body: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = []
        withUnsafeBytes(of: UInt32(16 + body.count)) { bytes += $0 }
        withUnsafeBytes(of: type) { bytes += $0 }
        withUnsafeBytes(of: flags) { bytes += $0 }
        withUnsafeBytes(of: sequence) { bytes += $0 }
        withUnsafeBytes(of: UInt32(4242)) { bytes += $0 }
        bytes += body
        while bytes.count % 4 != 0 { bytes.append(0) }
        return bytes
    }

    /// An `inet_diag_msg` of `family` with these fields.
    static func row(family: UInt8, state: UInt8, sport: UInt16, dport: UInt16, src: [UInt8], dst: [UInt8], uid: UInt32, inode: UInt32) -> [UInt8] {
        var body = [family, state, 0, 0, UInt8(sport >> 8), UInt8(sport & 0xFF), UInt8(dport >> 8), UInt8(dport & 0xFF)]
        body += src + [UInt8](repeating: 0, count: 16 - src.count)
        body += dst + [UInt8](repeating: 0, count: 16 - dst.count)
        body += [UInt8](repeating: 0, count: 4 + 8 + 12)  // if, cookie, expires, rqueue, wqueue
        withUnsafeBytes(of: uid) { body += $0 }
        withUnsafeBytes(of: inode) { body += $0 }
        return body
    }

    @Test("the request is a 72-byte SOCK_DIAG_BY_FAMILY dump of TCP in the asked states")
    func request() {
        let bytes = InetDiag.request(family: .inet6, states: 1 << 10, sequence: 7)
        let reader = ByteReader(bytes)
        #expect(bytes.count == 72)
        #expect(reader.u32(at: 0) == 72 && reader.u16(at: 4) == 20 && reader.u16(at: 6) == 0x301 && reader.u32(at: 8) == 7)
        #expect(Array(bytes[16..<20]) == [10, 6, 0, 0])
        #expect(reader.u32(at: 20) == 1 << 10)
        #expect(bytes[24...].allSatisfy { $0 == 0 })
    }

    @Test("a row decodes with network-order ports and addresses, host-order uid and inode")
    func decodeRow() throws {
        let body = Self.row(family: 2, state: 10, sport: 18789, dport: 0, src: [127, 0, 0, 1], dst: [], uid: 1000, inode: 123_456)
        let row = try InetDiag.decode(NetlinkMessage(type: 20, payload: body))
        #expect(row == TCPSocketRow(family: .inet, localAddress: "127.0.0.1", localPort: 18789, remoteAddress: "0.0.0.0",
                                    remotePort: 0, state: 10, uid: 1000, inode: 123_456))
        let six = Self.row(family: 10, state: 1, sport: 443, dport: 50000, src: [0xfe, 0x80] + [UInt8](repeating: 0, count: 13) + [1],
                           dst: [UInt8](repeating: 0, count: 15) + [1], uid: 0, inode: 9)
        let decoded = try InetDiag.decode(NetlinkMessage(type: 20, payload: six))
        #expect(decoded.localAddress == "fe80::1" && decoded.remoteAddress == "::1" && decoded.remotePort == 50000 && decoded.state == 1)
    }

    @Test("a wrong type, a short body or another family is a named error")
    func decodeErrors() {
        let good = Self.row(family: 2, state: 10, sport: 1, dport: 0, src: [], dst: [], uid: 0, inode: 1)
        #expect(throws: NetlinkDecodeError.self) { try InetDiag.decode(NetlinkMessage(type: 16, payload: good)) }
        #expect(throws: NetlinkDecodeError("SOCK_DIAG_BY_FAMILY body of 71 bytes is shorter than inet_diag_msg (72)")) {
            try InetDiag.decode(NetlinkMessage(type: 20, payload: Array(good.dropLast())))
        }
        #expect(throws: NetlinkDecodeError("inet_diag_msg of family 1, expected AF_INET (2) or AF_INET6 (10)")) {
            try InetDiag.decode(NetlinkMessage(type: 20, payload: [1] + good.dropFirst()))
        }
    }

    @Test("a reply: rows up to NLMSG_DONE, other sequences skipped, an interrupted dump marked")
    func reply() throws {
        let a = Self.row(family: 2, state: 10, sport: 80, dport: 0, src: [10, 0, 0, 1], dst: [], uid: 0, inode: 1)
        let b = Self.row(family: 2, state: 10, sport: 81, dport: 0, src: [10, 0, 0, 2], dst: [], uid: 0, inode: 2)
        let bytes = Self.message(type: 20, sequence: 3, body: a) + Self.message(type: 20, sequence: 9, body: b)
            + Self.message(type: 20, flags: 0x12, sequence: 3, body: b)
        let partial = try InetDiag.reply(bytes, sequence: 3)
        #expect(partial.rows.map(\.localPort) == [80, 81] && !partial.isDone && partial.isInterrupted)
        let done = try InetDiag.reply(Self.message(type: 20, sequence: 3, body: a) + Self.message(type: 3, sequence: 3, body: [0, 0, 0, 0])
                                      + Self.message(type: 20, sequence: 3, body: b), sequence: 3)
        #expect(done.rows.map(\.localPort) == [80] && done.isDone && !done.isInterrupted)
    }

    @Test("NLMSG_ERROR is the kernel's errno; a length past the bytes or a stray tail is malformed")
    func replyErrors() {
        var error: [UInt8] = []
        withUnsafeBytes(of: Int32(-ENOENT)) { error += $0 }
        #expect(throws: InetDiag.ReplyError.kernel(errno: ENOENT)) {
            try InetDiag.reply(Self.message(type: 2, sequence: 1, body: error + [UInt8](repeating: 0, count: 16)), sequence: 1)
        }
        var long = Self.message(type: 20, sequence: 1, body: [])
        long[0] = 200
        #expect(throws: InetDiag.ReplyError.self) { try InetDiag.reply(long, sequence: 1) }
        #expect(throws: InetDiag.ReplyError.self) { try InetDiag.reply(Self.message(type: 3, sequence: 2, body: [0, 0, 0, 0]) + [1, 2], sequence: 1) }
        let short = Self.message(type: 20, sequence: 1, body: [2, 10])
        #expect(throws: InetDiag.ReplyError.self) { try InetDiag.reply(short, sequence: 1) }
    }
}
