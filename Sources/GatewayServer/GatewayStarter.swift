import Gateway
import GatewayLive
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif
import Logging
import NetProbe

/// The start sequence of `openclaw gateway run`: plan, lock, probe, bind every address, write metadata, mark
/// ready, serve; on SIGTERM/SIGINT mark stopping, close WebSockets (1001), release the lock. Returns the exit code.
///
/// The facts and their verdict are inputs, so this does not depend on how the machine is read or classified.
public enum GatewayStarter {
    /// Where the start writes its lines: `out` for the start line and reasons, `err` for failures.
    public struct Output: Sendable {
        public var out: @Sendable (String) -> Void
        public var err: @Sendable (String) -> Void
        public init(out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void) {
            self.out = out
            self.err = err
        }
    }

    /// - Parameters:
    ///   - facts: this machine's facts (`LiveReader`), for the `::1` rule; `verdict`: their classification.
    public static func run(
        facts: MachineFacts, verdict: EnvironmentVerdict, options: GatewayStartOptions, dependencies: StartDependencies,
        output: Output, logger: Logger
    ) async -> Int32 {
        // The instance id exists before anything binds.
        let instanceId = RandomID.hex(bytes: 16)
        let startedAt = UTCTime.now().iso8601
        let pid = getpid()
        let startTime = ProcessInfoReader.selfStat()?.startTime ?? 0
        let bootId = ProcessInfoReader.bootId()

        let situation = GatewayStartRules.plan(facts: facts, verdict: verdict, options: options, ipv6BindSucceeded: dependencies.ipv6LoopbackBinds())
        let configuration = situation.configuration
        let plan: StartPlan
        switch situation.plan {
        case .failure(let refusal):
            output.err("openclaw gateway: \(refusal.message)")
            // The doctor's gateway.plan fix (one source, `PlanRefusal.fix`): it names openclaw.json and the line when
            // the setting came from there, which the sentence above (upstream's wording, in option terms) does not.
            output.err("openclaw gateway: fix: \(refusal.fix)")
            return GatewayExit.config
        case .success(let p):
            plan = p
        }
        let port = plan.port
        var inputs = ClashInputs(port: port, verdict: verdict, strategy: plan.strategy, lock: .acquired)

        // Lock (every strategy).
        let lock: InstanceLock
        do {
            switch try InstanceLock.acquire(paths: options.paths, port: port) {
            case .acquired(let l): lock = l
            case .held(let path, let metadata): inputs.lock = .held(path: path, metadata: metadata)
                // A pid is printed only for a holder verified as `gateway stop` verifies it.
                do { inputs.lockHolder = try GatewayStopper.verifyHolder(paths: options.paths, port: port) } catch {
                    inputs.lockHolder = .unverifiable(error.description)
                }
                inputs.listeners = dependencies.listeners(port)
                return stop(ClashDecider.decide(inputs), output)
            }
        } catch {
            inputs.lock = .refused(error)
            return stop(ClashDecider.decide(inputs), output)
        }
        defer { lock.release() }
        // Again, now that the lock has made what was missing: a state directory that did not exist at the first
        // check (`gateway run`, before reading openclaw.json) may have been made by another account meanwhile.
        if let refusal = StatePathTrust.inspection(options.paths).refusal {
            output.err("openclaw gateway: \(refusal.description)")
            return GatewayExit.config
        }

        let metadata = InstanceMetadata(
            pid: pid, processStartTime: startTime, bootId: bootId, instanceId: instanceId, port: port,
            bindAddresses: plan.bindAddresses, strategy: plan.strategy.rawValue, version: GatewayVersion.string,
            startedAt: startedAt, status: .starting)
        do { try lock.write(metadata) } catch {
            output.err("openclaw gateway: \(error.description)")
            return GatewayExit.failure
        }

        // Probe loopback before binding (decisive for loopback-probe, diagnostics for pidfile).
        let probeHosts = ["127.0.0.1"] + (configuration.ipv6LoopbackAvailable ? ["::1"] : [])
        inputs.probes = await dependencies.probeLoopback(probeHosts, port, options.probeTimeout, instanceId)
        // Another gateway's answer names a pid: the socket tables confirm it or it is not printed.
        if inputs.probes.contains(where: { if case .gateway(_, false) = $0.outcome { return true } else { return false } }) {
            inputs.listeners = dependencies.listeners(port)
        }
        let notes: [String]
        switch ClashDecider.decide(inputs) {
        case .stop(let code, let message):
            output.err("openclaw gateway: \(message)")
            return code
        case .proceed(let n):
            notes = n
        }

        // Bind and serve.
        let runtime = GatewayRuntime(
            instanceId: instanceId, pid: pid, startedAt: startedAt, bootId: bootId, port: port, verdict: verdict, plan: plan, token: options.token, handshakeTimeout: options.handshakeTimeout,
            allowedOrigins: options.allowedOrigins)
        // Descriptors: the soft limit raised to the hard one, and a budget that keeps a reserve for /healthz.
        let descriptors = DescriptorLimit.raiseSoftToHard()
        let budget = ConnectionBudget.plan(softLimit: descriptors.soft, descriptorsInUse: DescriptorLimit.inUse())
        let server = GatewayServer(
            runtime: runtime, canvas: CanvasFiles(root: options.paths.canvasDirectory), logger: logger,
            requestHeadTimeout: options.requestHeadTimeout, connectionBudget: budget)
        let readyMetadata = metadata
        // Every address listens: `ready` in the lock and on /readyz, then the start line. Not after SIGTERM.
        let markReady: @Sendable () -> Void = {
            guard runtime.markReady() else { return }
            var m = readyMetadata
            m.status = .ready
            try? lock.write(m)
            let first = plan.bindAddresses.first ?? "127.0.0.1"
            output.out("listening on ws://\(IPAddressText.hostPort(first, port)) (pid \(pid), instance \(instanceId), "
                + "strategy \(plan.strategy.rawValue), env \(GatewayStartRules.envWord(verdict)))")
            for address in plan.bindAddresses.dropFirst() {
                output.out("also listening on ws://\(IPAddressText.hostPort(address, port))")
            }
            let limitLine = "descriptors: soft limit \(descriptors.soft)"
                + (descriptors.raisedFrom.map { " (raised from \($0))" } ?? "")
                + ", \(budget.serve) connections served, \(budget.reserve) more kept for /healthz and /readyz"
            let executorLine = "concurrency: tasks run on the \(GatewayExecutor.state.rawValue)"
                + (GatewayExecutor.state == .defaultPool ? " (the event-loop executor is not installed)" : "")
            for reason in plan.reasons + [limitLine, executorLine] + notes { output.out("  - \(reason)") }
            // The start is over: its pages of the executable leave this process's page tables (ProgramTextPages).
            ProgramTextPages.releaseStartPages(logger: logger)
        }
        let outcome: ServeOutcome
        do {
            outcome = try await server.serve(
                onReady: {
                    guard let gate = options.readyGate else { return markReady() }
                    // Test hook: stay `starting` (serving, /readyz 503) until the gate file exists. Not awaited here,
                    // so the last listener starts serving meanwhile.
                    Task {
                        while !FileManager.default.fileExists(atPath: gate) && runtime.status == .starting {
                            try? await Task.sleep(for: .milliseconds(10))
                        }
                        markReady()
                    }
                },
                onStopping: {
                    var m = readyMetadata
                    m.status = .stopping
                    try? lock.write(m)
                    output.out("stopping (pid \(pid), instance \(instanceId))")
                })
        } catch {
            output.err("openclaw gateway: serving failed: \(error)")
            return GatewayExit.failure
        }
        switch outcome {
        case .stopped:
            return GatewayExit.ok
        case .bindFailed(let bind):
            inputs.bind = bind
            if case .addressInUse = bind {
                inputs.holder = dependencies.portHolder(port)
                inputs.listeners = dependencies.listeners(port)
            }
            if GatewayStartRules.consultsWindows(inputs) { inputs.windows = dependencies.windowsHalf(port) }
            return stop(ClashDecider.decide(inputs), output)
        }
    }

    private static func stop(_ decision: StartDecision, _ output: Output) -> Int32 {
        switch decision {
        case .stop(let code, let message):
            output.err("openclaw gateway: \(message)")
            return code
        case .proceed:
            output.err("openclaw gateway: start failed for an unknown reason")
            return GatewayExit.failure
        }
    }
}
