import ArgumentParser
import DoctorKit
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif
import Gateway
import GatewayLive
import NetProbe
import NetProbeLive

/// `openclaw doctor`: the environment report is this command's own `run()` (its options are `DoctorReportArguments`),
/// and `capture`, `triage`, `bugreport` (and `report`, the same report by name) are its subcommands, so
/// argument-parser's own help page lists the report's options beside the subcommands.
public struct DoctorCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Report what this machine is, what the gateway will do here, and what is wrong.",
        discussion: DoctorReportArguments.discussion,
        subcommands: DoctorReportArguments.subcommands)

    @OptionGroup public var report: DoctorReportArguments

    public init() {}

    public func run() throws { try report.run() }
}

/// `openclaw-doctor`: the same command as `openclaw doctor` under the executable's other name (`ProgramName`).
public struct OpenClawDoctorCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "openclaw-doctor",
        abstract: DoctorCommand.configuration.abstract,
        discussion: DoctorReportArguments.discussion,
        version: ToolVersion.line("openclaw-doctor"),
        subcommands: DoctorReportArguments.subcommands)

    @OptionGroup public var report: DoctorReportArguments

    public init() {}

    public func run() throws { try report.run() }
}

/// `openclaw-doctor report`: the report by name (the root's `run()` without a subcommand is the same).
public struct DoctorReportCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Print the environment report (what the doctor does without a subcommand).")

    @OptionGroup public var report: DoctorReportArguments

    public init() {}

    public func run() throws { try report.run() }
}

/// The report's options (`openclaw-doctor [--snapshot PATH] [--json] [-v] [--port N] [--only ID] [--skip ID] [--fix] ...`)
/// and the report itself. The root commands hold it, so a subcommand that takes one of its groups (`PortOption`,
/// `JSONOption`, ...) receives the value given anywhere on the line, and refuses the ones it does not take
/// (`DoctorRootOptions`).
public struct DoctorReportArguments: ParsableArguments {
    static let discussion = """
        Exit codes: 0 no warning or failure; 1 at least one warning or failure; 2 the doctor itself could not \
        run (unreadable snapshot, malformed configuration, output that cannot be written); 64 bad arguments \
        (EX_USAGE). Without a subcommand the doctor prints the report, whose options are listed here. \
        See docs/doctor.md.
        """

    static let subcommands: [any ParsableCommand.Type] = [
        DoctorReportCommand.self, DoctorCaptureCommand.self, DoctorTriageCommand.self, DoctorBugreportCommand.self,
    ]

    @OptionGroup public var port: PortOption
    @OptionGroup public var stateDir: StateDirOption
    @OptionGroup public var json: JSONOption
    @OptionGroup public var journal: JournalDirOption
    @OptionGroup public var verbosity: VerboseOption
    @OptionGroup public var redaction: RedactOption
    @OptionGroup public var reportOnly: DoctorReportOnlyOptions
    @OptionGroup public var plan: StartPlanOptions
    @OptionGroup public var probeTimeout: ProbeTimeoutOption

    public init() {}

