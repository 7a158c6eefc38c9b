import ArgumentParser
import Foundation
import Gateway

/// `openclaw gateway unit`: print a systemd user unit for the gateway.
public struct GatewayUnitCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "unit",
        abstract: "Print a systemd user unit (save as ~/.config/systemd/user/openclaw-gateway.service).")

    @OptionGroup public var port: PortOption
    @OptionGroup public var stateDir: StateDirOption

    public init() {}

    public func run() throws {
        let portNumber = try GatewayEnvironment.pathsAndPort(port, stateDir: stateDir, command: "unit").port
        let executable = Self.executablePath()
        let state = stateDir.stateDir.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        // A failed write is recorded by `Output`; `CommandEntry.runOpenClaw` exits 74 naming the stream and its path.
        Output.out(SystemdUnit.render(executable: executable, port: portNumber, stateDirectory: state))
    }

    /// The binary's real path for `ExecStart=`: /proc/self/exe resolved, so the unit survives symlink changes of a
    /// PATH entry (`gateway unit` and `gateway install` write the same).
    static func executablePath() -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }
}
