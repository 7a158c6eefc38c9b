import NetProbe

/// Versions the gateway reports in its identity, its lock metadata and its WebSocket hello.
public enum GatewayVersion {
    /// The toolkit version (shared with NetProbe).
    public static let string = NetProbeVersion.string
    /// The WebSocket control-plane protocol this gateway speaks.
    public static let protocolVersion = 4
}
