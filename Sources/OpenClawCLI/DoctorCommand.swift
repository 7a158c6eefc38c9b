import ArgumentParser
import DoctorKit
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif
import Gateway
import NetProbe

/// `openclaw-doctor` and `openclaw doctor`: the environment report (default), `capture` and `triage`.
public struct DoctorCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Report what this machine is, what the gateway will do here, and what is wrong.",
        discussion: """
            Exit codes: 0 no warning or failure; 1 at least one warning or failure; 2 the doctor itself \
            could not run (bad arguments, unreadable snapshot, output that cannot be written). Without a \
            subcommand the doctor runs `report`, whose options are listed here. See docs/doctor.md.
            """,
        subcommands: [DoctorReportCommand.self, DoctorCaptureCommand.self, DoctorTriageCommand.self, DoctorBugreportCommand.self],
        defaultSubcommand: DoctorReportCommand.self)

    public init() {}
}

/// The report: `openclaw-doctor [--snapshot PATH] [--json] [-v] [--port N] [--only ID] [--skip ID] [--fix]`.
public struct DoctorReportCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Print the environment report (the default).")

    @OptionGroup public var port: PortOption
    @OptionGroup public var stateDir: StateDirOption
    @OptionGroup public var json: JSONOption
    @OptionGroup public var journal: JournalDirOption

    @Option(help: "Replay a capture (file or directory, or a bug report's last snapshot) instead of reading this machine.")
    public var snapshot: String?

    @Flag(name: .shortAndLong, help: "Show every signal and every detail.")
    public var verbose = false

    @Flag(name: .customLong("list-checks"), help: "List the checks with their ids and exit.")
    public var listChecks = false

    @Option(name: .customLong("only"), help: "Run only this check (repeatable).")
    public var only: [String] = []

    @Option(name: .customLong("skip"), help: "Skip this check (repeatable).")
    public var skip: [String] = []

    @Flag(help: "Replace addresses, MACs, host and user names with consistent tokens (for sharing).")
    public var redact = false

    @Flag(help: "Apply safe local repairs (lock directory, systemd user unit); never touches Windows files.")
    public var fix = false

    @Flag(name: .customLong("dry-run"), help: "With --fix: show what would be done, do nothing.")
    public var dryRun = false

    @Option(help: "The bind the gateway would use: loopback, lan, auto or custom.")
    public var bind: BindMode?

    @Option(name: .customLong("bind-host"), help: "The IP address for --bind custom.")
    public var bindHost: String?

    @Option(name: .customLong("instance-check"), help: "The instance check the gateway would use: auto, pidfile or loopback-probe.")
    public var instanceCheck: InstanceCheck = .auto

    @Option(name: .customLong("probe-timeout"), help: "Loopback probe timeout in milliseconds.")
    public var probeTimeout: Int = 500

    public init() {}

    public func validate() throws {
        let unknown = CheckSelection(only: only, skip: skip).unknownIDs(in: DoctorChecks.all)
        if !unknown.isEmpty {
            throw ValidationError("unknown check id\(unknown.count == 1 ? "" : "s") \(unknown.joined(separator: ", ")); see --list-checks")
        }
        if dryRun && !fix { throw ValidationError("--dry-run goes with --fix") }
        if fix && snapshot != nil { throw ValidationError("--fix repairs this machine; it cannot be combined with --snapshot") }
        if !(1...60_000).contains(probeTimeout) { throw ValidationError("--probe-timeout must be 1 to 60000 ms") }
    }

    public func run() throws {
        if listChecks {
            for check in DoctorChecks.all {
                let live = check.needsLive ? " (live)" : ""
                Output.out("\(check.id)\(live)\t\(check.summary)\n")
            }
            return
        }
        let environment = ProcessInfo.processInfo.environment
        let home = DoctorEnvironment.home(environment)
        let paths = GatewayPaths.resolve(stateDirOverride: stateDir.stateDir, environment: environment, home: home)
        // A replay plans another machine's capture: THIS machine's openclaw.json and OPENCLAW_GATEWAY_* are not read
        // (a malformed local file cannot abort it); only the options given apply.
        let config = snapshot == nil
            ? try GatewayConfigFile.load(stateDirectory: paths.stateDirectory, environment: environment) : GatewayConfigFile()
        let effectivePort = port.wasGiven ? port.port : (config.port ?? port.port)
        let selection = CheckSelection(only: only, skip: skip)
        var sources = selection.liveSources(of: DoctorChecks.all)
        if fix { sources.formUnion([.lockDirectory, .units]) }

        // A bad variable ends the report before anything is gathered; a replay reads none of this machine's.
        let liveOptions = snapshot == nil ? try DoctorEnvironment.readerOptions(environment) : nil
        // Live observations are gathered while the facts are read: both wait on the kernel, not on each other.
        let pending = snapshot == nil
            ? LiveGatherer.begin(port: effectivePort, paths: paths, probeTimeoutMilliseconds: probeTimeout, home: home, sources: sources,
                                 windows: liveOptions.flatMap(\.windows))
            : nil
        let facts: MachineFacts
        let wantsJournal = JournalDirOption.isWanted(by: selection)
        if let snapshot {
            do {
                let replayed = try CaptureReader.read(path: snapshot)
                facts = wantsJournal ? journal.applied(to: replayed, port: effectivePort, environment: environment) : replayed
            } catch {
                throw DoctorFailure(code: "snapshot-unreadable", message: "cannot read snapshot \(snapshot): \(error)")
            }
        } else {
            let options = liveOptions ?? LiveReader.Options()
            facts = LiveReader(options: wantsJournal ? journal.readerOptions(options, port: effectivePort, environment: environment) : options).read()
        }
        let configuration = DoctorConfiguration(
            port: effectivePort,
            start: config.start(port: effectivePort, bind: bind, bindHost: bindHost, instanceCheck: instanceCheck),
            paths: paths, probeTimeoutMilliseconds: probeTimeout, stateDirOverride: stateDir.stateDir,
            tokenRefusal: config.tokenRefusal, token: config.token)
        var live = pending?.wait() ?? LiveObservations.none("replaying a snapshot")
        let redactor = redact ? Redactor(hostNames: LocalNames.hostNames(), userNames: LocalNames.userNames(home: home),
                                         learningFrom: facts) : nil
        var fixRefused = false
        if fix {
            let (applied, refused) = runFixes(live: live, configuration: configuration, home: home)
            fixRefused = refused
            // Report the machine as the repairs left it.
            if applied { live = LiveGatherer.gather(configuration: configuration, home: home, sources: sources) }
        }
        let report = Doctor.report(facts: facts, configuration: configuration, live: live, selection: selection, redactor: redactor)
        if json.json {
            Output.out(JSONRenderer.render(report))
        } else {
            let colour = TextRenderer.shouldColour(isTerminal: isatty(1) == 1, environment: environment)
            Output.out(TextRenderer(verbose: verbose, colour: colour).render(report))
        }
        if report.exitCode != 0 { throw ExitCode(report.exitCode) }
        // A repair that was refused or failed left something for a person: never exit 0.
        if fixRefused { throw ExitCode(1) }
    }

    /// Lists every planned repair with its before and after; applies them unless `--dry-run`. On stderr with
    /// `--json` (stdout holds the one JSON object). Returns whether anything was applied, and whether a repair failed.
    private func runFixes(live: LiveObservations, configuration: DoctorConfiguration, home: String) -> (applied: Bool, failed: Bool) {
        let fixes = SafeFixes.plan(live: live, configuration: configuration, home: home,
                                   executable: DoctorEnvironment.openclawExecutable())
        let toStderr = json.json
        func sink(_ text: String) { if toStderr { Output.err(text) } else { Output.out(text) } }
        if fixes.isEmpty { sink("fix: nothing to repair\n") }
        var applied = false
        var failed = false
        for f in fixes {
            sink("fix [\(f.checkId)]\n  before: \(f.before)\n  after:  \(f.after)\n")
            if dryRun { sink("  dry run: not applied\n"); continue }
            if let error = SafeFixes.apply(f) {
                sink("  failed: \(error)\n")
                failed = true
            } else {
                sink("  applied\n")
                applied = true
            }
        }
        if !fixes.isEmpty { sink("\n") }
        return (applied, failed)
    }
}

