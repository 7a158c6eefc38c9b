import NetProbe
#if canImport(Glibc)
import Glibc
#endif

/// The TCP sockets in `LISTEN` of this network namespace, from the kernel's `NETLINK_SOCK_DIAG` (`sock_diag(7)`: a
/// `SOCK_DIAG_BY_FAMILY` dump with only `TCP_LISTEN` in `idiag_states`, as `ss -tl` asks), decoded by `InetDiag`.
///
/// The same rows as the `LISTEN` lines of `/proc/net/tcp{,6}`, at the cost of the listening hash only: reading
/// those files walks the kernel's whole established-connection hash (shared by every namespace), 3-30 ms per file on
/// a busy host, against well under a millisecond here. A plain socket (no libnl), one per call; replies are read
/// whole (`recvmsg`, a truncated one is an error), at most `byteLimit` bytes per family, 2 s per `recv`.
public enum ListeningSockets {
    /// Most reply bytes read for one family (72 bytes and a header a socket: about 380,000 listeners).
    public static let byteLimit = 32 << 20

    /// The listeners of `family` (`AF_INET` or `AF_INET6` rows), or what failed: the socket, the request, the
    /// kernel's answer (`NLMSG_ERROR`: `ENOENT` when the family's diag module is absent), or a reply `InetDiag`
    /// cannot read. A dump the kernel marks inconsistent (`NLM_F_DUMP_INTR`) is asked again, three times at most.
    public static func tcp(family: AddressFamily) -> Result<[TCPSocketRow], NetlinkError> {
        let name = "dump SOCK_DIAG_BY_FAMILY (TCP LISTEN, \(family == .inet ? "AF_INET" : "AF_INET6"))"
        let fd = socket(AF_NETLINK, Int32(SOCK_RAW.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 4)  // NETLINK_SOCK_DIAG
        guard fd >= 0 else { return .failure(NetlinkError(operation: "socket NETLINK_SOCK_DIAG", reason: ErrnoText.describe(errno))) }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var last = NetlinkError(operation: name, reason: "the dump was interrupted three times")
        for attempt in 1...3 {
            switch dump(fd: fd, family: family, sequence: UInt32(attempt), name: name) {
            case .success(let (rows, interrupted)):
                if !interrupted { return .success(rows) }
            case .failure(let error):
                last = error
                return .failure(last)
            }
        }
        return .failure(last)
    }

    /// One dump: the request, then every reply up to `NLMSG_DONE`; the rows and whether any was marked interrupted.
    private static func dump(fd: Int32, family: AddressFamily, sequence: UInt32, name: String)
        -> Result<([TCPSocketRow], Bool), NetlinkError> {
        let request = InetDiag.request(family: family, states: 1 << UInt32(InetDiag.listenState), sequence: sequence)
        // Unbound and unconnected: the kernel assigns the port id and a plain send goes to the kernel (port id 0).
        let sent = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
        guard sent == request.count else { return .failure(NetlinkError(operation: name, reason: "send: \(ErrnoText.describe(errno))")) }
        var rows: [TCPSocketRow] = []
        var interrupted = false
        var total = 0
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            var flags: Int32 = 0
            let count = buffer.withUnsafeMutableBytes { raw -> Int in
                var vector = iovec(iov_base: raw.baseAddress, iov_len: raw.count)
                return withUnsafeMutablePointer(to: &vector) { vectorPointer in
                    var header = msghdr()
                    header.msg_iov = vectorPointer
                    header.msg_iovlen = 1
                    let n = recvmsg(fd, &header, 0)
                    flags = header.msg_flags
                    return n
                }
            }
            guard count >= 0 else {
                let code = errno
                if code == EINTR { continue }
                return .failure(NetlinkError(operation: name, reason: "recv: \(ErrnoText.describe(code))"))
            }
            if flags & Int32(MSG_TRUNC) != 0 {
                return .failure(NetlinkError(operation: name, reason: "a reply longer than \(buffer.count) bytes"))
            }
            if count == 0 { return .failure(NetlinkError(operation: name, reason: "the reply ended before NLMSG_DONE")) }
            total += count
            if total > byteLimit { return .failure(NetlinkError(operation: name, reason: "more than \(byteLimit) bytes of replies")) }
            let reply: InetDiag.Reply
            do {
                reply = try InetDiag.reply(Array(buffer[0..<count]), sequence: sequence)
            } catch {
                switch error {
                case .kernel(let code): return .failure(NetlinkError(operation: name, reason: ErrnoText.describe(code)))
                case .malformed(let problem): return .failure(NetlinkError(operation: "decode \(name) reply", reason: problem.message))
                }
            }
            rows += reply.rows
            interrupted = interrupted || reply.isInterrupted
            if reply.isDone { return .success((rows, interrupted)) }
        }
    }
}
