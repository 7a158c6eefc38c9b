/// The one renderer of an address and a port (`host:port`, and URLs built on it) for every message, row and request
/// of the toolkit: an IPv6 literal goes in brackets (RFC 3986 section 3.2.2: `[::1]:18789`, `http://[::1]:18789/`),
/// an IPv4 literal or a name as it is (`127.0.0.1:18789`, `localhost:18789`). Pure.
public enum HostPort {
    /// `host:port`. A host with a colon is an IPv6 literal (with or without a zone, `fe80::1%eth0`) and is bracketed;
    /// a host already in brackets (`[::1]`, as `netstat.exe` prints it) is left as it is.
    public static func text(_ host: String, _ port: UInt16) -> String {
        "\(bracketed(host)):\(port)"
    }

    /// `scheme://host:port` followed by `path` (`""`, or starting with `/`): `http://[::1]:18789/__openclaw__/identity`.
    public static func url(scheme: String, host: String, port: UInt16, path: String = "") -> String {
        "\(scheme)://\(text(host, port))\(path)"
    }

    /// The host as it goes before `:port`: an IPv6 literal in brackets.
    public static func bracketed(_ host: String) -> String {
        host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
    }
}
