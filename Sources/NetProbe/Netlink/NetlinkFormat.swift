/// Formats netlink attribute payloads the way iproute2 prints them.
package enum NetlinkFormat {
    package static let afInet: UInt8 = 2
    package static let afInet6: UInt8 = 10

    /// The model family for a kernel address family, or `nil` for families NetProbe does not report.
    package static func family(_ raw: UInt8) -> AddressFamily? {
        switch raw {
        case afInet: return .inet
        case afInet6: return .inet6
        default: return nil
        }
    }

    /// Prefix length of a host route for a family (32 or 128).
    package static func hostLength(_ family: AddressFamily) -> Int { family == .inet ? 32 : 128 }

    /// An IPv4 (4 bytes) or IPv6 (16 bytes) address as `inet_ntop` (and so `ip`) prints it (`IPAddress.text`);
    /// `nil` for any other length.
    package static func ipAddress(_ bytes: [UInt8]) -> String? {
        IPAddress(bytes: bytes)?.text
    }

    /// A link-layer address as lower-case hex pairs joined by `:` (`00:15:5d:01:02:03`); `nil` when empty.
    package static func hardwareAddress(_ bytes: [UInt8]) -> String? {
        guard !bytes.isEmpty else { return nil }
        let digits: [Character] = Array("0123456789abcdef")
        return bytes.map { String([digits[Int($0 >> 4)], digits[Int($0 & 0xF)]]) }.joined(separator: ":")
    }

    /// A prefix as `ip` prints it: the bare address for a host prefix, `addr/len` otherwise,
    /// `0/len` when the kernel sent a length but no address, and `nil` when there is neither.
    package static func prefix(_ address: [UInt8]?, length: Int, family: AddressFamily) throws(NetlinkDecodeError) -> String? {
        if let address {
            guard let text = ipAddress(address) else {
                throw NetlinkDecodeError("address of \(address.count) bytes for family \(family.rawValue)")
            }
            return length == hostLength(family) ? text : "\(text)/\(length)"
        }
        return length == 0 ? nil : "0/\(length)"
    }

    /// Names of the bits set in `value`, in table order; unnamed bits are ignored.
    package static func flagNames<T: FixedWidthInteger>(_ value: T, _ table: [(T, String)]) -> [String] {
        table.compactMap { bit, name in value & bit != 0 ? name : nil }
    }
}
