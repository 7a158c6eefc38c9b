import NetProbe

/// The gateway's questions about address text, answered by NetProbe's one address value (`IPAddress`: exactly the
/// literals `inet_pton(3)` accepts; no name resolution).
public enum IPAddressText {
    public enum Family: Sendable, Equatable { case ipv4, ipv6 }

    /// The family of an IP literal, or nil when `text` is not one.
    public static func family(_ text: String) -> Family? {
        IPAddress(text).map { $0.family == .inet ? .ipv4 : .ipv6 }
    }

    /// True for 127.0.0.0/8, `::1` and `::ffff:127.x.y.z`.
    public static func isLoopback(_ text: String) -> Bool {
        IPAddress(text)?.isLoopback == true
    }

    /// The canonical text of an IP literal (`IPAddress.text`, glibc's `inet_ntop(3)` form: `0:0::1` -> `::1`,
    /// `::FFFF:7F00:1` -> `::ffff:127.0.0.1`), or nil when `text` is not one.
    public static func canonical(_ text: String) -> String? {
        IPAddress(text)?.text
    }

    /// True for `0.0.0.0` and `::` (every address of the machine).
    public static func isWildcard(_ text: String) -> Bool {
        IPAddress(text)?.isUnspecified == true
    }

    /// `host:port`, with brackets around IPv6 literals (NetProbe's `HostPort.text`, the one renderer).
    public static func hostPort(_ host: String, _ port: UInt16) -> String {
        HostPort.text(host, port)
    }
}
