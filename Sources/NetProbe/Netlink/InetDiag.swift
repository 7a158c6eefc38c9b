/// The TCP half of `NETLINK_SOCK_DIAG` (`sock_diag(7)`, the kernel's `inet_diag`): the dump request for sockets in
/// given states, and the decoding of its replies (`struct inet_diag_msg`) into the same `TCPSocketRow` values
/// `ProcNetTCP` reads from `/proc/net/tcp{,6}`. Pure; `ListeningSockets` (NetProbeLive) sends and receives.
///
/// Why: a read of `/proc/net/tcp` walks the kernel's whole established-connection hash (every network namespace's
/// sockets share it), 3-30 ms per file on a busy host; a `TCP_LISTEN` dump walks only the listening hash.
package enum InetDiag {
    /// `SOCK_DIAG_BY_FAMILY`: the request type, and the type of every reply row.
    package static let sockDiagByFamily: UInt16 = 20
    /// `NLMSG_ERROR`, `NLMSG_DONE`.
    package static let errorType: UInt16 = 2
    package static let doneType: UInt16 = 3
    /// `sizeof(struct inet_diag_msg)`: family, state, timer, retrans, `inet_diag_sockid` (48), expires, rqueue,
    /// wqueue, uid, inode. Attributes (`INET_DIAG_*`) may follow; none is asked for.
    package static let messageSize = 72
    /// `sizeof(struct inet_diag_req_v2)`.
    static let requestSize = 56
    /// The kernel's `TCP_LISTEN` state number (`st` 0A in `/proc/net/tcp`).
    package static let listenState: UInt8 = TCPSocketRow.listenState

    /// A whole `SOCK_DIAG_BY_FAMILY` dump request (`nlmsghdr` + `inet_diag_req_v2`, host byte order) for TCP sockets
    /// of `family` whose state is in `states` (a bit per state number: `1 << 10` is LISTEN only).
    package static func request(family: AddressFamily, states: UInt32, sequence: UInt32) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(NetlinkMessage.headerSize + requestSize)
        append(UInt32(NetlinkMessage.headerSize + requestSize), to: &bytes)
        append(sockDiagByFamily, to: &bytes)
        append(UInt16(0x301), to: &bytes)  // NLM_F_REQUEST | NLM_F_DUMP (NLM_F_ROOT | NLM_F_MATCH)
        append(sequence, to: &bytes)
        append(UInt32(0), to: &bytes)  // nlmsg_pid: the kernel
        bytes += [familyNumber(family), 6, 0, 0]  // sdiag_family, IPPROTO_TCP, idiag_ext, pad
        append(states, to: &bytes)
        bytes += [UInt8](repeating: 0, count: 48)  // inet_diag_sockid: any socket
        return bytes
    }

    /// The row one `SOCK_DIAG_BY_FAMILY` reply holds. Throws, naming what is wrong, for another message type, a
    /// body shorter than `inet_diag_msg`, or a family other than `AF_INET` / `AF_INET6`.
    package static func decode(_ message: NetlinkMessage) throws(NetlinkDecodeError) -> TCPSocketRow {
        guard message.type == sockDiagByFamily else {
            throw NetlinkDecodeError("sock_diag reply of type \(message.type), expected SOCK_DIAG_BY_FAMILY (\(sockDiagByFamily))")
        }
        let body = message.payload
        guard body.count >= messageSize else {
            throw NetlinkDecodeError("SOCK_DIAG_BY_FAMILY body of \(body.count) bytes is shorter than inet_diag_msg (\(messageSize))")
        }
        let family: AddressFamily
        switch body[0] {
        case 2: family = .inet
        case 10: family = .inet6
        default: throw NetlinkDecodeError("inet_diag_msg of family \(body[0]), expected AF_INET (2) or AF_INET6 (10)")
        }
        let reader = ByteReader(body)
        let width = family == .inet ? 4 : 16
        // Ports and addresses are in network byte order; uid and inode in host order.
        return TCPSocketRow(
            family: family,
            localAddress: IPAddress(bytes: Array(body[8..<(8 + width)]))?.text ?? "?", localPort: UInt16(body[4]) << 8 | UInt16(body[5]),
            remoteAddress: IPAddress(bytes: Array(body[24..<(24 + width)]))?.text ?? "?", remotePort: UInt16(body[6]) << 8 | UInt16(body[7]),
            state: body[1], uid: reader.u32(at: 64) ?? 0, inode: UInt64(reader.u32(at: 68) ?? 0))
    }

    /// What one `recv` of a dump's reply holds: its rows, and whether the dump ended in it (`NLMSG_DONE`).
    package struct Reply: Sendable, Equatable {
        package var rows: [TCPSocketRow] = []
        package var isDone = false
        /// A message carried `NLM_F_DUMP_INTR`: the table changed during the dump, so it may be inconsistent.
        package var isInterrupted = false
    }

    /// The failure a reply can carry: the kernel's `NLMSG_ERROR` (its errno), or bytes that are not a reply.
    package enum ReplyError: Error, Sendable, Equatable {
        case kernel(errno: Int32)
        case malformed(NetlinkDecodeError)
    }

    /// Splits one `recv`'s bytes (whole messages, each padded to 4 bytes) and decodes every row up to `NLMSG_DONE`.
    /// Messages of another `nlmsg_seq` than `sequence` are skipped (a late reply to an earlier request). Throws on
    /// `NLMSG_ERROR` with a non-zero error, a message whose length does not fit, bytes after the last whole message,
    /// or a row `decode` refuses.
    package static func reply(_ bytes: [UInt8], sequence: UInt32) throws(ReplyError) -> Reply {
        var reply = Reply()
        let reader = ByteReader(bytes)
        var offset = 0
        while offset + NetlinkMessage.headerSize <= bytes.count {
            guard let length = reader.u32(at: offset), let type = reader.u16(at: offset + 4),
                  let flags = reader.u16(at: offset + 6), let seq = reader.u32(at: offset + 8) else { break }
            let size = Int(length)
            guard size >= NetlinkMessage.headerSize, size <= bytes.count - offset else {
                throw .malformed(NetlinkDecodeError("nlmsg_len \(length) at offset \(offset) does not fit the \(bytes.count) bytes received"))
            }
            defer { offset += min((size + 3) & ~3, bytes.count - offset) }
            if seq != sequence { continue }
            if flags & 0x10 != 0 { reply.isInterrupted = true }  // NLM_F_DUMP_INTR
            switch type {
            case doneType:
                reply.isDone = true
                return reply
            case errorType:
                let code = reader.i32(at: offset + NetlinkMessage.headerSize) ?? -1
                if code == 0 { continue }  // an acknowledgement
                // The kernel sends -errno; any other 32-bit value is kept as a positive number (Int32.min, which has
                // no negation, as Int32.max).
                throw .kernel(errno: code < 0 ? Int32(clamping: -Int64(code)) : code)
            default:
                let message = NetlinkMessage(type: type, payload: Array(bytes[(offset + NetlinkMessage.headerSize)..<(offset + size)]))
                do { reply.rows.append(try decode(message)) } catch { throw .malformed(error) }
            }
        }
        if offset < bytes.count {
            throw .malformed(NetlinkDecodeError("\(bytes.count - offset) bytes after the last whole message"))
        }
        return reply
    }

    static func familyNumber(_ family: AddressFamily) -> UInt8 {
        family == .inet ? 2 : 10
    }

    private static func append<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value) { bytes += $0 }  // host byte order, as netlink wants
    }
}
