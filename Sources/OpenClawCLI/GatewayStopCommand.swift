import ArgumentParser
import Gateway
import GatewayLive

/// `openclaw gateway stop`: SIGTERM to the verified lock holder, then wait until it is gone.
public struct GatewayStopCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "stop",
        abstract: "Stop the gateway holding the port's lock (verifies pid and start time first).",
        discussion: """
            A gateway unit that runs (or waits to restart) is stopped with systemctl --user stop, so Restart=always \
            does not bring it back; without systemd the lock holder gets SIGTERM. \
            Exit codes: 0 stopped, or no gateway runs on the port; 1 not verifiable, refused, still running after \
            --stop-timeout, or no gateway of this state directory holds the port's lock while another gateway (another \
            state directory, or Windows under WSL2 mirrored networking) answers on it; 78 a malformed configuration.
            """)

    @OptionGroup public var port: PortOption
    @OptionGroup public var stateDir: StateDirOption

    /// The allowed `--stop-timeout`, milliseconds (the gateway's other timeouts' range).
    static let range = GatewayTimeouts.allowedMilliseconds

    @Option(name: .customLong("stop-timeout"), parsing: .unconditional,
            help: ArgumentHelp("How long to wait for the gateway to exit, in milliseconds, 1-600000 (default 15000).", valueName: "ms"))
    public var stopTimeout: String?

    /// The old option, in SECONDS (1-600), still accepted for scripts that use it; not in the help.
    @Option(name: .customLong("timeout"), parsing: .unconditional, help: ArgumentHelp(visibility: .hidden))
    public var legacyTimeoutSeconds: String?

    public func validate() throws {
        if let stopTimeout {
            if legacyTimeoutSeconds != nil {
                throw ValidationError("--timeout (seconds) is the old spelling of --stop-timeout (milliseconds); give one of them.")
            }
            _ = try MillisecondsValue.parse(stopTimeout, option: "--stop-timeout", range: Self.range)
        }
        if let legacyTimeoutSeconds, Int(legacyTimeoutSeconds).map({ (1...600).contains($0) }) != true {
            throw ValidationError("--timeout must be between 1 and 600 seconds (got \(Int(legacyTimeoutSeconds).map(String.init) ?? "\"\(legacyTimeoutSeconds)\"")); it is the old spelling of --stop-timeout MS.")
        }
    }

    /// How long to wait for the exit: `--stop-timeout`, else the old `--timeout` (seconds), else 15 s.
    var timeout: Duration {
        if let ms = stopTimeout.flatMap({ Int($0) }) { return .milliseconds(ms) }
        if let seconds = legacyTimeoutSeconds.flatMap({ Int($0) }) { return .seconds(seconds) }
        return .seconds(15)
    }

    public init() {}

    public func run() async throws {
        let resolved = try GatewayEnvironment.pathsAndPort(port, stateDir: stateDir, command: "stop")
        let (paths, portNumber) = (resolved.paths, resolved.port)
        // A unit that runs (or is about to restart) is stopped through systemd, so `Restart=always` does not bring
        // it back; then, or without systemd, the verified lock holder gets SIGTERM (ServicePlanner.stop).
        let plan = ServicePlanner.stop(ServiceEdge.facts(port: portNumber, paths: paths, advice: false))
        guard plan.steps.contains(where: { if case .systemctl = $0 { return true } else { return false } }) else {
            let code = await Self.stopByLock(paths: paths, port: portNumber, timeout: timeout, quietWhenFree: false)
            if code != GatewayExit.ok { throw ExitCode(code) }
            return
        }
        try await ServiceCommandOutput.run(plan, port: portNumber, paths: paths, json: false, stopTimeout: timeout)
    }

    /// The lock path: SIGTERM to the verified lock holder, then wait until it is gone; the exit code.
    /// `quietWhenFree`: a free lock is expected (the unit was just stopped), so it is not reported.
    static func stopByLock(paths: GatewayPaths, port portNumber: UInt16, timeout: Duration, quietWhenFree: Bool) async -> Int32 {
        let outcome: GatewayStopper.Outcome
        do {
            outcome = try await GatewayStopper.stop(paths: paths, port: portNumber, timeout: timeout)
        } catch {
            GatewayOutput.err("openclaw gateway stop: \(error.description)")
            return GatewayExit.failure
        }
        switch outcome {
        case .notRunning:
            if quietWhenFree { return GatewayExit.ok }
            // The lock says nothing runs here; ask loopback, as `status` does, before saying "no gateway".
            let results = await LoopbackStatusProbe.run(port: portNumber, timeout: .milliseconds(500), lockHolderInstanceId: nil)
            let assessment = StatusAssessor.assess(lock: .absent, probes: results, port: portNumber, lockHolder: nil,
                                                   listeners: LoopbackStatusProbe.listeners(for: results, port: portNumber))
            if assessment.agreement == .otherGatewayAnswers {
                GatewayOutput.err(
                    "openclaw gateway stop: nothing stopped: no gateway of this state directory holds the lock "
                    + "\(paths.lockFile(port: portNumber)); \(assessment.explanation). Stop it with the --state-dir "
                    + "it was started with, or where it runs (see 'openclaw gateway status --port \(portNumber)').")
                return GatewayExit.failure
            }
            GatewayOutput.out("No gateway runs on port \(portNumber).")
        case .stopped(let pid):
            GatewayOutput.out("Stopped the gateway on port \(portNumber) (pid \(pid)).")
        case .unverifiable(let why), .mismatch(let why):
            GatewayOutput.err("openclaw gateway stop: not signalling: \(why).")
            return GatewayExit.failure
        case .stillRunning(let pid):
            GatewayOutput.err("openclaw gateway stop: pid \(pid) still runs after \(Self.milliseconds(timeout)) ms.")
            return GatewayExit.failure
        case .signalFailed(let pid, let code):
            GatewayOutput.err("openclaw gateway stop: kill(\(pid), SIGTERM) failed (errno \(code)).")
            return GatewayExit.failure
        }
        return GatewayExit.ok
    }

    /// `duration` in whole milliseconds, for messages.
    static func milliseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
    }
}
