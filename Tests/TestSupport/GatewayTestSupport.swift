import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Helpers for gateway tests: the built `openclaw` binary, free ports, temporary directories and child processes.
public enum GatewayTestSupport {
    /// `.build/debug/openclaw` of this checkout (built by `swift build --build-tests`).
    public static var openclawBinary: String { BuiltExecutables.openclaw }

    /// A port that was free a moment ago: bind 127.0.0.1:0 and [::1]:0-free check, then close.
    public static func freePort() -> UInt16 {
        for _ in 0..<50 {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = 0
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
            _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
            close(fd)
            let port = UInt16(bigEndian: address.sin_port)
            if port >= 1024 { return port }
        }
        return UInt16.random(in: 30000...60000)
    }

    /// A fresh temporary directory.
    public static func temporaryDirectory(_ prefix: String = "gw") -> String {
        let path = NSTemporaryDirectory() + "\(prefix)-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// The environment for child gateways: no `XDG_RUNTIME_DIR` (so locks go under the test's state dir) and no token.
    public static func childEnvironment(extra: [String: String] = [:]) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "XDG_RUNTIME_DIR")
        env.removeValue(forKey: "OPENCLAW_GATEWAY_TOKEN")
        for key in ["OPENCLAW_GATEWAY_PORT", "OPENCLAW_GATEWAY_BIND", "OPENCLAW_GATEWAY_BIND_HOST"] { env.removeValue(forKey: key) }
        env.removeValue(forKey: "OPENCLAW_STATE_DIR")
        for (k, v) in extra { env[k] = v }
        return env
    }
}
