import ArgumentParser
import OpenClawCLI

/// `openclaw`: the root command. Add a subcommand by appending its type to `subcommands`.
struct OpenClaw: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "openclaw",
        abstract: "OpenClaw gateway and environment tools.",
        subcommands: [
            GatewayCommand.self,
            DoctorCommand.self,
        ])
}

/// Runs an async command through its `async` `run()` (opened from the existential).
func runAsync<Command: AsyncParsableCommand>(_ command: inout Command) async throws {
    try await command.run()
}

// Top-level code cannot use `@main`; parse and run by hand so async subcommands run asynchronously.
// `openclaw doctor` runs the same code as `openclaw-doctor`, with the doctor's own exit codes (2 on usage errors).
let arguments = Array(CommandLine.arguments.dropFirst())
GatewayRunExecutor.prepare(arguments: arguments)
if arguments.first == "doctor" {
    CommandEntry.runDoctor(DoctorCommand.self, arguments: Array(arguments.dropFirst()))
}

do {
    var command = try OpenClaw.parseAsRoot()
    if var asyncCommand = command as? any AsyncParsableCommand {
        try await runAsync(&asyncCommand)
    } else {
        try command.run()
    }
} catch {
    OpenClaw.exit(withError: error)
}
