#if canImport(Glibc)
import Glibc
#endif

/// Loopback ports for the benchmarks (127.0.0.1 only).
enum Ports {
    /// A port no socket listens on: the kernel picks a free one for a bound, never-listening socket, which is then
    /// closed. Also checked free on ::1, where the gateway binds too.
    static func closedLoopbackPort() throws -> UInt16 {
        for _ in 0..<20 {
            let port = try ephemeralPort()
            if isFreeOnIPv6Loopback(port) { return port }
        }
        throw BenchError("no loopback port free on both 127.0.0.1 and ::1")
    }

    private static func ephemeralPort() throws -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw BenchError("socket: errno \(errno)") }
        defer { close(fd) }
        var address = loopback4(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw BenchError("bind 127.0.0.1:0: errno \(errno)") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { throw BenchError("getsockname: errno \(errno)") }
        return UInt16(bigEndian: address.sin_port)
    }

    /// True when `[::1]:port` can be bound (or there is no IPv6 loopback at all).
    private static func isFreeOnIPv6Loopback(_ port: UInt16) -> Bool {
        let fd = socket(AF_INET6, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return true }
        defer { close(fd) }
        var address = sockaddr_in6()
        address.sin6_family = sa_family_t(AF_INET6)
        address.sin6_port = port.bigEndian
        address.sin6_addr = in6addr_loopback
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
        }
        return bound == 0 || errno == EADDRNOTAVAIL
    }

    /// `sockaddr_in` for 127.0.0.1:`port`.
    static func loopback4(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return address
    }
}
