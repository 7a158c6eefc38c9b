import FoundationEssentials
import NetProbe
import Gateway

/// The doctor's view of the gateway configuration, through the one loader (`GatewaySettings`): each value from
/// the environment or `<state>/openclaw.json` (nil: neither sets it, so the doctor's option or the default applies;
/// options override these in `DoctorReportCommand`). A malformed file or value is a `DoctorFailure`
/// (`config-invalid`, exit 2) naming the file, line and key; an unreadable file is a warning on standard error.
struct GatewayConfigFile {
    var port: UInt16?
    var bind: BindMode?
    var bindHost: String?
    /// Where `bind` and `bindHost` came from (`StartConfiguration.bindModeSource`, `bindHostSource`).
    var bindSource: ConfigSource?
    var bindHostSource: ConfigSource?
    var hasToken = false
    /// `TokenPolicy.blankRefusal` of the configured token (a set but blank `OPENCLAW_GATEWAY_TOKEN=` or
    /// `gateway.auth.token`): `gateway run` exits 78 on it, so the doctor's plan fails with the same sentence.
    var tokenRefusal: PlanRefusal?
    /// The token as `gateway run` resolves it (for the plan's token-strength refusal; never printed).
    var token: TokenSetting?

    /// The start configuration: the doctor's options (`nil`: not given) over these values, with their sources.
    func start(port: UInt16, bind option: BindMode?, bindHost hostOption: String?, instanceCheck: InstanceCheck) -> StartConfiguration {
        var start = StartConfiguration(port: port, bindMode: option ?? bind ?? .loopback, bindHost: hostOption ?? bindHost,
                                       instanceCheck: instanceCheck, tokenPresent: hasToken)
        start.bindModeSource = option != nil ? .option : bindSource
        start.bindHostSource = hostOption != nil ? .option : bindHostSource
        return start
    }

    static func load(stateDirectory: String, environment: [String: String]) throws -> GatewayConfigFile {
        do {
            let settings = try GatewaySettings.load(stateDirectory: stateDirectory, environment: environment)
            for warning in settings.warnings { Output.err(TerminalText.escaped("openclaw-doctor: warning: \(warning)") + "\n") }
            var out = GatewayConfigFile()
            let port = try settings.resolveWithSource(GatewayConfigKeys.port, option: nil)
            if port.source != .fallback { out.port = port.value }
            let bind = try settings.resolveWithSource(GatewayConfigKeys.bind, option: nil)
            if bind.source != .fallback { out.bind = bind.value; out.bindSource = bind.source }
            let host = try settings.resolveWithSource(GatewayConfigKeys.customBindHost, option: nil)
            out.bindHost = host.value
            if host.source != .fallback { out.bindHostSource = host.source }
            // The token as `gateway run` resolves it; a blank one is refused there, so it is refused here too.
            let token = try settings.tokenSetting(option: nil)
            out.tokenRefusal = TokenPolicy.blankRefusal(token)
            out.hasToken = token != nil && out.tokenRefusal == nil
            out.token = token
            return out
        } catch {
            throw DoctorFailure(code: "config-invalid", message: "\(error)")
        }
    }
}
