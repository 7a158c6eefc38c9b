/// Keyed, consistent replacement of MAC addresses.
///
/// Kept verbatim: all-zero and broadcast, and WSL's constant neighbour `00:11:22:33:44:55`.
/// Hyper-V MACs keep their `00:15:5d` OUI (it is evidence of WSL2 NAT); every other MAC becomes a
/// locally administered `02:...` address, so it can never be mistaken for a Hyper-V one.
struct MACScrambler: Sendable {
    private let key: UInt64

    init(key: UInt64) { self.key = key }

    static let kept: Set<String> = ["00:00:00:00:00:00", "ff:ff:ff:ff:ff:ff", "00:11:22:33:44:55"]
    static let hyperVPrefix = "00:15:5d"

    /// The notations of a MAC address: `aa:bb:cc:dd:ee:ff` (iproute2), `AA-BB-CC-DD-EE-FF` (Windows' `ipconfig`,
    /// `getmac`, `arp -a`), `aabb.ccdd.eeff` (Cisco).
    enum Notation: Equatable { case colons, dashes(upper: Bool), dots }

    /// `text` as the colon form (lower case) and its notation; nil when it is no MAC.
    static func parse(_ text: String) -> (colons: String, notation: Notation)? {
        let utf8 = Array(text.utf8)
        func hex(_ b: UInt8) -> Bool { (b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x66) || (b >= 0x41 && b <= 0x46) }
        if utf8.count == 17 {
            let sep = utf8[2]
            guard sep == UInt8(ascii: ":") || sep == UInt8(ascii: "-") else { return nil }
            for (k, b) in utf8.enumerated() { guard k % 3 == 2 ? b == sep : hex(b) else { return nil } }
            let colons = String(decoding: utf8.map { $0 == sep ? UInt8(ascii: ":") : $0 }, as: UTF8.self).lowercased()
            return (colons, sep == UInt8(ascii: ":") ? .colons : .dashes(upper: !text.contains { $0.isLowercase }))
        }
        if utf8.count == 14, utf8[4] == UInt8(ascii: "."), utf8[9] == UInt8(ascii: ".") {
            let digits = utf8.enumerated().filter { $0.offset != 4 && $0.offset != 9 }.map(\.element)
            guard digits.allSatisfy(hex) else { return nil }
            let pairs = stride(from: 0, to: 12, by: 2).map { String(decoding: digits[$0..<($0 + 2)], as: UTF8.self) }
            return (pairs.joined(separator: ":").lowercased(), .dots)
        }
        return nil
    }

    /// The colon form `mac` written in `notation`.
    static func render(_ mac: String, as notation: Notation) -> String {
        switch notation {
        case .colons: return mac
        case .dashes(let upper):
            let dashed = mac.replacing(":", with: "-")
            return upper ? dashed.uppercased() : dashed
        case .dots:
            let digits = Array(mac.replacing(":", with: ""))
            return stride(from: 0, to: 12, by: 4).map { String(digits[$0..<($0 + 4)]) }.joined(separator: ".")
        }
    }

    /// The replacement for a MAC address in any notation (`aa:bb:cc:dd:ee:ff`, `AA-BB-CC-DD-EE-FF`,
    /// `aabb.ccdd.eeff`, any case), in the same notation; `nil` if `text` is not one.
    func scramble(_ text: String) -> String? {
        guard let (colons, notation) = Self.parse(text) else { return nil }
        guard let replaced = scrambleColons(colons) else { return nil }
        return Self.render(replaced, as: notation)
    }

