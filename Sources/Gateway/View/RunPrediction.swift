import NetProbe

/// What `gateway run` would decide now, from the observations: `ClashDecider`'s own answer over `ClashInputs` built
/// the way the start builds them (a new instance, so no probe answer is "self"). Pure.
public struct RunPrediction: Sendable, Equatable {
    /// The inputs `ClashDecider` was asked with (`bind`/`holder` predicted from the port owners and the trial bind).
    public var inputs: ClashInputs
    /// The whole start: a refused plan exits 78 first; then the lock, the probes, the bind. `nil` when the
    /// observations do not reach a decision (the lock, or the port, was not read).
    public var decision: StartDecision?
    /// The port half: `ClashDecider`'s answer once the lock is ours (probes and bind). `nil` when the port was not
    /// read (no port owners, or no trial bind where nothing listens).
    public var port: StartDecision?
    /// The Linux processes whose LISTEN rows collide with the planned addresses (`BindCoverage.collide`).
    public var collidingOwners: [PortOwner]

    public init(inputs: ClashInputs, decision: StartDecision?, port: StartDecision?, collidingOwners: [PortOwner]) {
        self.inputs = inputs
        self.decision = decision
        self.port = port
        self.collidingOwners = collidingOwners
    }

    /// The exit code of a stop, or nil for a start that proceeds (or an unknown decision).
    public var exitCode: Int32? {
        if case .stop(let code, _)? = decision { return code }
        return nil
    }

    static func predict(
        port: UInt16, verdict: EnvironmentVerdict, plan: Result<StartPlan, PlanRefusal>,
        observations: SituationObservations, windows: WindowsFacts?
    ) -> RunPrediction {
        let strategy: InstanceCheckStrategy
        let planned: [String]
        switch plan {
        case .success(let p): strategy = p.strategy; planned = p.bindAddresses
        case .failure: strategy = StartPlanner.automaticStrategy(for: verdict).0; planned = ["127.0.0.1"]
        }
        var inputs = ClashInputs(port: port, verdict: verdict, strategy: strategy, lock: .acquired)
        // The same socket tables the port's other statements read: `ClashDecider` confirms a claimed pid against
        // them, so the prediction never says they were not read beside a holder they name.
        inputs.listeners = observations.portOwners
        // A new `gateway run` has a new instance id: no answer is its own.
        inputs.probes = (observations.probes ?? []).map { result in
            guard case .gateway(let identity, _) = result.outcome else { return result }
            var asNew = result
            asNew.outcome = .gateway(identity: identity, isSelf: false)
            return asNew
        }
        var colliding: [PortOwner] = []
        if let owners = observations.portOwners {
            colliding = owners.filter { owner in !owner.isSelf && planned.contains { BindCoverage.collide(owner.localAddress, $0) } }
            if let first = colliding.first {
                let address = planned.first { BindCoverage.collide(first.localAddress, $0) } ?? planned.first ?? "127.0.0.1"
                inputs.bind = .addressInUse(address: address)
                inputs.holder = PortHolder.afterAddressInUse(owners: colliding)
            } else if owners.contains(where: { !$0.isSelf }) {
                // Listeners on other addresses only: the planned binds do not collide with them.
                inputs.bind = .succeeded
            } else {
                switch observations.bindAttempt {
                case .succeeded?: inputs.bind = .succeeded
                case .addressInUse?:
                    inputs.bind = .addressInUse(address: "127.0.0.1")
                    inputs.holder = .outsideLinux
                case .failed(let code)?: inputs.bind = .failed(address: "127.0.0.1", errno: code)
                case nil: inputs.bind = nil
                }
            }
        }
        if GatewayStartRules.consultsWindows(inputs), let windows {
            inputs.windows = WindowsConsult.from(windows, port: port)
        }
        let portDecision = inputs.bind == nil ? nil : ClashDecider.decide(inputs)

        var whole = inputs
        let decision: StartDecision?
        if case .failure(let refusal) = plan {
            decision = .stop(exitCode: GatewayExit.config, message: refusal.message)
        } else if let lock = observations.lock {
            if case .held(let metadata) = lock {
                whole.lock = .held(path: observations.lockPath, metadata: metadata)
                decision = ClashDecider.decide(whole)
            } else {
                decision = portDecision
            }
        } else {
            decision = nil
        }
        return RunPrediction(inputs: whole, decision: decision, port: portDecision, collidingOwners: colliding)
    }
}
