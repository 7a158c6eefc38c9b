import ArgumentParser

/// `openclaw`: the root command. Add a subcommand by appending its type to `subcommands`. (`openclaw doctor` is
/// dispatched before parsing, to the doctor's own entry: `CommandEntry.runOpenClaw`.)
public struct OpenClawCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "openclaw",
        abstract: "OpenClaw gateway and environment tools.",
        version: ToolVersion.line("openclaw"),
        subcommands: [
            GatewayCommand.self,
            DoctorCommand.self,
        ])

    public init() {}
}
