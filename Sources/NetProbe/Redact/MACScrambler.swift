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

    /// The replacement for a MAC address (`aa:bb:cc:dd:ee:ff`, any case); `nil` if `text` is not one.
    func scramble(_ text: String) -> String? {
        let octets = text.split(separator: ":", omittingEmptySubsequences: false)
        guard octets.count == 6, octets.allSatisfy({ $0.count == 2 && UInt8($0, radix: 16) != nil }) else { return nil }
        let lower = text.lowercased()
        if Self.kept.contains(lower) { return lower }
        var h = Hasher()
        h.combine(key)
        h.combine(lower)
        let r = UInt64(bitPattern: Int64(h.finalize()))
        let byte = { (i: UInt64) in hexByte(UInt8(truncatingIfNeeded: r >> (8 * i))) }
        if lower.hasPrefix(Self.hyperVPrefix) {
            return "\(Self.hyperVPrefix):\(byte(0)):\(byte(1)):\(byte(2))"
        }
        return "02:\(byte(0)):\(byte(1)):\(byte(2)):\(byte(3)):\(byte(4))"
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
