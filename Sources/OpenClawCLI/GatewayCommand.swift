import ArgumentParser

/// `openclaw gateway ...`: run the gateway in the foreground and inspect, stop or supervise it. No default
/// subcommand: `openclaw gateway` alone prints this help, and a misspelt subcommand is a usage error with a
/// suggestion (`CommandEntry`), never a gateway started with the typo as an argument.
public struct GatewayCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "gateway",
        abstract: "Run and manage the local OpenClaw gateway (HTTP + WebSocket on one port).",
        subcommands: [
            GatewayRunCommand.self, GatewayStatusCommand.self, GatewayStopCommand.self, GatewayProbeCommand.self,
            GatewayUnitCommand.self, GatewayInstallCommand.self, GatewayStartCommand.self, GatewayRestartCommand.self,
            GatewayUninstallCommand.self,
        ])

    public init() {}
}
