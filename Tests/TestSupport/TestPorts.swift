import Foundation
import NetProbe
#if canImport(Glibc)
import Glibc
#endif

/// The tests' one free-port helper.
public enum TestPorts {
    /// A TCP port that was free a moment ago on `host` (numeric, `127.0.0.1` or `::1`): bound with port 0, read back
    /// with `getsockname(2)`, closed; a port below 1024 or inside one of `avoiding` is never returned (tried again, 50
    /// times, then a random high one outside `avoiding`).
    public static func free(host: String = "127.0.0.1", avoiding: [ClosedRange<UInt16>] = []) -> UInt16 {
        // The address through NetProbe's one address value (`SocketAddress` over `IPAddress`); not one: a random port.
        guard let address = SocketAddress(host: host, port: 0) else { return random(avoiding: avoiding) }
        for _ in 0..<50 {
            let fd = socket(address.domain, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard fd >= 0 else { continue }
            defer { close(fd) }
            guard address.withSockaddr({ bind(fd, $0, $1) }) == 0, let bound = SocketAddress.of(fd, peer: false) else { continue }
            let port = bound.port
            if port >= 1024, !avoiding.contains(where: { $0.contains(port) }) { return port }
        }
        return random(avoiding: avoiding)
    }

    private static func random(avoiding: [ClosedRange<UInt16>]) -> UInt16 {
        while true {
            let port = UInt16.random(in: 30000...60000)
            if !avoiding.contains(where: { $0.contains(port) }) { return port }
        }
    }
}
