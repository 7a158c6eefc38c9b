#if canImport(Glibc)
import Glibc
#endif
import Gateway

/// Whether IPv6 loopback exists: `socket(AF_INET6)` + `bind([::1]:0)` succeeds (then closed at once).
public enum LoopbackAvailability {
    public static func ipv6() -> Bool {
        let fd = socket(AF_INET6, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in6()
        address.sin6_family = sa_family_t(AF_INET6)
        address.sin6_port = 0
        address.sin6_addr = in6addr_loopback
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
        }
        return result == 0
    }
}
