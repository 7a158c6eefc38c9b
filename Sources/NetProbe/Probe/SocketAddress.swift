#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A numeric IPv4 or IPv6 socket address (`sockaddr_in` / `sockaddr_in6`), its address an `IPAddress`.
/// No name resolution: `localhost` is not an address here (it may mean `127.0.0.1` or `::1`).
package struct SocketAddress: Sendable, Equatable, CustomStringConvertible {
    package var address: IPAddress
    package var port: UInt16

    package init(address: IPAddress, port: UInt16) {
        self.address = address
        self.port = port
    }

    package var family: AddressFamily { address.family }

    /// Parses a numeric address (`127.0.0.1`, `::1`: `IPAddress`'s literals); `nil` for anything else.
    package init?(host: String, port: UInt16) {
        guard let address = IPAddress(host) else { return nil }
        self.init(address: address, port: port)
    }

    /// Reads a `sockaddr_storage` filled by `getsockname`/`getpeername`; `nil` for other families.
    package init?(storage: sockaddr_storage) {
        var storage = storage
        let bytes: [UInt8]
        switch Int32(storage.ss_family) {
        case AF_INET:
            let sin = withUnsafeBytes(of: &storage) { $0.load(as: sockaddr_in.self) }
            bytes = withUnsafeBytes(of: sin.sin_addr) { Array($0) }
            port = UInt16(bigEndian: sin.sin_port)
        case AF_INET6:
            let sin6 = withUnsafeBytes(of: &storage) { $0.load(as: sockaddr_in6.self) }
            bytes = withUnsafeBytes(of: sin6.sin6_addr) { Array($0) }
            port = UInt16(bigEndian: sin6.sin6_port)
        default:
            return nil
        }
        guard let address = IPAddress(bytes: bytes) else { return nil }
        self.address = address
    }

    package var domain: Int32 { family == .inet ? AF_INET : AF_INET6 }

    /// The address text (`IPAddress.text`, `inet_ntop`'s form), without the port.
    package var host: String { address.text }

    package var description: String { HostPort.text(host, port) }

    /// Calls `body` with this address as a `sockaddr` pointer and its length.
    package func withSockaddr<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R {
        switch family {
        case .inet:
            var sin = sockaddr_in()
            sin.sin_family = sa_family_t(AF_INET)
            sin.sin_port = port.bigEndian
            withUnsafeMutableBytes(of: &sin.sin_addr) { $0.copyBytes(from: address.bytes) }
            return withUnsafePointer(to: &sin) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        case .inet6:
            var sin6 = sockaddr_in6()
            sin6.sin6_family = sa_family_t(AF_INET6)
            sin6.sin6_port = port.bigEndian
            withUnsafeMutableBytes(of: &sin6.sin6_addr) { $0.copyBytes(from: address.bytes) }
            return withUnsafePointer(to: &sin6) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
            }
        }
    }

    /// The local (`getsockname`) or peer (`getpeername`) address of `fd`.
    package static func of(_ fd: Int32, peer: Bool) -> SocketAddress? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let rc = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                peer ? getpeername(fd, $0, &length) : getsockname(fd, $0, &length)
            }
        }
        guard rc == 0 else { return nil }
        return SocketAddress(storage: storage)
    }
}
