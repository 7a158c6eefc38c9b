import NetProbe

/// The derived view of the situation: ONE plain value, computed once by `derive` (a pure function) from the facts,
/// the verdict, the configuration and whatever live observations exist, holding every judgement a consumer needs.
///
/// The doctor's checks (through `DoctorInputs.view`), `gateway status`, `gateway probe`, the bug report and triage
/// read it; none re-derives a judgement from the verdict or the raw observations:
/// - `environment`: loopback crossing to Windows, `::1` availability, WSL/WSL2/mirrored applicability (NetProbe's
///   `EnvironmentView`);
/// - `plan`: what `gateway run` plans here (blank token, planner, token strength: `StartPlanner.plan(verdict:
///   configuration:token:)`), a refusal carrying its one fix;
/// - `probes`: each loopback probe judged once (`ProbeReading`: category, lock holder, coverage, who answered);
/// - `run`: what `gateway run` would decide now, asked of `ClashDecider` (never reworded);
/// - `reach`: who reaches the gateway from Linux, Windows and the LAN, and why not (`ReachMatrix`).
///
/// It lives in `Gateway` (beside `StartPlanner` and `ClashDecider`) because it needs the plan, the lock model and the
/// clash decision; the environment half needs only NetProbe and lives there.
public struct SituationView: Sendable {
    public var environment: EnvironmentView
    public var port: UInt16
    /// The configuration as planned: `ipv6Loopback` is the view's `::1` judgement, whatever the caller set.
    public var configuration: StartConfiguration
    /// The plan, or the refusal (exit 78) with its fix.
    public var plan: Result<StartPlan, PlanRefusal>
    public var observations: SituationObservations
    /// One reading per probed address, in probe order; empty when not probed.
    public var probes: [ProbeReading]
    /// What the Windows half says about the port (`nil`: not in the facts).
    public var windowsPort: WindowsPortFinding?
    /// What `gateway run` would decide now.
    public var run: RunPrediction
    /// The reachability matrix over `observations.reach` (no cells when not probed); `reachTargets` says what to probe.
    public var reach: ReachMatrix
    /// The addresses the reachability matrix probes here (`ReachTargets.plan`).
    public var reachTargets: [ReachTarget]

    /// The lock holder's metadata, when a live process holds the lock and its metadata is written.
    public var holder: InstanceMetadata? { observations.holder }

    /// The refusal, when the plan is refused.
    public var refusal: PlanRefusal? {
        if case .failure(let r) = plan { return r }
        return nil
    }

    /// The addresses `gateway run` would bind (none when the plan is refused).
    public var plannedAddresses: [String] { (try? plan.get())?.bindAddresses ?? [] }

    /// Derives the view. Pure.
    ///
    /// - Parameters:
    ///   - configuration: the start configuration; `ipv6Loopback` is replaced by the view's judgement and
    ///     `tokenPresent` by `token` when one is given;
    ///   - token: the configured token (its value is only measured, never kept in a message);
    ///   - tokenRefusal: a refusal made before planning by a caller without the token value (a blank token);
    ///   - ipv6BindSucceeded: a real bind of `[::1]:0`, when one was made.
    public static func derive(
        facts: MachineFacts, verdict: EnvironmentVerdict, configuration: StartConfiguration, token: TokenSetting? = nil,
        tokenRefusal: PlanRefusal? = nil, observations: SituationObservations, ipv6BindSucceeded: Bool? = nil
    ) -> SituationView {
        let environment = EnvironmentView.derive(facts: facts, verdict: verdict, ipv6BindSucceeded: ipv6BindSucceeded)
        var start = configuration
        start.ipv6Loopback = environment.ipv6Loopback
        let plan: Result<StartPlan, PlanRefusal>
        if let tokenRefusal {
            plan = .failure(tokenRefusal)
        } else if let token {
            plan = StartPlanner.plan(verdict: verdict, configuration: start, token: token)
        } else {
            plan = StartPlanner.plan(verdict: verdict, configuration: start)
        }
        let port = configuration.port
        let windowsPort = facts.windows.map { WindowsPortFinding.analyse($0, port: port) }
        let probes = (observations.probes ?? []).map {
            ProbeReading.judge($0, holder: observations.holder, lockHeld: observations.lockHeld, owners: observations.portOwners,
                               loopback: environment.loopback, windows: windowsPort)
        }
        let run = RunPrediction.predict(
            port: port, verdict: verdict, plan: plan, observations: observations, windows: facts.windows)
        var conditions = reachConditions(facts: facts, environment: environment, port: port, plan: plan, holder: observations.holder)
        // The lock's one judgement (`gateway.lock` reads the same): not read is unknown, never "no gateway holds it".
        conditions.lockKnown = observations.lockHeld != nil
        let planned = ReachTargets.plan(facts: facts, environment: environment)
        // One probe per address: the loopback probe's results stand in for the Linux rows of 127.0.0.1 and ::1, and
        // those cells read the probe's reading (is the lock holder reached there), so no consumer contradicts another.
        let reachObservations = observations.reach.map { ReachTargets.merging($0, probes: observations.probes) }
        let reach = ReachMatrix.judge(reachObservations.map { ReachTargets.select($0, planned: planned) } ?? [],
                                      conditions: conditions, linuxOwners: observations.portOwners,
                                      windowsHolders: windowsPort?.holders, linuxBootId: observations.bootId,
                                      readings: probes)
        var view = SituationView(environment: environment, port: port, configuration: start, plan: plan,
                                 observations: observations, probes: probes, windowsPort: windowsPort, run: run)
        view.reach = reach
        view.reach.windowsNotTried = ReachMatrix.windowsNotTried(environment: environment)
        view.reachTargets = planned
        return view
    }

    /// What decides reachability here: the mode, `.wslconfig`'s keys, where the gateway listens (the lock holder's
    /// binds, else the plan's). Pure.
    static func reachConditions(
        facts: MachineFacts, environment: EnvironmentView, port: UInt16, plan: Result<StartPlan, PlanRefusal>, holder: InstanceMetadata?
    ) -> ReachConditions {
        let config = facts.wslconfig.map { WslConfig(parsing: $0.text) }
        return ReachConditions(
            mode: ReachConditions.mode(environment.verdict), port: port, localhostForwarding: config?.localhostForwarding,
            hostAddressLoopback: config?.hostAddressLoopback,
            binds: holder?.bindAddresses ?? ((try? plan.get())?.bindAddresses ?? []), running: holder != nil,
            instanceId: holder?.instanceId, holderPid: holder?.pid, ipv6Loopback: environment.ipv6Loopback.available)
    }

    public init(environment: EnvironmentView, port: UInt16, configuration: StartConfiguration,
                plan: Result<StartPlan, PlanRefusal>, observations: SituationObservations, probes: [ProbeReading],
                windowsPort: WindowsPortFinding?, run: RunPrediction) {
        self.environment = environment
        self.port = port
        self.configuration = configuration
        self.plan = plan
        self.observations = observations
        self.probes = probes
        self.windowsPort = windowsPort
        self.run = run
        self.reach = ReachMatrix(conditions: ReachConditions(mode: .unknown, port: port, binds: [], running: false), cells: [])
        self.reachTargets = []
    }
}
