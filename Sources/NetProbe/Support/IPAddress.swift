/// An IPv4 or IPv6 address: its family and its bytes in network order (4 for `inet`, 16 for `inet6`). The one
/// reading of an address literal in this project: parsed here (`init(parsing:)`, what `inet_pton(3)` accepts, no
/// zone `%eth0`, no name resolution), printed here (`text`: `inet_ntop(3)`'s form, RFC 5952 for IPv6), classified here
/// (`isLoopback`, `isUnspecified`, `isLinkLocal`). Pure, no libc.
public struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    public let family: AddressFamily
    /// 4 or 16 bytes, network order.
    public let bytes: [UInt8]

    /// The address of these 4 (IPv4) or 16 (IPv6) bytes; nil for any other count.
    public init?(bytes: [UInt8]) {
        switch bytes.count {
        case 4: family = .inet
        case 16: family = .inet6
        default: return nil
        }
        self.bytes = bytes
    }

    /// Parses `127.0.0.1` or `::1` (exactly the literals `inet_pton(3)` accepts for `AF_INET` or `AF_INET6`: four
    /// decimal octets without leading zeros; eight groups of one to four hex digits, `::` once for one or more zero
    /// groups, optionally ending in four decimal octets). Throws `IPAddressParseError` naming what is wrong and the
    /// character (0-based) where.
    public init(parsing text: some StringProtocol) throws(IPAddressParseError) {
        let utf8 = Array(text.utf8)
        if let v4 = try? IPAddressParser.v4(utf8[...]) {
            self.init(unchecked: .inet, v4)
            return
        }
        self.init(unchecked: .inet6, try IPAddressParser.address(utf8))
    }

    /// `init(parsing:)`, nil where it throws.
    public init?(_ text: some StringProtocol) {
        guard let address = try? IPAddress(parsing: text) else { return nil }
        self = address
    }

    private init(unchecked family: AddressFamily, _ bytes: [UInt8]) {
        self.family = family
        self.bytes = bytes
    }

    public static let loopbackV4 = IPAddress(unchecked: .inet, [127, 0, 0, 1])
    public static let loopbackV6 = IPAddress(unchecked: .inet6, Array(repeating: 0, count: 15) + [1])
    public static let unspecifiedV4 = IPAddress(unchecked: .inet, [0, 0, 0, 0])
    public static let unspecifiedV6 = IPAddress(unchecked: .inet6, Array(repeating: 0, count: 16))

    /// `::ffff:a.b.c.d`'s IPv4 address `a.b.c.d`; nil for any other address.
    public var mappedIPv4: IPAddress? {
        guard family == .inet6, bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF else { return nil }
        return IPAddress(unchecked: .inet, Array(bytes[12..<16]))
    }

    /// 127.0.0.0/8, `::1`, and `::ffff:127.x.y.z` (an IPv4 loopback address mapped into IPv6).
    public var isLoopback: Bool {
        switch family {
        case .inet: return bytes[0] == 127
        case .inet6: return self == Self.loopbackV6 || mappedIPv4?.isLoopback == true
        }
    }

    /// `0.0.0.0` or `::` (a listener on it listens on every address of its family).
    public var isUnspecified: Bool { bytes.allSatisfy { $0 == 0 } }

    /// 169.254.0.0/16 or fe80::/10.
    public var isLinkLocal: Bool {
        switch family {
        case .inet: return bytes[0] == 169 && bytes[1] == 254
        case .inet6: return bytes[0] == 0xFE && bytes[1] & 0xC0 == 0x80
        }
    }

    /// The text form, exactly glibc's `inet_ntop(3)` (what `ip`, `ss` and `netstat` print): `192.0.2.1`; for IPv6
    /// RFC 5952's (lower-case hex, no leading zeros, the longest run of two or more zero groups, the first of
    /// equals, as `::`), with the last 32 bits in dotted decimal where they hold an IPv4 address (RFC 5952 section
    /// 5): `::ffff:192.0.2.1` (mapped) and, as glibc prints it, `::192.0.2.1` (the IPv4-compatible `::/96` of a
    /// `sit` tunnel; `::` and `::1`, whose seventh group is zero, stay hex).
    public var text: String {
        switch family {
        case .inet: return bytes.map { String($0) }.joined(separator: ".")
        case .inet6:
            if let v4 = mappedIPv4 { return "::ffff:" + v4.text }
            if bytes[0..<12].allSatisfy({ $0 == 0 }), bytes[12] != 0 || bytes[13] != 0 {
                return "::" + IPAddress(unchecked: .inet, Array(bytes[12..<16])).text
            }
            let groups = (0..<8).map { UInt16(bytes[2 * $0]) << 8 | UInt16(bytes[2 * $0 + 1]) }
            var best: Range<Int>?
            var index = 0
            while index < 8 {
                guard groups[index] == 0 else { index += 1; continue }
                var end = index
                while end < 8, groups[end] == 0 { end += 1 }
                if end - index >= 2, end - index > (best?.count ?? 0) { best = index..<end }
                index = end
            }
            func hex(_ range: Range<Int>) -> String { range.map { String(groups[$0], radix: 16) }.joined(separator: ":") }
            guard let best else { return hex(0..<8) }
            return hex(0..<best.lowerBound) + "::" + hex(best.upperBound..<8)
        }
    }

    public var description: String { text }
}

