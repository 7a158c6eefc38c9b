import ArgumentParser
import Gateway

/// `openclaw gateway stop`: SIGTERM to the verified lock holder, then wait until it is gone.
public struct GatewayStopCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "stop",
        abstract: "Stop the gateway holding the port's lock (verifies pid and start time first).",
        discussion: """
            A gateway unit that runs (or waits to restart) is stopped with systemctl --user stop, so Restart=always \
            does not bring it back; without systemd the lock holder gets SIGTERM. \
            Exit codes: 0 stopped, or no gateway runs on the port; 1 not verifiable, refused, still running after \
            --timeout, or no gateway of this state directory holds the port's lock while another gateway (another \
            state directory, or Windows under WSL2 mirrored networking) answers on it; 78 a malformed configuration.
            """)

    @OptionGroup public var port: PortOption
    @OptionGroup public var stateDir: StateDirOption

    @Option(help: "Seconds to wait for the gateway to exit.")
    public var timeout: Int = 15

    public init() {}

    public func run() async throws {
        let (paths, portNumber) = try GatewayEnvironment.pathsAndPort(port, stateDir: stateDir, command: "stop")
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
    static func stopByLock(paths: GatewayPaths, port portNumber: UInt16, timeout: Int, quietWhenFree: Bool) async -> Int32 {
        let outcome: GatewayStopper.Outcome
        do {
            outcome = try await GatewayStopper.stop(paths: paths, port: portNumber, timeout: .seconds(timeout))
        } catch {
            GatewayOutput.err("openclaw gateway stop: \(error.description)")
            return GatewayExit.failure
        }
        switch outcome {
        case .notRunning:
            if quietWhenFree { return GatewayExit.ok }
            // The lock says nothing runs here; ask loopback, as `status` does, before saying "no gateway".
            let results = await LoopbackStatusProbe.run(port: portNumber, timeout: .milliseconds(500), lockHolderInstanceId: nil)
            let assessment = StatusAssessor.assess(lock: .absent, probes: results, port: portNumber)
            if assessment.agreement == .otherGatewayAnswers {
                GatewayOutput.err(
                    "openclaw gateway stop: nothing stopped: no gateway of this state directory holds the lock "
                    + "\(paths.lockFile(port: portNumber)), but \(assessment.explanation). Stop it with the --state-dir "
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
            GatewayOutput.err("openclaw gateway stop: pid \(pid) still runs after \(timeout) s.")
            return GatewayExit.failure
        case .signalFailed(let pid, let code):
            GatewayOutput.err("openclaw gateway stop: kill(\(pid), SIGTERM) failed (errno \(code)).")
            return GatewayExit.failure
        }
        return GatewayExit.ok
    }
}
