/// Default time limits of the gateway (each can be changed by an option or environment variable of `gateway run`).
public enum GatewayTimeouts {
    /// A WebSocket client must send `connect` within this time (`OPENCLAW_GATEWAY_HANDSHAKE_TIMEOUT_MS`).
    public static let handshake: Duration = .seconds(10)
    /// An HTTP client must complete its request head within this time (`OPENCLAW_GATEWAY_REQUEST_HEAD_TIMEOUT_MS`).
    public static let requestHead: Duration = .seconds(10)
    /// The loopback probe's per-address timeout (`--probe-timeout`).
    public static let probe: Duration = .milliseconds(500)
    /// Accepted range, in milliseconds, of every timeout option.
    public static let allowedMilliseconds: ClosedRange<Int> = 1...600_000
}
