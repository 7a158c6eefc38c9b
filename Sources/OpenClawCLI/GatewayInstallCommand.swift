import ArgumentParser
import Foundation
import Gateway

/// `openclaw gateway install`: write, enable and start the systemd user unit (`ServicePlanner.install`).
public struct GatewayInstallCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Install the gateway as a systemd user service and start it.",
        discussion: """
            Writes $XDG_CONFIG_HOME/systemd/user/openclaw-gateway.service (openclaw-gateway-PORT.service beside one \
            serving another port), enables and starts it; replaces a unit only if this command wrote it, unless \
            --force (the old file kept as .bak). Warns when linger is off (loginctl enable-linger). \
            Exit codes: 0 installed; 1 a step failed; 64 bad arguments; 69 no systemd user manager here; \
            73 the unit is not this toolkit's (use --force); 78 a malformed configuration.
            """)

    @OptionGroup public var port: PortOption
    @OptionGroup public var stateDir: StateDirOption
    @OptionGroup public var json: JSONOption

    @Flag(help: "Replace a unit this command did not write (the old file is kept as .bak).")
    public var force = false

    public init() {}

    public func run() async throws {
        let resolved = try GatewayEnvironment.pathsAndPort(port, stateDir: stateDir, command: "install")
        let (paths, portNumber) = (resolved.paths, resolved.port)
        let state = stateDir.stateDir.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        let text = SystemdUnit.render(executable: GatewayUnitCommand.executablePath(), port: portNumber, stateDirectory: state)
        let facts = ServiceEdge.facts(port: portNumber, paths: paths)
        try await ServiceCommandOutput.run(ServicePlanner.install(facts, unitText: text, force: force),
                                           port: portNumber, paths: paths, json: json.json)
    }
}

/// `openclaw gateway start`: start the installed unit; a running one is reported, not restarted.
public struct GatewayStartCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Start the installed gateway service (a running one is reported, not restarted).",
        discussion: """
            Exit codes: 0 started or already running; 1 systemctl failed; 5 no unit installed for the port \
            (openclaw gateway install); 69 no systemd user manager here; 78 a malformed configuration.
            """)

    @OptionGroup public var port: PortOption
    @OptionGroup public var stateDir: StateDirOption
    @OptionGroup public var json: JSONOption

    public init() {}

    public func run() async throws {
        let resolved = try GatewayEnvironment.pathsAndPort(port, stateDir: stateDir, command: "start")
        let (paths, portNumber) = (resolved.paths, resolved.port)
        try await ServiceCommandOutput.run(ServicePlanner.start(ServiceEdge.facts(port: portNumber, paths: paths)),
                                           port: portNumber, paths: paths, json: json.json)
    }
}

/// `openclaw gateway restart`: `systemctl --user restart` of the installed unit.
public struct GatewayRestartCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "restart",
        abstract: "Restart the installed gateway service.",
        discussion: """
            Exit codes: 0 restarted; 1 systemctl failed; 5 no unit installed for the port; 69 no systemd user \
            manager here; 78 a malformed configuration.
            """)

    @OptionGroup public var port: PortOption
    @OptionGroup public var stateDir: StateDirOption
    @OptionGroup public var json: JSONOption

    public init() {}

    public func run() async throws {
        let resolved = try GatewayEnvironment.pathsAndPort(port, stateDir: stateDir, command: "restart")
        let (paths, portNumber) = (resolved.paths, resolved.port)
        try await ServiceCommandOutput.run(ServicePlanner.restart(ServiceEdge.facts(port: portNumber, paths: paths)),
                                           port: portNumber, paths: paths, json: json.json)
    }
}

/// `openclaw gateway uninstall`: stop, disable and remove the unit; the state directory is kept.
public struct GatewayUninstallCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "uninstall",
        abstract: "Stop, disable and remove the gateway service (the state directory is kept).",
        discussion: """
            Exit codes: 0 removed, or nothing installed; 1 a step failed; 69 no systemd user manager here; \
            73 the unit is not this toolkit's (use --force); 78 a malformed configuration.
            """)

    @OptionGroup public var port: PortOption
    @OptionGroup public var stateDir: StateDirOption
    @OptionGroup public var json: JSONOption

    @Flag(help: "Remove a gateway unit this toolkit did not write.")
    public var force = false

    public init() {}

    public func run() async throws {
        let resolved = try GatewayEnvironment.pathsAndPort(port, stateDir: stateDir, command: "uninstall")
        let (paths, portNumber) = (resolved.paths, resolved.port)
        try await ServiceCommandOutput.run(
            ServicePlanner.uninstall(ServiceEdge.facts(port: portNumber, paths: paths), force: force),
            port: portNumber, paths: paths, json: json.json)
    }
}
