import ArgumentParser
import Gateway

/// `openclaw gateway stop`: SIGTERM to the verified lock holder, then wait until it is gone.
public struct GatewayStopCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "stop",
        abstract: "Stop the gateway holding the port's lock (verifies pid and start time first).",
        discussion: """
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
        let paths = GatewayEnvironment.paths(stateDir: stateDir.stateDir)
        let settings = try GatewayEnvironment.settings(paths: paths, command: "stop")
        let portNumber = try GatewayEnvironment.port(port, settings: settings, command: "stop")
        let outcome: GatewayStopper.Outcome
        do {
            outcome = try await GatewayStopper.stop(paths: paths, port: portNumber, timeout: .seconds(timeout))
        } catch {
            GatewayOutput.err("openclaw gateway stop: \(error.description)")
            throw ExitCode(GatewayExit.failure)
        }
        switch outcome {
        case .notRunning:
            // The lock says nothing runs here; ask loopback, as `status` does, before saying "no gateway".
            let results = await LoopbackStatusProbe.run(port: portNumber, timeout: .milliseconds(500), lockHolderInstanceId: nil)
            let assessment = StatusAssessor.assess(lock: .absent, probes: results, port: portNumber)
            if assessment.agreement == .otherGatewayAnswers {
                GatewayOutput.err(
                    "openclaw gateway stop: nothing stopped: no gateway of this state directory holds the lock "
                    + "\(paths.lockFile(port: portNumber)), but \(assessment.explanation). Stop it with the --state-dir "
                    + "it was started with, or where it runs (see 'openclaw gateway status --port \(portNumber)').")
                throw ExitCode(GatewayExit.failure)
            }
            GatewayOutput.out("No gateway runs on port \(portNumber).")
        case .stopped(let pid):
            GatewayOutput.out("Stopped the gateway on port \(portNumber) (pid \(pid)).")
        case .unverifiable(let why), .mismatch(let why):
            GatewayOutput.err("openclaw gateway stop: not signalling: \(why).")
            throw ExitCode(GatewayExit.failure)
        case .stillRunning(let pid):
            GatewayOutput.err("openclaw gateway stop: pid \(pid) still runs after \(timeout) s.")
            throw ExitCode(GatewayExit.failure)
        case .signalFailed(let pid, let code):
            GatewayOutput.err("openclaw gateway stop: kill(\(pid), SIGTERM) failed (errno \(code)).")
            throw ExitCode(GatewayExit.failure)
        }
    }
}
