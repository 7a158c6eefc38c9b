/// WebSocket frame opcodes (RFC 6455 section 5.2). Reserved opcodes are decoding errors.
public enum WebSocketOpcode: UInt8, Sendable, Codable, CaseIterable {
    case continuation = 0x0
    case text = 0x1
    case binary = 0x2
    case close = 0x8
    case ping = 0x9
    case pong = 0xA

    /// Close, ping and pong: at most 125 payload bytes, never fragmented.
    public var isControl: Bool { rawValue & 0x8 != 0 }
}

/// One WebSocket frame (RFC 6455 section 5.2) with its payload unmasked.
public struct WebSocketFrame: Sendable, Equatable {
    public var fin: Bool
    /// RSV1-3 as the low three bits; must be 0 unless an extension was negotiated (this code negotiates none).
    public var reserved: UInt8
    public var opcode: WebSocketOpcode
    /// The masking key: present on client-to-server frames, absent on server-to-client frames.
    public var maskingKey: [UInt8]?
    /// Application data, unmasked.
    public var payload: [UInt8]

    public init(fin: Bool = true, reserved: UInt8 = 0, opcode: WebSocketOpcode, maskingKey: [UInt8]? = nil, payload: [UInt8]) {
        self.fin = fin
        self.reserved = reserved & 0x7
        self.opcode = opcode
        self.maskingKey = maskingKey
        self.payload = payload
    }

    /// A client close frame with `code` (1000 = normal closure), masked with `maskingKey`.
    public static func close(code: UInt16 = 1000, maskingKey: [UInt8]?) -> WebSocketFrame {
        WebSocketFrame(opcode: .close, maskingKey: maskingKey, payload: [UInt8(code >> 8), UInt8(code & 0xFF)])
    }

    /// The close status code of a close frame, when its payload carries one.
    public var closeCode: UInt16? {
        guard opcode == .close, payload.count >= 2 else { return nil }
        return UInt16(payload[0]) << 8 | UInt16(payload[1])
    }

    /// The frame on the wire: minimal length encoding, payload masked when `maskingKey` holds 4 bytes.
    public func encoded() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(payload.count + 14)
        out.append((fin ? 0x80 : 0) | (reserved & 0x7) << 4 | opcode.rawValue)
        let key = maskingKey.flatMap { $0.count == 4 ? $0 : nil }
        let maskBit: UInt8 = key == nil ? 0 : 0x80
        let length = payload.count
        if length < 126 {
            out.append(maskBit | UInt8(length))
        } else if length <= 0xFFFF {
            out.append(maskBit | 126)
            out.append(UInt8(length >> 8))
            out.append(UInt8(length & 0xFF))
        } else {
            out.append(maskBit | 127)
            let wide = UInt64(length)
            for shift in stride(from: 56, through: 0, by: -8) {
                out.append(UInt8(truncatingIfNeeded: wide >> UInt64(shift)))
            }
        }
        if let key {
            out.append(contentsOf: key)
            for (index, byte) in payload.enumerated() { out.append(byte ^ key[index & 3]) }
        } else {
            out.append(contentsOf: payload)
        }
        return out
    }
}

/// Why bytes are not a valid WebSocket frame.
public enum WebSocketFrameError: Error, Sendable, Equatable, CustomStringConvertible {
    case reservedOpcode(UInt8)
    case reservedBitsSet(UInt8)
    case controlFrameTooLong(Int)
    case fragmentedControlFrame
    /// A 16- or 64-bit length was used for a length that fits a shorter form.
    case nonMinimalLength
    /// The 64-bit length has its most significant bit set.
    case lengthOverflow
    case payloadTooLarge(length: UInt64, limit: Int)

    public var description: String {
        switch self {
        case .reservedOpcode(let op): return "reserved WebSocket opcode \(op)"
        case .reservedBitsSet(let bits): return "WebSocket RSV bits \(bits) set without an extension"
        case .controlFrameTooLong(let n): return "WebSocket control frame with \(n) payload bytes (max 125)"
        case .fragmentedControlFrame: return "fragmented WebSocket control frame"
        case .nonMinimalLength: return "WebSocket payload length not minimally encoded"
        case .lengthOverflow: return "WebSocket 64-bit payload length has its top bit set"
        case .payloadTooLarge(let length, let limit): return "WebSocket payload of \(length) bytes exceeds \(limit)"
        }
    }
}

extension WebSocketFrame {
    /// Result of decoding the bytes received so far.
    public enum DecodeResult: Sendable, Equatable {
        case needMore
        /// A frame; `consumed` bytes at the start of the buffer belong to it.
        case frame(WebSocketFrame, consumed: Int)
        case invalid(WebSocketFrameError)
    }

    /// Decodes the frame at the start of `bytes`. Pure; never traps on any input.
    ///
    /// A declared payload length above `maxPayload` is rejected from the header alone, before any
    /// payload byte is buffered, so a hostile length cannot make the caller wait or allocate.
    public static func decode(_ bytes: some Collection<UInt8>, maxPayload: Int) -> DecodeResult {
        var iterator = bytes.makeIterator()
        guard let b0 = iterator.next() else { return .needMore }
        let reserved = (b0 >> 4) & 0x7
        guard reserved == 0 else { return .invalid(.reservedBitsSet(reserved)) }
        guard let opcode = WebSocketOpcode(rawValue: b0 & 0x0F) else { return .invalid(.reservedOpcode(b0 & 0x0F)) }
        let fin = b0 & 0x80 != 0
        if opcode.isControl && !fin { return .invalid(.fragmentedControlFrame) }
        guard let b1 = iterator.next() else { return .needMore }
        let masked = b1 & 0x80 != 0
        var length = UInt64(b1 & 0x7F)
        var consumed = 2
        if length >= 126 {
            let extra = length == 126 ? 2 : 8
            var wide: UInt64 = 0
            for _ in 0..<extra {
                guard let byte = iterator.next() else { return .needMore }
                wide = wide << 8 | UInt64(byte)
            }
            consumed += extra
            if extra == 2 && wide < 126 { return .invalid(.nonMinimalLength) }
            if extra == 8 && wide >> 63 != 0 { return .invalid(.lengthOverflow) }
            if extra == 8 && wide <= 0xFFFF { return .invalid(.nonMinimalLength) }
            length = wide
        }
        if opcode.isControl && length > 125 { return .invalid(.controlFrameTooLong(Int(length))) }
        guard maxPayload >= 0, length <= UInt64(maxPayload) else {
            return .invalid(.payloadTooLarge(length: length, limit: maxPayload))
        }
        var key: [UInt8]?
        if masked {
            var k: [UInt8] = []
            for _ in 0..<4 {
                guard let byte = iterator.next() else { return .needMore }
                k.append(byte)
            }
            key = k
            consumed += 4
        }
        let count = Int(length)
        var payload: [UInt8] = []
        payload.reserveCapacity(count)
        for index in 0..<count {
            guard let byte = iterator.next() else { return .needMore }
            payload.append(key.map { byte ^ $0[index & 3] } ?? byte)
        }
        consumed += count
        return .frame(
            WebSocketFrame(fin: fin, reserved: 0, opcode: opcode, maskingKey: key, payload: payload),
            consumed: consumed
        )
    }
}
