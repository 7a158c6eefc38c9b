/// The code a server answers a client's close frame with (RFC 6455 sections 5.5.1 and 7.4): 1000 when the frame has
/// no payload or a valid code (1000-1003, 1007-1011, 3000-4999) and a UTF-8 reason; 1002 otherwise (a one-byte payload,
/// a code that must not be sent such as 1005 or 1006, an unassigned code, a reason that is not UTF-8). Pure.
public enum WebSocketCloseReply {
    public static func code(forClosePayload payload: [UInt8]) -> UInt16 {
        if payload.isEmpty { return 1000 }
        guard payload.count >= 2 else { return WebSocketCloseCode.protocolError }
        let code = UInt16(payload[0]) << 8 | UInt16(payload[1])
        guard isSendable(code), String(validating: payload.dropFirst(2), as: UTF8.self) != nil else {
            return WebSocketCloseCode.protocolError
        }
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
