import NetProbe
import SystemPackage

/// The pure rules of `gateway run`'s start (`GatewayStarter`, in `GatewayServer`, is the imperative shell that
/// binds and serves): the plan before the lock, when Windows is consulted after a refused bind, the start line's
/// environment word. In the core so that the doctor's `RunPrediction` asks the same rules without a server library.
public enum GatewayStartRules {
    /// What the start plans before it takes the lock, as the doctor's `SituationView` plans it: the same `derive`
    /// over the same facts, so `::1` is decided by the one rule (`IPv6LoopbackAvailability.judge`) and the real bind
    /// of `[::1]:0` (`ipv6BindSucceeded`) only confirms or overrides it (the plan's reason then says which). Pure.
    public static func plan(
        facts: MachineFacts, verdict: EnvironmentVerdict, options: GatewayStartOptions, ipv6BindSucceeded: Bool
    ) -> SituationView {
        let token = options.token.map { TokenSetting(value: $0, source: options.tokenSource, file: options.tokenFile) }
        var configuration = options.configuration
        configuration.tokenPresent = options.token != nil
        return SituationView.derive(
            facts: facts, verdict: verdict, configuration: configuration, token: token,
            observations: SituationObservations(lockPath: options.paths.lockFile(port: configuration.port)),
            ipv6BindSucceeded: ipv6BindSucceeded)
    }

    /// On WSL, a refused bind with no Linux holder (EADDRINUSE), or EACCES on a port >= 1024, may be Windows' doing.
    public static func consultsWindows(_ inputs: ClashInputs) -> Bool {
        guard inputs.verdict.kind == .wsl1 || inputs.verdict.kind == .wsl2 else { return false }
        switch inputs.bind {
        case .addressInUse?: return inputs.holder?.showsNoLinuxListener == true
        case .failed(_, let code)?: return code == Errno.permissionDenied.rawValue && inputs.port >= 1024
        default: return false
        }
    }

    /// A one-word environment name for the start line, e.g. `wsl2-mirrored`.
    public static func envWord(_ verdict: EnvironmentVerdict) -> String {
        switch verdict.kind {
        case .wsl2: return "wsl2-\((verdict.wslNetworkingMode ?? .unknown).rawValue)"
        case .container: return "container" + (verdict.container.map { "-\($0.rawValue)" } ?? "")
        default: return verdict.kind.rawValue
        }
    }
}
