import ArgumentParser
import Foundation
import Gateway

/// `openclaw gateway status`: what the lock says about the port (exit 0 running, 3 not running, 1 error).
public struct GatewayStatusCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show whether a gateway runs on the port (exit 0 running, 3 not running).")

    @OptionGroup public var port: PortOption
    @OptionGroup public var stateDir: StateDirOption
    @OptionGroup public var json: JSONOption

    public init() {}

    struct Report: Encodable {
        var schemaVersion = 1
        var running: Bool
        var port: UInt16
        var lockPath: String
        var lock: String
        var instance: InstanceMetadata?
        var processVerified: Bool?
        var error: String?
    }

    public func run() async throws {
        let paths = GatewayEnvironment.paths(stateDir: stateDir.stateDir)
        let lockPath = paths.lockFile(port: port.port)
        let state: LockState
        do {
            state = try LockInspector.inspect(paths: paths, port: port.port)
        } catch {
            if json.json {
                GatewayOutput.json(Report(running: false, port: port.port, lockPath: lockPath, lock: "error", error: error.description))
            } else {
                GatewayOutput.err("openclaw gateway status: \(error.description)")
            }
            throw ExitCode(GatewayExit.failure)
        }
        switch state {
        case .held(let metadata):
            let verified = metadata.map(GatewayStopper.isSameProcess)
            if json.json {
                GatewayOutput.json(Report(
                    running: true, port: port.port, lockPath: lockPath, lock: "held", instance: metadata, processVerified: verified))
            } else if let m = metadata {
                let addresses = m.bindAddresses.map { IPAddressText.hostPort($0, port.port) }.joined(separator: ", ")
                GatewayOutput.out("Runtime: running (pid \(m.pid), instance \(m.instanceId), status \(m.status.rawValue))")
                GatewayOutput.out("Listening: \(addresses)")
                GatewayOutput.out("Started: \(m.startedAt), version \(m.version), strategy \(m.strategy)")
                GatewayOutput.out("Lock: \(lockPath)")
            } else {
                GatewayOutput.out("Runtime: running (lock \(lockPath) held; metadata not written yet)")
            }
        case .free, .absent:
            if json.json {
                GatewayOutput.json(Report(running: false, port: port.port, lockPath: lockPath, lock: state == .absent ? "absent" : "free"))
            } else {
                GatewayOutput.out("Runtime: not running (port \(port.port); lock \(lockPath) \(state == .absent ? "absent" : "free"))")
            }
            throw ExitCode(GatewayExit.notRunning)
        }
    }
}
