/// The code a server answers a client's close frame with (RFC 6455 sections 5.5.1, 7.4 and 8.1). Pure.
///
/// - 1000 when the frame has no payload, or a sendable code (1000-1003, 1007-1011, 3000-4999) and a UTF-8 reason;
/// - 1002 for a one-byte payload or a code that must not be sent (1005, 1006, 1015, an unassigned one), whatever the
///   reason;
/// - 1007 for a sendable code whose reason is not valid UTF-8 (section 5.5.1: the reason "is not guaranteed to be
///   human readable" but is UTF-8; section 8.1: invalid UTF-8 fails the connection with 1007).
public enum WebSocketCloseReply {
    public static func code(forClosePayload payload: [UInt8]) -> UInt16 {
        if payload.isEmpty { return 1000 }
        guard payload.count >= 2 else { return WebSocketCloseCode.protocolError }
        let code = UInt16(payload[0]) << 8 | UInt16(payload[1])
        guard isSendable(code) else { return WebSocketCloseCode.protocolError }
        guard String(validating: payload.dropFirst(2), as: UTF8.self) != nil else { return WebSocketCloseCode.invalidPayload }
        return 1000
    }

    /// Whether a peer may send `code` in a close frame.
    static func isSendable(_ code: UInt16) -> Bool {
        switch code {
        case 1000...1003, 1007...1011, 3000...4999: return true
        default: return false
        }
    }
}
