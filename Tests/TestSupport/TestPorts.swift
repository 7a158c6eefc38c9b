import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The tests' one free-port helper.
public enum TestPorts {
    /// A TCP port that was free a moment ago on `host` (numeric, `127.0.0.1` or `::1`): bound with port 0, read back
    /// with `getsockname(2)`, closed; a port below 1024 or inside one of `avoiding` is never returned (tried again, 50
    /// times, then a random high one outside `avoiding`).
    public static func free(host: String = "127.0.0.1", avoiding: [ClosedRange<UInt16>] = []) -> UInt16 {
        let v6 = host.contains(":")
        for _ in 0..<50 {
            let fd = socket(v6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard fd >= 0 else { continue }
            defer { close(fd) }
            var port: UInt16 = 0
            if v6 {
                var address = sockaddr_in6()
                address.sin6_family = sa_family_t(AF_INET6)
                guard inet_pton(AF_INET6, host, &address.sin6_addr) == 1 else { break }
                var length = socklen_t(MemoryLayout<sockaddr_in6>.size)
                let bound = withUnsafeMutablePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
                }
                guard bound else { continue }
                port = UInt16(bigEndian: address.sin6_port)
            } else {
                var address = sockaddr_in()
                address.sin_family = sa_family_t(AF_INET)
                guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else { break }
                var length = socklen_t(MemoryLayout<sockaddr_in>.size)
                let bound = withUnsafeMutablePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
                }
                guard bound else { continue }
                port = UInt16(bigEndian: address.sin_port)
            }
            if port >= 1024, !avoiding.contains(where: { $0.contains(port) }) { return port }
        }
        while true {
            let port = UInt16.random(in: 30000...60000)
            if !avoiding.contains(where: { $0.contains(port) }) { return port }
        }
    }
}
