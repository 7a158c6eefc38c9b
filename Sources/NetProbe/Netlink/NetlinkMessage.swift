/// One netlink message as received: the `nlmsghdr` type and the bytes after the 16-byte header.
///
/// The decoders (`NetlinkLinkDecoder`, ...) are pure functions over this value, so they can be
/// fed recorded or random bytes in tests.
package struct NetlinkMessage: Sendable, Equatable {
    /// `nlmsg_type` (`RTM_NEWLINK`, `RTM_NEWROUTE`, ...).
    package var type: UInt16
    /// The message body: the family header (`ifinfomsg`, `rtmsg`, ...) followed by attributes.
    package var payload: [UInt8]

    /// Size of `struct nlmsghdr`.
    package static let headerSize = 16

    /// Splits one complete message (header included) into type and payload.
    package init(wholeMessage bytes: [UInt8]) throws(NetlinkDecodeError) {
        let reader = ByteReader(bytes)
        guard let length = reader.u32(at: 0), let type = reader.u16(at: 4) else {
            throw NetlinkDecodeError("message of \(bytes.count) bytes is shorter than nlmsghdr")
        }
        guard Int(length) >= Self.headerSize, Int(length) <= bytes.count else {
            throw NetlinkDecodeError("nlmsg_len \(length) does not fit the \(bytes.count) bytes received")
        }
        self.type = type
        self.payload = Array(bytes[Self.headerSize..<Int(length)])
    }

    package init(type: UInt16, payload: [UInt8]) {
        self.type = type
        self.payload = payload
    }
}

/// Bounds-checked reads of host-order integers from a byte array (netlink uses host byte order).
package struct ByteReader {
    package let bytes: [UInt8]

    package init(_ bytes: [UInt8]) { self.bytes = bytes }

    package func u8(at offset: Int) -> UInt8? {
        guard offset >= 0, offset < bytes.count else { return nil }
        return bytes[offset]
    }

    package func u16(at offset: Int) -> UInt16? { load(UInt16.self, at: offset) }
    package func u32(at offset: Int) -> UInt32? { load(UInt32.self, at: offset) }
    package func i32(at offset: Int) -> Int32? { load(Int32.self, at: offset) }

    private func load<T: FixedWidthInteger>(_ type: T.Type, at offset: Int) -> T? {
        let size = MemoryLayout<T>.size
        guard offset >= 0, offset <= bytes.count - size else { return nil }
        return bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: T.self) }
    }
}

/// The `rtattr`/`nlattr` list that follows a family header, by attribute type (the last occurrence wins).
package struct NetlinkAttributes {
    private var values: [UInt16: [UInt8]] = [:]
    /// Attributes in message order (needed for nested lists such as `RTA_MULTIPATH`).
    private(set) var ordered: [(type: UInt16, payload: [UInt8])] = []

    /// Parses attributes from `offset` to the end of `bytes`; fails on a length that overruns the buffer.
    package init(_ bytes: [UInt8], from offset: Int) throws(NetlinkDecodeError) {
        let reader = ByteReader(bytes)
        var position = offset
        while position + 4 <= bytes.count {
            guard let length = reader.u16(at: position), let rawType = reader.u16(at: position + 2) else { break }
            let size = Int(length)
            guard size >= 4, position + size <= bytes.count else {
                throw NetlinkDecodeError("attribute type \(rawType) at offset \(position) has length \(size), beyond the \(bytes.count)-byte message")
            }
            let type = rawType & 0x3FFF  // strip NLA_F_NESTED / NLA_F_NET_BYTEORDER
            let payload = Array(bytes[(position + 4)..<(position + size)])
            values[type] = payload
            ordered.append((type, payload))
            position += (size + 3) & ~3
        }
    }

    package subscript(type: UInt16) -> [UInt8]? { values[type] }

    package func u8(_ type: UInt16) -> UInt8? { values[type].flatMap { ByteReader($0).u8(at: 0) } }
    package func u16(_ type: UInt16) -> UInt16? { values[type].flatMap { ByteReader($0).u16(at: 0) } }
    package func u32(_ type: UInt16) -> UInt32? { values[type].flatMap { ByteReader($0).u32(at: 0) } }

    /// A NUL-terminated string attribute (`IFLA_IFNAME`, `FRA_IIFNAME`), decoded as UTF-8 with repair.
    package func string(_ type: UInt16) -> String? {
        guard let payload = values[type] else { return nil }
        let text = payload.prefix { $0 != 0 }
        return String(decoding: text, as: UTF8.self)
    }
}
