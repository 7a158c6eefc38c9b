import CNetlink
#if canImport(Glibc)
import Glibc
#endif

/// The floor for reading the network state in process: a new libnl `NETLINK_ROUTE` socket and the same dumps
/// NetProbe's `NetlinkReader` makes (`RTM_GETLINK`, `RTM_GETADDR`, `RTM_GETROUTE` for IPv4 and IPv6 with every
/// table, `RTM_GETRULE` for IPv4 and IPv6, `RTM_GETNEIGH`), each reply only counted: no copy, no decoding.
/// The socket is set up as NetProbe's (`nl_socket_enable_msg_peek`), so the two differ only in what is done
/// with the messages.
enum NetlinkFloor {
    /// One dump request: message type, family byte, size of the family header that follows `nlmsghdr`.
    private static let requests: [(type: Int32, family: UInt8, headerSize: Int)] = [
        (18, 0, 16),  // RTM_GETLINK, ifinfomsg
        (22, 0, 8),  // RTM_GETADDR, ifaddrmsg
        (26, 2, 12),  // RTM_GETROUTE AF_INET, rtmsg
        (26, 10, 12),  // RTM_GETROUTE AF_INET6
        (34, 2, 12),  // RTM_GETRULE AF_INET, fib_rule_hdr
        (34, 10, 12),  // RTM_GETRULE AF_INET6
        (30, 0, 12),  // RTM_GETNEIGH, ndmsg
    ]

    /// Opens, dumps, frees; returns how many reply messages arrived.
    static func dumpAll() throws -> Int {
        guard let socket = nl_socket_alloc() else { throw BenchError("nl_socket_alloc failed") }
        defer { nl_socket_free(socket) }
        let connected = nl_connect(socket, Int32(NETLINK_ROUTE))
        guard connected >= 0 else { throw BenchError("nl_connect failed: \(connected)") }
        nl_socket_enable_msg_peek(socket)
        var count = 0
        try withUnsafeMutablePointer(to: &count) { counter in
            let status = nl_socket_modify_cb(socket, NL_CB_VALID, NL_CB_CUSTOM, { _, argument in
                argument?.assumingMemoryBound(to: Int.self).pointee += 1
                return Int32(NL_OK.rawValue)
            }, UnsafeMutableRawPointer(counter))
            guard status >= 0 else { throw BenchError("nl_socket_modify_cb failed: \(status)") }
            for request in requests {
                var header = [UInt8](repeating: 0, count: request.headerSize)
                header[0] = request.family
                let sent = header.withUnsafeMutableBytes { raw in
                    nl_send_simple(socket, request.type, 0x300, raw.baseAddress, raw.count)  // NLM_F_DUMP
                }
                guard sent >= 0 else { throw BenchError("nl_send_simple(\(request.type)) failed: \(sent)") }
                let received = nl_recvmsgs_default(socket)
                guard received >= 0 else { throw BenchError("nl_recvmsgs(\(request.type)) failed: \(received)") }
            }
        }
        return count
    }
}
