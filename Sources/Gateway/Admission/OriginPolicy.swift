/// Which browser origins may open the WebSocket, and which `Host` values may read the revealing HTTP routes.
/// Pure: the caller passes the gateway's own addresses (the bind addresses and the address the connection arrived
/// on) and the port.
///
/// Same origin: `http://HOST:PORT` where HOST is one of the own addresses (IPv6 in brackets), or `localhost` when one
/// of them is a loopback address. Comparison is on the normalised form: scheme and host lower-case, IP literals in
/// their canonical text (`[0:0::1]` is `[::1]`), the port always written (80 for http, 443 for https when absent).
/// Anything else must be on the allow-list (`--allowed-origin`, `gateway.controlUi.allowedOrigins`). `null`,
/// wildcards, paths and user info are never an origin here.
public enum OriginPolicy {
    /// The normalised `scheme://host:port` of an origin (`https://Example.COM` -> `https://example.com:443`), or nil
    /// when `text` is not the serialisation of an http or https origin. One trailing `/` is tolerated (allow-list
    /// entries copied from an address bar).
    public static func normalise(_ text: String) -> String? {
        var rest = Substring(text)
        if rest.hasSuffix("/") { rest = rest.dropLast() }
        guard let schemeEnd = rest.firstRange(of: "://") else { return nil }
        let scheme = rest[..<schemeEnd.lowerBound].lowercased()
        let defaultPort: UInt16
        switch scheme {
        case "http": defaultPort = 80
        case "https": defaultPort = 443
        default: return nil
        }
        guard let authority = HostPolicy.parseAuthority(rest[schemeEnd.upperBound...]) else { return nil }
        return "\(scheme)://\(authority.host):\(authority.port ?? defaultPort)"
    }

    /// The normalised origins that count as the gateway's own for these addresses and port.
    public static func sameOrigins(ownAddresses: [String], port: UInt16) -> Set<String> {
        Set(HostPolicy.ownHosts(ownAddresses).map { "http://\($0):\(port)" })
    }

    /// Whether an upgrade with this `Origin` header may proceed: no header (a CLI or native client) is allowed;
    /// otherwise the normalised origin must be the gateway's own or on `allowList` (normalised entries).
    public static func allows(origin: String?, ownAddresses: [String], port: UInt16, allowList: Set<String>) -> Bool {
        guard let origin else { return true }
        guard let normalised = normalise(origin) else { return false }
        return sameOrigins(ownAddresses: ownAddresses, port: port).contains(normalised) || allowList.contains(normalised)
    }

    /// Normalises allow-list entries; the first entry that is not an origin is returned as the error.
    public static func allowList(_ entries: [String]) -> Result<Set<String>, OriginEntryError> {
        var out = Set<String>()
        for entry in entries {
            guard let normalised = normalise(entry) else { return .failure(OriginEntryError(entry: entry)) }
            out.insert(normalised)
        }
        return .success(out)
    }
}

/// An allow-list entry that is not `http(s)://host[:port]`.
public struct OriginEntryError: Error, Sendable, Equatable {
    public var entry: String
    public var message: String {
        "\"\(entry)\" is not an origin: write scheme://host[:port] with scheme http or https, no path (e.g. http://127.0.0.1:18789)."
    }
}

/// `Host` checks for the HTTP routes that reveal something (the identity document with pid and boot id, the canvas):
/// a DNS-rebinding page sends its own name as `Host`, never the gateway's address.
public enum HostPolicy {
    /// The host names that are the gateway's own: each address's canonical text (IPv6 in brackets), wildcards left
    /// out, plus `localhost` when one of them is loopback.
    public static func ownHosts(_ addresses: [String]) -> Set<String> {
        var hosts = Set<String>()
        for address in addresses where !IPAddressText.isWildcard(address) {
            guard let canonical = IPAddressText.canonical(address) else { continue }
            hosts.insert(IPAddressText.family(canonical) == .ipv6 ? "[\(canonical)]" : canonical)
            if IPAddressText.isLoopback(canonical) { hosts.insert("localhost") }
        }
        return hosts
    }

    /// Whether a request with this `Host` header may read a revealing route. No header (HTTP/1.0) is allowed: a
    /// browser always sends one. Otherwise `host[:port]` (port 80 when absent) must name one of the own hosts and
    /// the gateway's port, or be the host and port of an allowed origin (a front end or port forward the operator
    /// named with `--allowed-origin`).
    public static func allows(host: String?, ownAddresses: [String], port: UInt16, allowedOrigins: Set<String> = []) -> Bool {
        guard let host else { return true }
        guard let authority = parseAuthority(Substring(host)) else { return false }
        if (authority.port ?? 80) == port && ownHosts(ownAddresses).contains(authority.host) { return true }
        return ["http", "https"].contains { scheme in
            OriginPolicy.normalise("\(scheme)://\(host)").map(allowedOrigins.contains) ?? false
        }
    }

    /// Splits `host[:port]`: the host lower-case, an IP literal in canonical text (IPv6 with brackets); nil when the
    /// text is not an authority (empty host, user info, a path, a bad port, an IPv6 literal without brackets, a zone).
    public static func parseAuthority(_ text: Substring) -> (host: String, port: UInt16?)? {
        var hostPart: Substring
        var portPart: Substring?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            let literal = String(text[text.index(after: text.startIndex)..<close])
            guard IPAddressText.family(literal) == .ipv6, let canonical = IPAddressText.canonical(literal) else { return nil }
            let after = text[text.index(after: close)...]
            if after.isEmpty {
                portPart = nil
            } else {
                guard after.first == ":" else { return nil }
                portPart = after.dropFirst()
            }
            hostPart = Substring("[\(canonical)]")
        } else {
            let pieces = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            hostPart = pieces[0]
            portPart = pieces.count == 2 ? pieces[1] : nil
            guard !hostPart.isEmpty,
                  hostPart.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0)
                      || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }) else { return nil }
            let lower = hostPart.lowercased()
            hostPart = Substring(IPAddressText.family(lower) == .ipv4 ? (IPAddressText.canonical(lower) ?? lower) : lower)
        }
        var port: UInt16?
        if let portPart {
            guard !portPart.isEmpty, portPart.count <= 5, portPart.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
                  let value = Int(portPart), (1...65535).contains(value) else { return nil }
            port = UInt16(value)
        }
        return (String(hostPart), port)
    }
}
