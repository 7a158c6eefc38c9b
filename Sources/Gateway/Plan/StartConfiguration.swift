import NetProbe

/// The configuration the planner needs: plain values, no environment access.
public struct StartConfiguration: Sendable, Equatable {
    public var port: UInt16
    public var bindMode: BindMode
    /// `--bind-host`; only meaningful with `--bind custom`.
    public var bindHost: String?
    public var instanceCheck: InstanceCheck
    /// Where `bindMode` and `bindHost` came from (`GatewaySettings.resolveWithSource`), so that a refusal's fix
    /// names what to change: the file and line, the variable, or the option. `nil`: not told (read as an option).
    public var bindModeSource: ConfigSource?
    public var bindHostSource: ConfigSource?
    /// Whether a token is configured (`--token` or `OPENCLAW_GATEWAY_TOKEN`).
    public var tokenPresent: Bool
    /// Whether `::1` can be bound here, and why: `IPv6LoopbackAvailability.judge`, the one rule from the facts that
    /// `gateway run` (confirmed or overridden by its real bind of `[::1]:0`) and the doctor's `SituationView` both
    /// set here.
    public var ipv6Loopback: IPv6LoopbackAvailability

    /// `ipv6Loopback.available`. Setting it replaces the judgement with a bare answer ("as the caller set it").
    public var ipv6LoopbackAvailable: Bool {
        get { ipv6Loopback.available }
        set { ipv6Loopback = IPv6LoopbackAvailability(available: newValue, reason: "as the caller set it") }
    }

    public init(
        port: UInt16 = 18789, bindMode: BindMode = .loopback, bindHost: String? = nil,
        instanceCheck: InstanceCheck = .auto, tokenPresent: Bool = false, ipv6LoopbackAvailable: Bool = true
    ) {
        self.port = port
        self.bindMode = bindMode
        self.bindHost = bindHost
        self.instanceCheck = instanceCheck
        self.tokenPresent = tokenPresent
        self.ipv6Loopback = IPv6LoopbackAvailability(available: ipv6LoopbackAvailable, reason: "as the caller set it")
    }
}
