import ArgumentParser
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif
import NetProbe
import NetProbeLive

/// The entry points of the executable's two names (`ProgramName`): parse, run, and turn every outcome (including a failed write to standard
/// output or standard error, recorded by `Output`) into the exit code.
public enum CommandEntry {
    /// `openclaw-doctor`: the doctor's exit codes. A usage error exits 64 (EX_USAGE, as under `openclaw`), a
    /// `DoctorFailure` 2, both with `{"ok":false,"error":{...}}` on stdout when `--json` was given; help exits 0, and
    /// a failed write to standard output or standard error exits 2 with the `output-unwritable` error, whatever the
    /// report found.
    public static func runDoctor<Root: ParsableCommand>(_ root: Root.Type, arguments: [String] = Array(CommandLine.arguments.dropFirst())) -> Never {
        runDoctor(root, rootName: root._commandName, prefix: [], arguments: arguments)
    }

    /// `openclaw doctor ...`: the same command as `openclaw-doctor`, its help and usage named `openclaw doctor`.
    public static func runOpenClawDoctor(arguments: [String]) -> Never {
        runDoctor(OpenClawDoctorParent.self, rootName: "openclaw", prefix: ["doctor"], arguments: arguments)
    }

    /// An `argv[0]` that is neither `openclaw` nor `openclaw-doctor`: the refusal on standard error, exit 64 (EX_USAGE).
    public static func refuse(programName name: String) -> Never {
        StandardStreams.prepare()
        Output.err(ProgramName.refusal(name))
        exit(ExitCode.validationFailure.rawValue)
    }

    /// Fills closed standard descriptors with `/dev/null` and ignores `SIGPIPE` (`StandardStreams.prepare`). The
    /// `openclaw` executable calls it first, before its top-level `await` starts the concurrency runtime and the event
    /// loops: those open descriptors (epoll) that would otherwise take a closed fd 0, 1 or 2.
    public static func prepareStandardStreams() {
        StandardStreams.prepare()
    }

    /// `openclaw`: a misspelt subcommand is a usage error with a suggestion (exit 64); ArgumentParser's exit codes
    /// otherwise. A failed write to standard output or standard error ends every command but `gateway run` with
    /// exit 74 (EX_IOERR) and the failure on standard error; `gateway run` keeps serving and keeps its exit code.
    public static func runOpenClaw<Root: ParsableCommand>(_ root: Root.Type, arguments: [String]) async -> Never {
        StandardStreams.prepare()
        if arguments.first == "doctor" { runOpenClawDoctor(arguments: Array(arguments.dropFirst())) }
        if let typo = SubcommandSuggestion.find(root: root, rootName: root._commandName, arguments: arguments) {
            Output.err(usageError(typo.message))
            exit(usageExitCode)
        }
        var code: Int32 = 0
        var outputMatters = true
        do {
            var command = try root.parseAsRoot(arguments)
            outputMatters = !(command is GatewayRunCommand)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await runAsync(&asyncCommand)
            } else {
                try command.run()
            }
        } catch {
            code = report(error, root: root)
        }
        if outputMatters, let failure = Output.failure {
            Output.err("openclaw: \(failure)\n")
            exit(74)
        }
        exit(code)
    }

    private static func runAsync<Command: AsyncParsableCommand>(_ command: inout Command) async throws {
        try await command.run()
    }

    /// ArgumentParser's message for `error` on the stream it belongs to (help on stdout, errors on stderr),
    /// written through `Output`; the exit code.
    private static func report<Root: ParsableCommand>(_ error: any Error, root: Root.Type) -> Int32 {
        let code = root.exitCode(for: error).rawValue
        let message = root.fullMessage(for: error)
        if !message.isEmpty {
            if code == 0 { Output.out(message + "\n") } else { Output.err(message + "\n") }
        }
        return code
    }

    private static func runDoctor<Root: ParsableCommand>(_ root: Root.Type, rootName: String, prefix: [String], arguments: [String]) -> Never {
        StandardStreams.prepare()
        let wantsJSON = arguments.contains("--json")
        let name = ([rootName] + prefix).joined(separator: " ")
        if let typo = SubcommandSuggestion.find(root: root, rootName: rootName, arguments: prefix + arguments) {
            usage(typo.message, full: usageError(typo.message), json: wantsJSON)
        }
        do {
            var command = try root.parseAsRoot(prefix + arguments)
            try command.run()
            finish(0, json: wantsJSON, name: name)
        } catch let failure as DoctorFailure {
            fail(code: failure.code, message: failure.message, json: wantsJSON, name: name)
        } catch {
            let code = root.exitCode(for: error)
            if code == .success || error is ExitCode {
                finish(report(error, root: root), json: wantsJSON, name: name)
            }
            // The report's options before a misspelt subcommand (`--json captrue`): the same finding as without them.
            if let typo = SubcommandSuggestion.findPastOptions(root: root, rootName: rootName, arguments: prefix + arguments) {
                usage(typo.message, full: usageError(typo.message), json: wantsJSON)
            }
            usage(root.message(for: error), full: root.fullMessage(for: error) + "\n", json: wantsJSON)
        }
    }

    /// The exit code of every usage error of both names: EX_USAGE (ArgumentParser's `validationFailure`).
    static let usageExitCode = ExitCode.validationFailure.rawValue

    /// A usage error as ArgumentParser prints one: `Error: MESSAGE` (the one prefix of every usage error).
    static func usageError(_ message: String) -> String { "Error: \(message)\n" }

    /// The doctor's usage error: `full` on stderr, the error object (code `usage`, `message`) on stdout with `--json`.
    private static func usage(_ message: String, full: String, json: Bool) -> Never {
        if json { Output.out(DoctorErrorJSON.render(code: "usage", message: message)) }
        Output.err(full)
        exit(usageExitCode)
    }

    /// Exits with `code`, or 2 (`output-unwritable`) when a write to standard output or standard error failed.
    private static func finish(_ code: Int32, json: Bool, name: String) -> Never {
        if let failure = Output.failure {
            fail(code: "output-unwritable", message: failure.description, json: json, name: name)
        }
        exit(code)
    }

    private static func fail(code: String, message: String, json: Bool, name: String) -> Never {
        if json { Output.out(DoctorErrorJSON.render(code: code, message: message)) }
        Output.err("\(name): \(message)\n")
        exit(2)
    }
}

/// The parent `openclaw doctor` is parsed under, so its help and usage lines say `openclaw doctor`.
struct OpenClawDoctorParent: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "openclaw", version: ToolVersion.line("openclaw"), subcommands: [DoctorCommand.self])
}

import DoctorKit

enum DoctorErrorJSON {
    static func render(code: String, message: String) -> String {
        JSONRenderer.render(DoctorErrorReport(code: code, message: message))
    }
}
