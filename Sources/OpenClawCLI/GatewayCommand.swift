import ArgumentParser

/// `openclaw gateway ...`: run the gateway in the foreground and inspect, stop or supervise it.
public struct GatewayCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "gateway",
        abstract: "Run and manage the local OpenClaw gateway (HTTP + WebSocket on one port).",
        subcommands: [
            GatewayRunCommand.self, GatewayStatusCommand.self, GatewayStopCommand.self, GatewayProbeCommand.self,
            GatewayUnitCommand.self,
        ],
        defaultSubcommand: GatewayRunCommand.self)

    public init() {}
}
