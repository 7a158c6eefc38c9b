import FoundationEssentials

/// A parsed IPv4 address, for prefix tests in the classifier and the loopback routing analysis.
struct IPv4: Sendable, Hashable {
    let value: UInt32

    init(_ value: UInt32) { self.value = value }

    /// Parses dotted-quad text (`127.0.0.1`) as `IPAddress` does (`inet_pton(3)`: no `+`, no leading zero, which
    /// `inet_aton(3)` would read as octal); `nil` for anything else.
    init?(_ text: some StringProtocol) {
        guard let address = IPAddress(text) else { return nil }
        self.init(address)
    }

    /// The value of an IPv4 `IPAddress`; `nil` for an IPv6 one.
    init?(_ address: IPAddress) {
        guard address.family == .inet else { return nil }
        value = address.bytes.reduce(0) { $0 << 8 | UInt32($1) }
    }

    static let loopback = IPv4(0x7F00_0001)

    /// Whether this address lies in `network/length`.
    func isIn(_ network: IPv4, length: Int) -> Bool {
        guard length > 0 else { return true }
        guard length < 32 else { return value == network.value }
        let mask = UInt32.max << UInt32(32 - length)
        return value & mask == network.value & mask
    }

    /// RFC 1918 private ranges.
    var isPrivate: Bool {
        isIn(IPv4(0x0A00_0000), length: 8) || isIn(IPv4(0xAC10_0000), length: 12)
            || isIn(IPv4(0xC0A8_0000), length: 16)
    }

    /// 169.254.0.0/16.
    var isLinkLocal: Bool { isIn(IPv4(0xA9FE_0000), length: 16) }

    /// 127.0.0.0/8.
    var isLoopback: Bool { isIn(IPv4(0x7F00_0000), length: 8) }
}

/// An IPv4 prefix as `ip` prints a destination or selector: `default`, `all`, `10.0.0.1`, `10.0.0.0/8`.
struct IPv4Prefix: Sendable, Hashable {
    let network: IPv4
    let length: Int

    init?(_ text: String) {
        let trimmed = text.trimmingSpaces()
        if trimmed == "default" || trimmed == "all" {
            network = IPv4(0)
            length = 0
            return
        }
        let pieces = trimmed.split(separator: "/", omittingEmptySubsequences: false)
        guard pieces.count == 1 || pieces.count == 2, let address = IPv4(pieces[0]) else { return nil }
        if pieces.count == 2 {
            guard let bits = Int(pieces[1]), (0...32).contains(bits) else { return nil }
            length = bits
        } else {
            length = 32
        }
        network = address
    }

    func contains(_ address: IPv4) -> Bool { address.isIn(network, length: length) }
}
