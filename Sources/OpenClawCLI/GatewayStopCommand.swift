import ArgumentParser
import Gateway

/// `openclaw gateway stop`: SIGTERM to the verified lock holder, then wait until it is gone.
public struct GatewayStopCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "stop",
        abstract: "Stop the gateway holding the port's lock (verifies pid and start time first).",
        discussion: "Exit codes: 0 stopped or not running; 1 not verifiable, refused, or still running after --timeout.")

    @OptionGroup public var port: PortOption
    @OptionGroup public var stateDir: StateDirOption

    @Option(help: "Seconds to wait for the gateway to exit.")
    public var timeout: Int = 15

    public init() {}

    public func run() async throws {
        let paths = GatewayEnvironment.paths(stateDir: stateDir.stateDir)
        let outcome: GatewayStopper.Outcome
        do {
            outcome = try await GatewayStopper.stop(paths: paths, port: port.port, timeout: .seconds(timeout))
        } catch {
            GatewayOutput.err("openclaw gateway stop: \(error.description)")
            throw ExitCode(GatewayExit.failure)
        }
        switch outcome {
        case .notRunning:
            GatewayOutput.out("No gateway runs on port \(port.port).")
        case .stopped(let pid):
            GatewayOutput.out("Stopped the gateway on port \(port.port) (pid \(pid)).")
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
