import FoundationEssentials

/// Prefix-preserving, keyed replacement of IP addresses (in the manner of Crypto-PAn): two addresses
/// that share their first k bits map to two addresses that share their first k bits, so subnets,
/// gateways and routes stay consistent with each other after redaction.
///
/// Addresses that carry meaning for the diagnosis are kept verbatim: loopback, link-local, unspecified,
/// broadcast, multicast and the WSL constants (`10.255.255.254`, `127.0.0.42`, `169.254.73.249`).
/// The range an address is in (RFC 1918 private, CGNAT, ULA, global) is kept, so the classifier
/// reads the same shapes.
struct AddressScrambler: Sendable {
    private let key: UInt64

    init(key: UInt64) { self.key = key }

    /// WSL addresses that must survive redaction: they are evidence.
    static let keptIPv4: Set<String> = ["10.255.255.254", "127.0.0.42", "169.254.73.249", "0.0.0.0", "255.255.255.255"]

    /// The replacement for an IPv4 or IPv6 address in text form; `nil` when `text` is not an address.
    func scramble(_ text: String) -> String? {
        if let v4 = IPv4Bits(text) { return scrambleIPv4(v4) }
        if let v6 = IPv6Bits(text) { return scrambleIPv6(v6) }
        return nil
    }

    /// Replaces `a.b.c.d/n` or `addr/n` keeping the prefix length; the host bits of the result are zero when
    /// the input's were. `map` replaces the address part (by default `scramble`; the redactor passes its
    /// EUI-64- and solicited-node-aware mapping, so a prefix and a bare address never disagree).
    func scramblePrefix(_ text: String, map: ((String) -> String?)? = nil) -> String? {
        let mapAddress = map ?? { scramble($0) }
        guard let slash = text.firstIndex(of: "/") else { return mapAddress(text) }
        let head = String(text[..<slash])
        guard let length = Int(text[text.index(after: slash)...]) else { return mapAddress(text) }
        if let v4 = IPv4Bits(head), (0...32).contains(length) {
            let mapped = mapAddress(head).flatMap(IPv4Bits.init(text:)) ?? v4
            let mask: UInt32 = length == 0 ? 0 : ~UInt32(0) << (32 - UInt32(length))
            let keepHostBits = v4.value & ~mask != 0
            return (keepHostBits ? mapped : IPv4Bits(value: mapped.value & mask)).text + "/\(length)"
        }
        if let v6 = IPv6Bits(head), (0...128).contains(length) {
            let mapped = mapAddress(head).flatMap(IPv6Bits.init(text:)) ?? v6
            let hostBitsSet = v6.masked(to: length) != v6
            return (hostBitsSet ? mapped : mapped.masked(to: length)).text + "/\(length)"
        }
        return nil
    }

    private func scrambleIPv4(_ a: IPv4Bits) -> String {
        if Self.keptIPv4.contains(a.text) { return a.text }
        let v = a.value
        let keep: Int
        switch v >> 24 {
        case 127: return a.text                                      // loopback
        case 224...255: return a.text                                // multicast, reserved, broadcast
        case 0: return a.text
        case 10: keep = 8
        case 169 where (v >> 16) & 0xff == 254: return a.text        // link-local
        case 172 where (v >> 20) & 0xf == 1: keep = 12                // 172.16.0.0/12
        case 192 where (v >> 16) & 0xff == 168: keep = 16            // 192.168.0.0/16
        case 100 where (v >> 22) & 0x3 == 1: keep = 10               // 100.64.0.0/10
        case 172, 192, 100, 169: keep = 16                           // public parts of mixed /8s
        default: keep = 8
        }
        var out: UInt32 = 0
        for i in 0..<32 {
            let bit = (v >> (31 - UInt32(i))) & 1
            let prefix = i == 0 ? 0 : v >> (32 - UInt32(i))
            // The first scrambled bit always flips, so no redacted address (or prefix longer than the kept
            // range) ever comes out equal to its input; later bits flip by the keyed function of the prefix.
            let flip: UInt32 = i < keep ? 0 : (i == keep ? 1 : UInt32(prf(family: 4, length: i, prefix: UInt64(prefix), high: 0) & 1))
            out |= (bit ^ flip) << (31 - UInt32(i))
        }
        return IPv4Bits(value: out).text
    }

