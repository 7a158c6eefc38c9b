/// Everything `gateway run` was told, as plain values.
public struct GatewayStartOptions: Sendable {
    public var configuration: StartConfiguration
    /// The token (`--token` or `OPENCLAW_GATEWAY_TOKEN`); nil for none.
    public var token: String?
    /// Where `token` came from, for refusals (`--token`, `OPENCLAW_GATEWAY_TOKEN`, `gateway.auth.token in PATH`).
    public var tokenSource: String
    /// The `openclaw.json` the token came from, when it did (`TokenSetting.file`): a refusal's fix names it.
    public var tokenFile: String?
    /// Foreign origins allowed to open the WebSocket, normalised (`OriginPolicy.allowList`).
    public var allowedOrigins: Set<String>
    public var paths: GatewayPaths
    /// Per-address timeout of the loopback probe before binding (`--probe-timeout`).
    public var probeTimeout: Duration
    /// How long a WebSocket client may take to send `connect` (`--handshake-timeout`); then close 1008 `connect timeout`.
    public var handshakeTimeout: Duration
    /// How long a client may take to send a complete HTTP request head (`--request-head-timeout`); then
    /// `408 Request Timeout` and the connection closes. Also the idle time after which a keep-alive connection closes.
    public var requestHeadTimeout: Duration
    /// Test hook (`OPENCLAW_GATEWAY_TEST_READY_GATE`): when set, the gateway stays `starting` after every address
    /// listens until a file exists at this path. Nil in normal use.
    public var readyGate: String?

    public init(
        configuration: StartConfiguration, token: String?, paths: GatewayPaths, probeTimeout: Duration = GatewayTimeouts.probe,
        handshakeTimeout: Duration = GatewayTimeouts.handshake, requestHeadTimeout: Duration = GatewayTimeouts.requestHead,
        readyGate: String? = nil, tokenSource: String = "--token", tokenFile: String? = nil,
        allowedOrigins: Set<String> = []
    ) {
        self.configuration = configuration
        self.token = token
        self.tokenSource = tokenSource
        self.tokenFile = tokenFile
        self.allowedOrigins = allowedOrigins
        self.paths = paths
        self.probeTimeout = probeTimeout
        self.handshakeTimeout = handshakeTimeout
        self.requestHeadTimeout = requestHeadTimeout
        self.readyGate = readyGate
    }
}
