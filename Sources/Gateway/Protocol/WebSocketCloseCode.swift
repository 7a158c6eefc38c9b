/// The close codes the gateway sends (RFC 6455 section 7.4.1).
public enum WebSocketCloseCode {
    /// 1001: the gateway is shutting down.
    public static let goingAway: UInt16 = 1001
    /// 1002: protocol ranges do not overlap, or a malformed fragment sequence.
    public static let protocolError: UInt16 = 1002
    /// 1007: a text message that is not valid UTF-8.
    public static let invalidPayload: UInt16 = 1007
    /// 1008: bad auth, too many failed auth attempts, an invalid first frame, or no `connect` in time.
    public static let policyViolation: UInt16 = 1008
    /// 1009: a message over the limit (64 KiB before `connect`).
    public static let messageTooBig: UInt16 = 1009
}
