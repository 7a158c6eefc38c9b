import NetProbe

/// Turns the environment verdict and the configuration into a start plan. Pure: no I/O, same input, same plan.
///
/// `--instance-check auto`:
///
/// | environment                                   | strategy         |
/// |-----------------------------------------------|------------------|
/// | native, WSL1, WSL2 nat, WSL2 bridged          | `loopback-probe` |
/// | container                                     | `loopback-probe` |
/// | WSL2 mirrored, virtioproxy, none, unknown mode | `pidfile`        |
/// | unknown kind                                  | `pidfile`        |
///
/// `--bind auto` means 0.0.0.0 in a container, loopback elsewhere. Binding beyond loopback needs a token.
public enum StartPlanner {
    /// What `gateway run` decides before it takes the lock, in its order: a blank token is refused, then the plan,
    /// then a token shorter than `TokenPolicy.minimumBytes` (on loopback too). The one sequence of `GatewayStarter` and the doctor's
    /// `SituationView`; every refusal carries its one fix. `configuration.tokenPresent` is set from `token`.
    public static func plan(
        verdict: EnvironmentVerdict, configuration: StartConfiguration, token: TokenSetting?
    ) -> Result<StartPlan, PlanRefusal> {
        if let refusal = TokenPolicy.blankRefusal(token) { return .failure(refusal) }
        var configuration = configuration
        configuration.tokenPresent = token != nil
        return plan(verdict: verdict, configuration: configuration).flatMap { plan in
            TokenPolicy.strengthRefusal(token, bindAddresses: plan.bindAddresses).map { .failure($0) } ?? .success(plan)
        }
    }

    /// The plan, or the refusal (exit 78) of a configuration that must not start.
    public static func plan(verdict: EnvironmentVerdict, configuration: StartConfiguration) -> Result<StartPlan, PlanRefusal> {
        var reasons = ["environment: \(verdict.summary)"]

        // Strategy.
        let strategy: InstanceCheckStrategy
        let (autoStrategy, autoReason) = automaticStrategy(for: verdict)
        switch configuration.instanceCheck {
        case .auto:
            strategy = autoStrategy
            reasons.append("instance check \(strategy.rawValue): \(autoReason)")
        case .pidfile:
            strategy = .pidfile
            reasons.append("instance check pidfile: forced by --instance-check")
        case .loopbackProbe:
            strategy = .loopbackProbe
            reasons.append("instance check loopback-probe: forced by --instance-check")
            if autoStrategy == .pidfile {
                reasons.append("warning: here a loopback answer may not come from this machine's Linux side (\(autoReason))")
            }
        }
        reasons.append("the instance lock (flock) is taken in every strategy")

        // Addresses.
        if configuration.bindHost != nil && configuration.bindMode != .custom {
            return .failure(PlanRefusal(
                "--bind-host is only used with --bind custom (\(BindRefusalFix.modeOrigin(configuration))).",
                fix: BindRefusalFix.hostWithoutCustom(configuration)))
        }
        let addresses: [String]
        switch configuration.bindMode {
        case .loopback:
            addresses = loopbackAddresses(configuration, reasons: &reasons)
        case .auto:
            if verdict.kind == .container {
                addresses = ["0.0.0.0"]
                reasons.append("bind auto in a container: 0.0.0.0, so a published port reaches the gateway")
            } else {
                addresses = loopbackAddresses(configuration, reasons: &reasons)
            }
        case .lan:
            addresses = ["0.0.0.0"]
            reasons.append("bind lan: 0.0.0.0")
        case .custom:
            guard let host = configuration.bindHost, !host.isEmpty else {
                return .failure(PlanRefusal(
                    "--bind custom needs --bind-host ADDRESS.", fix: BindRefusalFix.customWithoutHost(configuration)))
            }
            guard IPAddressText.family(host) != nil else {
                return .failure(PlanRefusal(
                    "--bind-host \(host) is not an IP address literal.", fix: BindRefusalFix.hostNotLiteral(configuration)))
            }
            addresses = [host]
            reasons.append("bind custom: \(host)")
        }

        // Auth beyond loopback.
        if !configuration.tokenPresent, let open = addresses.first(where: { !IPAddressText.isLoopback($0) }) {
            return .failure(PlanRefusal(
                "Refusing to bind gateway to \(open) without auth. Set --token or OPENCLAW_GATEWAY_TOKEN, or use --bind loopback.",
                fix: "export OPENCLAW_GATEWAY_TOKEN=\"$(openssl rand -hex 32)\" (or --token, or gateway.auth.token in openclaw.json), or use --bind loopback"))
        }
        return .success(StartPlan(strategy: strategy, bindAddresses: addresses, port: configuration.port, reasons: reasons))
    }

    /// The `auto` strategy for an environment, with the reason in words.
    public static func automaticStrategy(for verdict: EnvironmentVerdict) -> (InstanceCheckStrategy, String) {
        switch verdict.kind {
        case .native:
            return (.loopbackProbe, "on native Linux 127.0.0.1 and ::1 stay inside this kernel, so an answer there is a local listener")
        case .wsl1:
            return (.loopbackProbe, "WSL1 shares one TCP/IP stack with Windows, so a loopback answer is a real listener on this machine")
        case .container:
            return (.loopbackProbe, "a container's loopback is private to its network namespace")
        case .unknown:
            return (.pidfile, "the environment is unknown, so a loopback answer cannot be trusted to come from this machine's Linux side")
        case .wsl2:
            switch verdict.wslNetworkingMode ?? .unknown {
            case .nat:
                return (.loopbackProbe, "under WSL2 NAT networking Linux 127.0.0.1 stays inside the VM")
            case .bridged:
                return (.loopbackProbe, "under WSL2 bridged networking Linux 127.0.0.1 stays inside the VM")
            case .mirrored:
                return (.pidfile, "under WSL2 mirrored networking 127.0.0.1 is routed through Windows, so a loopback answer may come from a Windows program or from this gateway itself (upstream issue 53877)")
            case .virtioproxy:
                return (.pidfile, "under WSL2 virtioproxy networking loopback traffic may be proxied through Windows")
            case .none:
                return (.pidfile, "WSL2 without network (mode none, or mirrored that failed): loopback routing cannot be known")
            case .unknown:
                return (.pidfile, "the WSL2 networking mode is unknown, and under mirrored networking 127.0.0.1 is routed through Windows")
            }
        }
    }

    private static func loopbackAddresses(_ configuration: StartConfiguration, reasons: inout [String]) -> [String] {
        let ipv6 = configuration.ipv6Loopback
        if ipv6.available {
            reasons.append("bind loopback: 127.0.0.1 and ::1, one listener each (\(ipv6.reason))")
            return ["127.0.0.1", "::1"]
        }
        reasons.append("bind loopback: 127.0.0.1 only (::1 is not available here: \(ipv6.reason))")
        return ["127.0.0.1"]
    }
}
