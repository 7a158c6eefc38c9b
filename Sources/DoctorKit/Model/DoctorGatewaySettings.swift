import Gateway
import GatewayLive
import NetProbe

/// The gateway configuration as the doctor reads it, through the gateway's one loader (`GatewaySettings`): each value
/// from the environment or `<state>/openclaw.json` (`nil`: neither sets it, so the doctor's option or the default
/// applies). `none` is what a replay and triage read: nothing of this machine's.
public struct DoctorGatewaySettings: Sendable, Equatable {
    public var port: UInt16?
    public var bind: BindMode?
    public var bindHost: String?
    /// Where `bind` and `bindHost` came from (`StartConfiguration.bindModeSource`, `bindHostSource`).
    public var bindSource: ConfigSource?
    public var bindHostSource: ConfigSource?
    public var hasToken = false
    /// `TokenPolicy.blankRefusal` of the configured token (a set but blank `OPENCLAW_GATEWAY_TOKEN=` or
    /// `gateway.auth.token`): `gateway run` exits 78 on it, so the doctor's plan fails with the same sentence.
    public var tokenRefusal: PlanRefusal?
    /// The token as `gateway run` resolves it (for the plan's token-strength refusal; never printed).
    public var token: TokenSetting?
    /// The loader's warnings (an unreadable file), for standard error.
    public var warnings: [String] = []

    public init() {}

    /// Nothing read: a replay plans another machine's capture, triage a pasted report.
    public static let none = DoctorGatewaySettings()

    /// Reads the environment and `<stateDirectory>/openclaw.json`. Throws the loader's `ConfigError` (the file, line
    /// and key of a malformed file or value). A setting the doctor's own option gives (`portOption`, `bindOption`,
    /// `bindHostOption`) is resolved as `gateway run` resolves it: the option wins, and the variable and the file's
    /// key under it are not read, so a malformed one does not stop the report (`gateway status --port N` ran while
    /// the doctor with the same `--port N` exited 2 over `OPENCLAW_GATEWAY_PORT=abc`).
    public static func load(stateDirectory: String, environment: [String: String], portOption: UInt16? = nil,
                            bindOption: BindMode? = nil, bindHostOption: String? = nil) throws(ConfigError) -> DoctorGatewaySettings {
        let settings = try GatewaySettings.load(stateDirectory: stateDirectory, environment: environment)
        var out = DoctorGatewaySettings()
        out.warnings = settings.warnings
        let port = try settings.resolveWithSource(GatewayConfigKeys.port, option: portOption)
        if port.source != .fallback { out.port = port.value }
        let bind = try settings.resolveWithSource(GatewayConfigKeys.bind, option: bindOption)
        if bind.source != .fallback { out.bind = bind.value; out.bindSource = bind.source }
        let host = try settings.resolveWithSource(GatewayConfigKeys.customBindHost, option: bindHostOption.map { .some($0) })
        out.bindHost = host.value
        if host.source != .fallback { out.bindHostSource = host.source }
        // The token as `gateway run` resolves it; a blank one is refused there, so it is refused here too.
        let token = try settings.tokenSetting(option: nil)
        out.tokenRefusal = TokenPolicy.blankRefusal(token)
        out.hasToken = token != nil && out.tokenRefusal == nil
        out.token = token
        return out
    }

    /// The start configuration: the doctor's options (`nil`: not given) over these values, with their sources.
    public func start(port: UInt16, bind option: BindMode?, bindHost hostOption: String?, instanceCheck: InstanceCheck) -> StartConfiguration {
        var start = StartConfiguration(port: port, bindMode: option ?? bind ?? .loopback, bindHost: hostOption ?? bindHost,
                                       instanceCheck: instanceCheck, tokenPresent: hasToken)
        start.bindModeSource = option != nil ? .option : bindSource
        start.bindHostSource = hostOption != nil ? .option : bindHostSource
        return start
    }
}

extension DoctorConfiguration {
    /// The one assembly of the doctor's configuration, for the report, the bug report and triage: the port is
    /// `portOption`, else the settings', else 18789; the plan's options over the settings (`DoctorGatewaySettings.start`).
    /// Pure.
    public static func assemble(
        settings: DoctorGatewaySettings, portOption: UInt16?, bind: BindMode? = nil, bindHost: String? = nil,
        instanceCheck: InstanceCheck = .auto, paths: GatewayPaths, probeTimeoutMilliseconds: Int = 500, stateDirOverride: String? = nil
    ) -> DoctorConfiguration {
        let port = portOption ?? settings.port ?? 18789
        return DoctorConfiguration(
            port: port, start: settings.start(port: port, bind: bind, bindHost: bindHost, instanceCheck: instanceCheck),
            paths: paths, probeTimeoutMilliseconds: probeTimeoutMilliseconds, stateDirOverride: stateDirOverride,
            tokenRefusal: settings.tokenRefusal, token: settings.token)
    }

    /// Triage's configuration: a pasted report is planned for `port` (else 18789) with the defaults; no state
    /// directory of this machine is named (the paths lead nowhere).
    public static func triage(port: UInt16?) -> DoctorConfiguration {
        assemble(settings: .none, portOption: port,
                 paths: GatewayPaths(stateDirectory: "/nonexistent/openclaw-triage", lockDirectory: "/nonexistent/openclaw-triage"))
    }
}