    private func scrambleColons(_ text: String) -> String? {
        let octets = text.split(separator: ":", omittingEmptySubsequences: false)
        guard octets.count == 6, octets.allSatisfy({ $0.count == 2 && UInt8($0, radix: 16) != nil }) else { return nil }
        let lower = text.lowercased()
        if Self.kept.contains(lower) { return lower }
        // IPv6 multicast MACs (`33:33` + the last 32 bits of the group): a solicited-node group's MAC carries the
        // low 24 bits of a unicast address, mapped as `Redactor` maps the group; other groups are kept, as their
        // addresses are. IPv4 multicast MACs (`01:00:5e`) come from kept multicast addresses.
        if lower.hasPrefix("33:33:ff:") {
            let low = octets[3...].reduce(UInt32(0)) { $0 << 8 | UInt32(UInt8($1, radix: 16) ?? 0) }
            let mapped = scramble24(low)
            return "33:33:ff:" + [mapped >> 16, mapped >> 8, mapped].map { hexByte(UInt8(truncatingIfNeeded: $0)) }
                .joined(separator: ":")
        }
        if lower.hasPrefix("33:33:") || lower.hasPrefix("01:00:5e:") { return lower }
        if lower.hasPrefix(Self.hyperVPrefix) {
            let low = octets[3...].reduce(UInt32(0)) { $0 << 8 | UInt32(UInt8($1, radix: 16) ?? 0) }
            let mapped = scramble24(low)
            return "\(Self.hyperVPrefix):" + [mapped >> 16, mapped >> 8, mapped].map { hexByte(UInt8(truncatingIfNeeded: $0)) }
                .joined(separator: ":")
        }
        var h = Hasher()
        h.combine(key)
        h.combine(lower)
        let r = UInt64(bitPattern: Int64(h.finalize()))
        let byte = { (i: UInt64) in hexByte(UInt8(truncatingIfNeeded: r >> (8 * i))) }
        return "02:\(byte(0)):\(byte(1)):\(byte(2)):\(byte(3)):\(byte(4))"
    }

    /// The keyed replacement of 24 bits, never equal to its input. It is both the NIC-specific half of a
    /// Hyper-V MAC (whose OUI `00:15:5d` is kept, so these 24 bits are the whole identity) and the low 24 bits
    /// of a solicited-node multicast address (`ff02::1:ffXX:XXXX`, the last 24 bits of a unicast address,
    /// for an EUI-64 address the MAC's last three bytes): the two stay consistent with each other.
    func scramble24(_ value: UInt32) -> UInt32 {
        var h = Hasher()
        h.combine(key)
        h.combine("24-bit")
        h.combine(value & 0xff_ffff)
        var mapped = UInt32(truncatingIfNeeded: UInt64(bitPattern: Int64(h.finalize()))) & 0xff_ffff
        if mapped == value & 0xff_ffff { mapped ^= 1 }
        return mapped
    }

    /// The EUI-64 interface identifier (last 64 bits of an IPv6 address) for a MAC, as 4 hex groups.
    static func eui64Groups(_ mac: String) -> [String]? {
        let b = mac.split(separator: ":").compactMap { UInt8($0, radix: 16) }
        guard b.count == 6 else { return nil }
        let bytes = [b[0] ^ 0x02, b[1], b[2], 0xff, 0xfe, b[3], b[4], b[5]]
        return stride(from: 0, to: 8, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }
    }

    /// The MAC embedded in an EUI-64 interface identifier (`..:XXff:feXX:..`), if there is one.
    static func macFromEUI64(_ low: UInt64) -> String? {
        guard (low >> 24) & 0xffff == 0xfffe else { return nil }
        let bytes = [
            UInt8(truncatingIfNeeded: low >> 56) ^ 0x02, UInt8(truncatingIfNeeded: low >> 48),
            UInt8(truncatingIfNeeded: low >> 40), UInt8(truncatingIfNeeded: low >> 16),
            UInt8(truncatingIfNeeded: low >> 8), UInt8(truncatingIfNeeded: low),
        ]
        return bytes.map(hexByte).joined(separator: ":")
    }
}

/// Two lower-case hex digits. (A free function, not a `String` initialiser: an unlabelled
/// `String.init` reference elsewhere must never resolve to it.)
func hexByte(_ byte: UInt8) -> String {
    let digits = Array("0123456789abcdef")
    return String([digits[Int(byte >> 4)], digits[Int(byte & 0xf)]])
}
