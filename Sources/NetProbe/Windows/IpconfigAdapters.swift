/// One adapter of `ipconfig` / `ipconfig /all`: its heading and the addresses Windows gives it.
public struct WindowsAdapter: Sendable, Equatable, Codable {
    /// The heading without its colon (`Ethernet adapter vEthernet (WSL)`, `Drahtlos-LAN-Adapter WLAN`).
    public var heading: String
    /// Its own IPv4 and IPv6 addresses, without a zone (`%12`) or a `(Preferred)` note, in text order.
    public var addresses: [String]
    /// Its MAC (`Physical Address`, `ipconfig /all` only), lower case with colons (`00:15:5d:01:02:03`).
    public var mac: String?
    /// 1-based line of the heading.
    public var line: Int
    /// The prefix length of an IPv4 address, from the `Subnet Mask` line under it (`255.255.240.0` is 20), by
    /// address; an address whose mask was not pasted has none.
    public var prefixLengths: [String: Int] = [:]

    public init(heading: String, addresses: [String], mac: String? = nil, line: Int, prefixLengths: [String: Int] = [:]) {
        self.heading = heading
        self.addresses = addresses
        self.mac = mac
        self.line = line
        self.prefixLengths = prefixLengths
    }

    /// The adapter WSL makes for its NAT network (`vEthernet (WSL)`, `vEthernet (WSL (Hyper-V firewall))`), by its
    /// heading in any language (the adapter's name is WSL's, never translated).
    public var isWSLNATAdapter: Bool { heading.contains("vEthernet (WSL") }
}

/// `ipconfig` and `ipconfig /all` as Windows prints them, in any language: a heading line at the left margin ending in
/// `:` per adapter (`Ethernet adapter Ethernet:`, `Ethernet-Adapter vEthernet (WSL):`, `以太网适配器 以太网:`), then
/// indented `label . . . : value` lines. An address is the adapter's own when its label names `IPv4` or `IPv6`
/// (`IPv4 Address`, `IPv4-Adresse`, `Adresse IPv6 de liaison locale`, `Temporary IPv6 Address`; never `Subnet Mask`,
/// `Default Gateway`, `DNS Servers`, `DHCP Server`, `DHCPv6 ...`, whose labels do not); the MAC by its value's shape
/// (`00-15-5D-01-02-03`); an IPv4 address's prefix length from the mask-shaped value under it (`Subnet Mask`,
/// `Subnetzmaske`, `Masque de sous-réseau`: `255.255.240.0`). The first block (`Windows IP Configuration`, host name, node type) holds no adapter. Pure;
/// never fails.
public enum IpconfigAdapters {
    public static func parse(_ text: String) -> [WindowsAdapter] {
        var adapters: [WindowsAdapter] = []
        for (index, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            let line = String(String.UnicodeScalarView(raw.unicodeScalars.filter { $0.value != 0 && $0 != "\r" }))
            let trimmed = line.trimmingSpaces()
            guard !trimmed.isEmpty else { continue }
            let indented = line.first == " " || line.first == "\t"
            if !indented, let heading = heading(trimmed) {
                adapters.append(WindowsAdapter(heading: heading, addresses: [], line: index + 1))
                continue
            }
            guard indented, !adapters.isEmpty, let (label, value) = property(trimmed) else { continue }
            let last = adapters.count - 1
            if let mac = mac(value) {
                adapters[last].mac = adapters[last].mac ?? mac
            } else if label.contains("IPv4") || label.contains("IPv6"), let address = address(value),
                      !adapters[last].addresses.contains(address) {
                adapters[last].addresses.append(address)
            } else if !label.contains("IPv4"), !label.contains("IPv6"), let length = prefixLength(ofMask: value),
                      let owner = adapters[last].addresses.last(where: { IPSyntax.family(ofAddress: $0) == .inet && adapters[last].prefixLengths[$0] == nil }) {
                // `Subnet Mask . . . : 255.255.240.0` (any language: by the value's shape) under its IPv4 address.
                adapters[last].prefixLengths[owner] = length
            }
        }
        return adapters
    }

    /// `Ethernet adapter vEthernet (WSL):` -> `Ethernet adapter vEthernet (WSL)`; `nil` for other lines.
    static func heading(_ trimmed: String) -> String? {
        guard let last = trimmed.last, last == ":" || last == "：", trimmed.count >= 4, trimmed.count <= 120 else { return nil }
        let body = String(trimmed.dropLast()).trimmingSpaces()
        // A `label : value` line at the margin is not a heading; nor is a bare address or a time.
        guard !body.contains(" . "), !body.hasSuffix("."), address(body) == nil, body.contains(where: \.isLetter) else { return nil }
        return body
    }

    /// `IPv4 Address. . . . . . . . . . . : 192.168.1.23` -> (`IPv4 Address`, `192.168.1.23`); the label ends at the
    /// first ` :` or `. :` run (a label never holds ` : `), so an IPv6 value keeps its colons.
    static func property(_ trimmed: String) -> (String, String)? {
        guard let range = trimmed.firstRange(of: " : ") ?? trimmed.firstRange(of: " ： ") ?? trimmed.firstRange(of: ": ") else { return nil }
        let label = String(trimmed[..<range.lowerBound]).filter { $0 != "." }.trimmingSpaces()
        let value = String(trimmed[range.upperBound...]).trimmingSpaces()
        return label.isEmpty || value.isEmpty ? nil : (label, value)
    }

    /// `fe80::1%12(Preferred)` -> `fe80::1`; `192.168.1.23(Bevorzugt)` -> `192.168.1.23`; `nil` unless an address.
    static func address(_ value: String) -> String? {
        var word = value.split(separator: " ").first.map(String.init) ?? value
        if let paren = word.firstIndex(of: "(") { word = String(word[..<paren]) }
        if let percent = word.firstIndex(of: "%") { word = String(word[..<percent]) }
        return IPSyntax.family(ofAddress: word) != nil ? word : nil
    }

    /// `255.255.240.0` -> 20: a contiguous IPv4 mask of 8 to 32 bits; `nil` for any other value (an address).
    static func prefixLength(ofMask value: String) -> Int? {
        guard let bits = IPv4(value)?.value, bits >> 24 == 255 else { return nil }
        let length = bits.leadingZeroBitCount == 0 ? (~bits).leadingZeroBitCount : 0
        guard length >= 8, bits == (length == 32 ? UInt32.max : ~(UInt32.max >> UInt32(length))) else { return nil }
        return length
    }

    /// `00-15-5D-01-02-03` -> `00:15:5d:01:02:03`.
    static func mac(_ value: String) -> String? {
        let parts = value.split(separator: "-", omittingEmptySubsequences: false)
        guard value.count == 17, parts.count == 6, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isHexDigit) }) else { return nil }
        return parts.joined(separator: ":").lowercased()
    }
}
