/// Follows the frame boundaries of a client's WebSocket byte stream (RFC 6455 section 5.2) and reports the first
/// frame whose MASK bit is clear: a client MUST mask every frame, and a server MUST fail the connection (close 1002)
/// when one is not masked (section 5.1). Pure; any split of the input gives the same answer. Payloads are skipped,
/// never stored, so a frame announcing 2^63 bytes costs nothing.
public struct WebSocketMaskWatcher: Sendable, Equatable {
    private enum Position: Sendable, Equatable {
        case first
        case second
        case extendedLength(remaining: Int, value: UInt64)
        case maskKey(remaining: Int, payload: UInt64)
        case payload(remaining: UInt64)
        case unmasked
    }

    private var position: Position = .first
    /// Frames whose header was read completely.
    public private(set) var frames = 0

    public init() {}

    /// True once an unmasked frame header was seen (it stays true).
    public var sawUnmaskedFrame: Bool { position == .unmasked }

    /// Feeds client bytes; true when an unmasked frame header is seen in them (or was seen before).
    ///
    /// Any sequence of bytes: contiguous ones (`[UInt8]`, `ArraySlice`, NIO's `ByteBufferView`) are read in place by
    /// `consume(_: UnsafeRawBufferPointer)`, others are copied first.
    @inlinable
    public mutating func consume<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> Bool {
        if let seen = bytes.withContiguousStorageIfAvailable({ consume(UnsafeRawBufferPointer($0)) }) { return seen }
        return Array(bytes).withUnsafeBytes { consume($0) }
    }

    /// `consume` over raw bytes, the one implementation (not generic, so a caller in another module runs it
    /// specialised: the gateway's guard calls it with every read after the upgrade). Payload bytes are skipped
    /// without being looked at.
    public mutating func consume(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var index = 0
        let count = bytes.count
        while position != .unmasked {
            if case .payload(let remaining) = position {
                let skipped = UInt64(count - index) < remaining ? count - index : Int(remaining)
                index += skipped
                let left = remaining - UInt64(skipped)
                position = left == 0 ? .first : .payload(remaining: left)
                if left > 0 { return false }
                continue
            }
            guard index < count else { return false }
            let byte = bytes[index]
            index += 1
            switch position {
            case .first:
                position = .second
            case .second:
                guard byte & 0x80 != 0 else {
                    position = .unmasked
                    return true
                }
                let length = byte & 0x7F
                switch length {
                case 126: position = .extendedLength(remaining: 2, value: 0)
                case 127: position = .extendedLength(remaining: 8, value: 0)
                default: position = .maskKey(remaining: 4, payload: UInt64(length))
                }
            case .extendedLength(let remaining, let value):
                let next = value << 8 | UInt64(byte)
                position = remaining == 1 ? .maskKey(remaining: 4, payload: next) : .extendedLength(remaining: remaining - 1, value: next)
            case .maskKey(let remaining, let payload):
                if remaining == 1 {
                    frames += 1
                    position = .payload(remaining: payload)
                } else {
                    position = .maskKey(remaining: remaining - 1, payload: payload)
                }
            case .payload, .unmasked:
                break
            }
        }
        return true
    }

    /// A close frame (server to client, unmasked) with `code` and `reason` (at most 123 bytes).
    public static func closeFrame(code: UInt16, reason: String) -> [UInt8] {
        let text = Array(reason.utf8.prefix(123))
        return [0x88, UInt8(2 + text.count), UInt8(code >> 8), UInt8(code & 0xFF)] + text
    }
}
