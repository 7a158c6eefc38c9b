/// The configuration the planner needs: plain values, no environment access.
public struct StartConfiguration: Sendable, Equatable {
    public var port: UInt16
    public var bindMode: BindMode
    /// `--bind-host`; only meaningful with `--bind custom`.
    public var bindHost: String?
    public var instanceCheck: InstanceCheck
    /// Whether a token is configured (`--token` or `OPENCLAW_GATEWAY_TOKEN`).
    public var tokenPresent: Bool
    /// Whether `::1` can be bound here (IPv6 loopback exists).
    public var ipv6LoopbackAvailable: Bool

    public init(
        port: UInt16 = 18789, bindMode: BindMode = .loopback, bindHost: String? = nil,
        instanceCheck: InstanceCheck = .auto, tokenPresent: Bool = false, ipv6LoopbackAvailable: Bool = true
    ) {
        self.port = port
        self.bindMode = bindMode
        self.bindHost = bindHost
        self.instanceCheck = instanceCheck
        self.tokenPresent = tokenPresent
        self.ipv6LoopbackAvailable = ipv6LoopbackAvailable
    }
}
