import Glibc
import NetProbe

extension PortHolder {
    /// Tries `bind(2)` + `listen(2)` on `host:port` (numeric address) with a fresh TCP socket and closes it
    /// right away. `SO_REUSEADDR` is set (as servers do; it does not allow sharing a LISTEN port),
    /// `SO_REUSEPORT` never; IPv6 sockets are `IPV6_V6ONLY`. A non-numeric host is `failed(EINVAL)`.
    ///
    /// Under WSL2 mirrored networking this is what asks Windows for the port reservation, so it sees a
    /// Windows-side holder that `/proc/net/tcp` cannot show.
    public static func tryBind(host: String, port: UInt16) -> BindAttempt {
        guard let address = SocketAddress(host: host, port: port) else { return .failed(errno: EINVAL) }
        let fd = socket(address.domain, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return .from(errno: errno) }
        defer { _ = close(fd) }
        var one: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        if address.family == .inet6 {
            _ = setsockopt(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, &one, socklen_t(MemoryLayout<Int32>.size))
        }
        guard address.withSockaddr({ bind(fd, $0, $1) }) == 0 else { return .from(errno: errno) }
        guard listen(fd, 1) == 0 else { return .from(errno: errno) }
        return .succeeded
    }
}
