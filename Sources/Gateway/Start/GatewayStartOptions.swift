/// Everything `gateway run` was told, as plain values.
public struct GatewayStartOptions: Sendable {
    public var configuration: StartConfiguration
    /// The token (`--token` or `OPENCLAW_GATEWAY_TOKEN`); nil for none.
    public var token: String?
    public var paths: GatewayPaths
    public var probeTimeout: Duration

    public init(configuration: StartConfiguration, token: String?, paths: GatewayPaths, probeTimeout: Duration = .milliseconds(1000)) {
        self.configuration = configuration
        self.token = token
        self.paths = paths
        self.probeTimeout = probeTimeout
    }
}