/// `openclaw-doctor capture [--output FILE [--force]] [--no-redact]`: this machine as a capture.
public struct DoctorCaptureCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "capture",
        abstract: "Write this machine as a capture (redacted by default) for `--snapshot` or a bug report.")

    @Option(name: .shortAndLong, help: "Write to this file instead of standard output (a device or FIFO is written to, a regular file replaced atomically).")
    public var output: String?

    @Flag(help: "With --output: write through a symbolic link, or over another user's file (in place).")
    public var force = false

    @Flag(name: .customLong("no-redact"), help: "Keep addresses, MACs, host and user names as they are.")
    public var noRedact = false

    @OptionGroup public var journal: JournalDirOption

    public init() {}

    public func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let home = DoctorEnvironment.home(environment)
        let port = try DoctorEnvironment.configuredPort(environment: environment, home: home)
        let facts = LiveReader(options: journal.readerOptions(
            try DoctorEnvironment.readerOptions(environment), port: port, environment: environment)).read()
        let shown = noRedact ? facts
            : Redactor(hostNames: LocalNames.hostNames(), userNames: LocalNames.userNames(home: home), learningFrom: facts).redact(facts)
        let text = CaptureWriter.write(shown)
        if let output {
            do {
                try CaptureOutputFile.write(text, to: output, force: force, unredacted: noRedact)
            } catch {
                throw DoctorFailure(code: error.code, message: error.message)
            }
            Output.err("wrote \(output)\(noRedact ? "" : " (redacted)")\n")
        } else {
            Output.out(text)
        }
    }
}

/// An error that makes the doctor exit 2, with a stable code for the JSON error object.
public struct DoctorFailure: Error, CustomStringConvertible {
    public var code: String
    public var message: String
    public var description: String { message }
}

/// The `openclaw-doctor` executable's root: the same subcommands as `openclaw doctor`.
public struct OpenClawDoctorCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "openclaw-doctor",
        abstract: DoctorCommand.configuration.abstract,
        discussion: DoctorCommand.configuration.discussion,
        version: ToolVersion.line("openclaw-doctor"),
        subcommands: [DoctorReportCommand.self, DoctorCaptureCommand.self, DoctorTriageCommand.self, DoctorBugreportCommand.self],
        defaultSubcommand: DoctorReportCommand.self)

    public init() {}
}
