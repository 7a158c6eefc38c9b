import ArgumentParser
import OpenClawCLI

/// `openclaw`: the root command. Add a subcommand by appending its type to `subcommands`.
struct OpenClaw: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "openclaw",
        abstract: "OpenClaw gateway and environment tools.",
        version: ToolVersion.line("openclaw"),
        subcommands: [
            GatewayCommand.self,
            DoctorCommand.self,
        ])
}

// Top-level code cannot use `@main`; `CommandEntry` parses and runs by hand so async subcommands run
// asynchronously, a misspelt subcommand gets a suggestion, and a failed write to stdout/stderr sets the exit code.
// `openclaw doctor` runs the same code as `openclaw-doctor`, with the doctor's own exit codes (2 on usage errors).
// Before anything opens a descriptor (the runtime's epoll, the event loops): a closed stdout must stay "closed".
CommandEntry.prepareStandardStreams()
let arguments = Array(CommandLine.arguments.dropFirst())
GatewayRunExecutor.prepare(arguments: arguments)
await CommandEntry.runOpenClaw(OpenClaw.self, arguments: arguments)
