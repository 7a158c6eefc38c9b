import NetProbe
#if canImport(Glibc)
import Glibc
#endif

/// Recognises IP address literals (`inet_pton(3)`); no name resolution.
public enum IPAddressText {
    public enum Family: Sendable, Equatable { case ipv4, ipv6 }

    /// The family of an IP literal, or nil when `text` is not one.
    public static func family(_ text: String) -> Family? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return .ipv4 }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 { return .ipv6 }
        return nil
    }

    /// True for 127.0.0.0/8, `::1` and `::ffff:127.x.y.z`.
    public static func isLoopback(_ text: String) -> Bool {
        switch family(text) {
        case .ipv4: return text.hasPrefix("127.")
        case .ipv6:
            var v6 = in6_addr()
            _ = inet_pton(AF_INET6, text, &v6)
            let b = withUnsafeBytes(of: &v6) { Array($0) }
            if b[0..<15].allSatisfy({ $0 == 0 }) && b[15] == 1 { return true }
            if b[0..<10].allSatisfy({ $0 == 0 }) && b[10] == 0xff && b[11] == 0xff && b[12] == 127 { return true }
            return false
        case nil: return false
        }
    }

    /// The canonical text of an IP literal (`inet_ntop(3)` of `inet_pton(3)`: `0:0::1` -> `::1`, `::FFFF:7F00:1` ->
    /// `::ffff:127.0.0.1`), or nil when `text` is not one.
    public static func canonical(_ text: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            guard inet_ntop(AF_INET, &v4, &buffer, socklen_t(buffer.count)) != nil else { return nil }
            return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            guard inet_ntop(AF_INET6, &v6, &buffer, socklen_t(buffer.count)) != nil else { return nil }
            return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        return nil
    }

    /// True for `0.0.0.0` and `::` (every address of the machine).
    public static func isWildcard(_ text: String) -> Bool {
        let c = canonical(text)
        return c == "0.0.0.0" || c == "::"
    }

    /// `host:port`, with brackets around IPv6 literals (NetProbe's `HostPort.text`, the one renderer).
    public static func hostPort(_ host: String, _ port: UInt16) -> String {
        HostPort.text(host, port)
    }
}