    public func run() throws {
        let (snapshot, fix, verbose, redact) = (reportOnly.snapshot, reportOnly.fix, verbosity.verbose, redaction.redact)
        let (bind, bindHost, instanceCheck, probeTimeout) = (plan.bind, plan.bindHost, plan.instanceCheck, self.probeTimeout.milliseconds)
        if reportOnly.listChecks {
            // `--json` is one JSON object on stdout, here too (it printed the text list).
            if json.json { return Output.out(JSONRenderer.render(DoctorCheckList(checks: DoctorChecks.all))) }
            for check in DoctorChecks.all {
                let live = check.needsLive ? " (live)" : ""
                Output.out("\(check.id)\(live)\t\(check.summary)\n")
            }
            return
        }
        let environment = ProcessInfo.processInfo.environment
        let home = DoctorEnvironment.home(environment)
        let paths = GatewayPaths.resolveInWorkingDirectory(stateDirOverride: stateDir.stateDir, environment: environment, home: home)
        // A replay plans another machine's capture: THIS machine's openclaw.json and OPENCLAW_GATEWAY_* are not read
        // (a malformed local file cannot abort it); only the options given apply.
        let settings = snapshot == nil
            ? try DoctorEnvironment.settings(stateDirectory: paths.stateDirectory, environment: environment, portOption: port.explicitPort,
                                             bindOption: bind, bindHostOption: bindHost) : .none
        let assemble = { (portOption: UInt16?) in
            DoctorConfiguration.assemble(
                settings: settings, portOption: portOption, bind: bind, bindHost: bindHost, instanceCheck: instanceCheck,
                paths: paths, probeTimeoutMilliseconds: probeTimeout, stateDirOverride: stateDir.stateDir)
        }
        var configuration = assemble(port.explicitPort)
        let effectivePort = configuration.port
        let selection = CheckSelection(only: reportOnly.only, skip: reportOnly.skip)
        var sources = selection.liveSources(of: DoctorChecks.all)
        if fix { sources.formUnion([.lockDirectory, .units, .stateDirectory]) }

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
                // Without --port, the port the capture's probes were made for (a bug report's `reach` section), not
                // 18789: its cells were re-labelled with 18789 while their answers were of the captured port.
                if port.explicitPort == nil, let probed = ReplayPort.probed(in: replayed) { configuration = assemble(probed) }
                facts = wantsJournal ? journal.applied(to: replayed, port: configuration.port, environment: environment) : replayed
            } catch {
                throw DoctorFailure(code: "snapshot-unreadable", message: "cannot read snapshot \(snapshot): \(error)")
            }
        } else {
            let options = liveOptions ?? LiveReader.Options()
            facts = LiveReader(options: wantsJournal ? journal.readerOptions(options, port: effectivePort, environment: environment) : options).read()
        }
        var live = pending?.wait() ?? LiveObservations.none("replaying a snapshot")
        let redactor = redact ? Redactor(hostNames: LocalNames.hostNames(), userNames: LocalNames.userNames(home: home),
                                         learningFrom: facts) : nil
        var fixRefused = false
        if fix {
            let fixes = SafeFixes.plan(live: live, configuration: configuration, home: home,
                                       executable: DoctorEnvironment.openclawExecutable())
            // On stderr with `--json` (stdout holds the one JSON object).
            let toStderr = json.json
            let outcome = SafeFixes.run(fixes, dryRun: reportOnly.dryRun) { if toStderr { Output.err($0) } else { Output.out($0) } }
            fixRefused = outcome.failed
            // Report the machine as the repairs left it.
            if outcome.applied { live = LiveGatherer.gather(configuration: configuration, home: home, sources: sources) }
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

}

/// `openclaw-doctor capture [--output FILE [--force]] [--no-redact]`: this machine as a capture.
public struct DoctorCaptureCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "capture",
        abstract: "Write this machine as a capture (redacted by default) for `--snapshot` or a bug report.")

    @Option(name: .shortAndLong, help: "Write to this file instead of standard output (a device or FIFO is written to, a regular file replaced atomically).")
    public var output: String?

    @OptionGroup public var force: OutputForceOption

    @Flag(name: .customLong("no-redact"), help: "Keep addresses, MACs, host and user names as they are.")
    public var noRedact = false

    @OptionGroup public var journal: JournalDirOption

    // The root's options this command does not take: given after `capture`, they are refused, not ignored.
    @OptionGroup(visibility: .private) var rootPort: PortOption
    @OptionGroup(visibility: .private) var rootStateDir: StateDirOption
    @OptionGroup(visibility: .private) var rootJSON: JSONOption
    @OptionGroup(visibility: .private) var rootVerbose: VerboseOption
    @OptionGroup(visibility: .private) var rootRedact: RedactOption
    @OptionGroup(visibility: .private) var rootOnly: DoctorReportOnlyOptions
    @OptionGroup(visibility: .private) var rootPlan: StartPlanOptions
    @OptionGroup(visibility: .private) var rootProbeTimeout: ProbeTimeoutOption

    public init() {}

    public func validate() throws {
        try DoctorRootOptions.refuse([rootPort, rootStateDir, rootJSON, rootVerbose, rootRedact, rootOnly, rootPlan, rootProbeTimeout],
                                     in: "capture")
    }

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
                try CaptureOutputFile.write(text, to: output, force: force.force, unredacted: noRedact)
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