/// Why a text is not an IP address literal: what (`kind`) and the 0-based character (`offset`, in UTF-8 bytes;
/// equal to characters in an address, which is ASCII) where.
public struct IPAddressParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case empty
        /// A character no address literal holds (`%` of a zone, a letter past `f`, a space).
        case unexpectedCharacter
        /// An IPv4 octet above 255, or with a leading zero (`010`: octal to some readers, so refused).
        case badOctet
        /// An IPv4 address without exactly four octets.
        case octetCount
        /// An IPv6 group of more than four hex digits.
        case groupTooLong
        /// An IPv6 address without eight groups and without `::`, or with more than eight.
        case groupCount
        /// `::` twice.
        case secondDoubleColon
        /// A single `:` at the start or the end.
        case strayColon
        /// An IPv4 part that is not the last 32 bits of an IPv6 address.
        case misplacedIPv4
    }

    public var kind: Kind
    public var offset: Int

    public var description: String {
        let what: String
        switch kind {
        case .empty: what = "no address (the text is empty)"
        case .unexpectedCharacter: what = "a character no IP address has"
        case .badOctet: what = "an IPv4 octet above 255 or with a leading zero"
        case .octetCount: what = "an IPv4 address needs four octets"
        case .groupTooLong: what = "an IPv6 group of more than four hex digits"
        case .groupCount: what = "an IPv6 address needs eight groups, or '::' for the zero ones"
        case .secondDoubleColon: what = "'::' twice"
        case .strayColon: what = "a single ':' at the start or the end"
        case .misplacedIPv4: what = "an IPv4 part only ends an IPv6 address (::ffff:192.0.2.1)"
        }
        return "\(what) (at character \(offset + 1))"
    }
}

/// `IPAddress`'s grammar, as glibc's `inet_pton4` and `inet_pton6`.
enum IPAddressParser {
    static func v4(_ text: ArraySlice<UInt8>) throws(IPAddressParseError) -> [UInt8] {
        guard !text.isEmpty else { throw IPAddressParseError(kind: .empty, offset: 0) }
        var octets: [UInt8] = []
        var value = 0, digits = 0
        for index in text.indices {
            let byte = text[index]
            let offset = index - text.startIndex
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if digits > 0 && value == 0 { throw IPAddressParseError(kind: .badOctet, offset: offset) }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
                digits += 1
                if value > 255 { throw IPAddressParseError(kind: .badOctet, offset: offset) }
            case UInt8(ascii: "."):
                guard digits > 0, octets.count < 3 else { throw IPAddressParseError(kind: .octetCount, offset: offset) }
                octets.append(UInt8(value))
                value = 0
                digits = 0
            default:
                throw IPAddressParseError(kind: .unexpectedCharacter, offset: offset)
            }
        }
        guard digits > 0, octets.count == 3 else { throw IPAddressParseError(kind: .octetCount, offset: text.count) }
        octets.append(UInt8(value))
        return octets
    }

    /// Sixteen bytes of an IPv6 literal.
    static func address(_ text: [UInt8]) throws(IPAddressParseError) -> [UInt8] {
        guard !text.isEmpty else { throw IPAddressParseError(kind: .empty, offset: 0) }
        var words: [UInt16] = []
        var doubleColonAt: Int?  // the count of words before `::`
        var index = 0
        if text[0] == UInt8(ascii: ":") {
            guard text.count > 1, text[1] == UInt8(ascii: ":") else { throw IPAddressParseError(kind: .strayColon, offset: 0) }
            index = 1  // the second colon is read below as the `::`
        }
        var value: UInt16 = 0, digits = 0, groupStart = index
        while index < text.count {
            let byte = text[index]
            if let digit = hexDigit(byte) {
                digits += 1
                guard digits <= 4 else { throw IPAddressParseError(kind: .groupTooLong, offset: index) }
                value = value << 4 | UInt16(digit)
                index += 1
                continue
            }
            switch byte {
            case UInt8(ascii: ":"):
                if digits == 0 {
                    guard doubleColonAt == nil else { throw IPAddressParseError(kind: .secondDoubleColon, offset: index) }
                    doubleColonAt = words.count
                } else {
                    guard index + 1 < text.count else { throw IPAddressParseError(kind: .strayColon, offset: index) }
                    guard words.count < 8 else { throw IPAddressParseError(kind: .groupCount, offset: index) }
                    words.append(value)
                }
                value = 0
                digits = 0
                index += 1
                groupStart = index
            case UInt8(ascii: "."):
                // The rest is an IPv4 address in the last 32 bits.
                guard words.count <= 6 else { throw IPAddressParseError(kind: .misplacedIPv4, offset: groupStart) }
                let quad: [UInt8]
                do throws(IPAddressParseError) {
                    quad = try v4(text[groupStart...])
                } catch {
                    throw IPAddressParseError(kind: error.kind, offset: groupStart + error.offset)
                }
                words.append(UInt16(quad[0]) << 8 | UInt16(quad[1]))
                words.append(UInt16(quad[2]) << 8 | UInt16(quad[3]))
                digits = 0
                index = text.count
            default:
                throw IPAddressParseError(kind: .unexpectedCharacter, offset: index)
            }
        }
        if digits > 0 {
            guard words.count < 8 else { throw IPAddressParseError(kind: .groupCount, offset: groupStart) }
            words.append(value)
        }
        if let at = doubleColonAt {
            guard words.count < 8 else { throw IPAddressParseError(kind: .groupCount, offset: text.count) }
            words.insert(contentsOf: Array(repeating: 0, count: 8 - words.count), at: at)
        }
        guard words.count == 8 else { throw IPAddressParseError(kind: .groupCount, offset: text.count) }
        return words.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
    }

    private static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
