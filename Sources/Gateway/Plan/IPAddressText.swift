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

    /// `host:port`, with brackets around IPv6 literals.
    public static func hostPort(_ host: String, _ port: UInt16) -> String {
        family(host) == .ipv6 ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
