import OpenClawCLI

// One executable, two names (as busybox): the basename of argv[0] picks `openclaw` or `openclaw-doctor` (a link
// named `openclaw-doctor` to this file); any other name exits 64 (`ProgramName`). Both names keep their own exit codes.
// Top-level code cannot use `@main`; `CommandEntry` parses and runs by hand so async subcommands run asynchronously,
// a misspelt subcommand gets a suggestion, and a failed write to stdout/stderr sets the exit code.
// `openclaw doctor` runs the same code as `openclaw-doctor`, with the doctor's exit codes (64 on usage errors, as
// every command of both names; 2 when the doctor could not run).
// Before anything opens a descriptor (the runtime's epoll, the event loops): a closed stdout must stay "closed".
CommandEntry.prepareStandardStreams()
let arguments = Array(CommandLine.arguments.dropFirst())
switch ProgramName.resolve(argv0: CommandLine.arguments.first ?? "") {
case .openclaw:
    GatewayRunExecutor.prepare(arguments: arguments)
    await CommandEntry.runOpenClaw(OpenClawCommand.self, arguments: arguments)
case .doctor:
    CommandEntry.runDoctor(OpenClawDoctorCommand.self, arguments: arguments)
case .unknown(let name):
    CommandEntry.refuse(programName: name)
}