    private func scrambleIPv6(_ a: IPv6Bits) -> String {
        let first16 = a.high >> 48
        if a.high == 0 && (a.low == 0 || a.low == 1) { return a.text }            // :: and ::1
        if first16 & 0xffc0 == 0xfe80 { return a.text }                          // link-local (EUI-64 handled by the caller)
        if first16 & 0xff00 == 0xff00 { return a.text }                          // multicast
        if a.high == 0 && a.low >> 32 == 0xffff {                                // IPv4-mapped
            let v4 = IPv4Bits(value: UInt32(truncatingIfNeeded: a.low))
            return "::ffff:" + scrambleIPv4(v4)
        }
        let keep: Int = first16 & 0xfe00 == 0xfc00 ? 8 : 3
        var result = IPv6Bits(high: 0, low: 0)
        for i in 0..<128 {
            let flip = i < keep ? false : (i == keep || prf(family: 6, length: i, prefix: a.prefixLow(i), high: a.prefixHigh(i)) & 1 == 1)
            if a.bit(i) != flip { result.set(i) }
        }
        return result.text
    }

    /// A keyed pseudo-random function of a bit prefix (SipHash through `Hasher`, keyed by `key`).
    private func prf(family: UInt8, length: Int, prefix: UInt64, high: UInt64) -> UInt64 {
        var h = Hasher()
        h.combine(key)
        h.combine(family)
        h.combine(length)
        h.combine(prefix)
        h.combine(high)
        return UInt64(bitPattern: Int64(h.finalize()))
    }
}

/// An IPv4 address as a 32-bit value.
struct IPv4Bits: Sendable, Equatable {
    var value: UInt32

    init(value: UInt32) { self.value = value }

    /// An IPv4 literal (`IPv4`, read by `IPAddress`); `nil` for anything else.
    init?(_ text: String) {
        guard text.utf8.count <= 15, let address = IPv4(text) else { return nil }
        value = address.value
    }

    init?(text: String) { self.init(text) }

    var text: String {
        "\(value >> 24).\((value >> 16) & 0xff).\((value >> 8) & 0xff).\(value & 0xff)"
    }
}

/// An IPv6 address as two 64-bit halves, bit 0 being the most significant.
struct IPv6Bits: Sendable, Equatable {
    var high: UInt64
    var low: UInt64

    init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// An IPv6 literal (`IPAddress`); `nil` for anything else.
    init?(_ text: String) {
        guard text.utf8.count <= 45, let address = IPAddress(text), address.family == .inet6 else { return nil }
        high = address.bytes[0..<8].reduce(0) { $0 << 8 | UInt64($1) }
        low = address.bytes[8..<16].reduce(0) { $0 << 8 | UInt64($1) }
    }

    init?(text: String) { self.init(text) }

    func bit(_ i: Int) -> Bool {
        i < 64 ? (high >> (63 - UInt64(i))) & 1 == 1 : (low >> (127 - UInt64(i))) & 1 == 1
    }

    mutating func set(_ i: Int) {
        if i < 64 { high |= 1 << (63 - UInt64(i)) } else { low |= 1 << (127 - UInt64(i)) }
    }

    /// The first `i` bits, split over two words (for the PRF input).
    func prefixHigh(_ i: Int) -> UInt64 { i == 0 ? 0 : (i >= 64 ? high : high >> (64 - UInt64(i))) }
    func prefixLow(_ i: Int) -> UInt64 { i <= 64 ? 0 : (i == 128 ? low : low >> (128 - UInt64(i))) }

    func masked(to length: Int) -> IPv6Bits {
        let highMask: UInt64 = length >= 64 ? ~0 : (length <= 0 ? 0 : ~UInt64(0) << (64 - UInt64(length)))
        let lowMask: UInt64 = length >= 128 ? ~0 : (length <= 64 ? 0 : ~UInt64(0) << (128 - UInt64(length)))
        return IPv6Bits(high: high & highMask, low: low & lowMask)
    }

    /// `IPAddress.text` (`inet_ntop`'s form).
    var text: String {
        let bytes = (0..<8).map { UInt8(truncatingIfNeeded: high >> (56 - 8 * UInt64($0))) }
            + (0..<8).map { UInt8(truncatingIfNeeded: low >> (56 - 8 * UInt64($0))) }
        return IPAddress(bytes: bytes)?.text ?? "::"
    }
}
