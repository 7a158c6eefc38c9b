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

/// `openclaw-doctor bugreport [-o FILE] [--record [SECONDS]]`: one redacted text file to attach to an issue
/// (`BugReportFormat`): a header, the snapshot(s) of this machine with the gateway unit's journal, and the report
/// as JSON. Progress goes to stderr; stdout gets the file's path and nothing else. See docs/doctor.md.
public struct DoctorBugreportCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "bugreport",
        abstract: "Write one redacted file for a bug report: capture(s) with the gateway's journal, and the report as JSON.")

    @Option(name: .shortAndLong, help: "The file to write (default: openclaw-bugreport-YYYYMMDD-HHMMSS.txt here).")
    public var output: String?

    @OptionGroup public var force: OutputForceOption

    @Flag(help: "Take a snapshot, wait while you reproduce the problem (Enter, or SECONDS), take a second one.")
    public var record = false

    @Argument(help: "With --record: wait this many seconds (1-3600) instead of for Enter.")
    public var seconds: Int?

    @OptionGroup public var port: PortOption
    @OptionGroup public var stateDir: StateDirOption
    @OptionGroup public var journal: JournalDirOption

    // The root's options this command does not take: given after `bugreport`, they are refused, not ignored.
    @OptionGroup(visibility: .private) var rootJSON: JSONOption
    @OptionGroup(visibility: .private) var rootVerbose: VerboseOption
    @OptionGroup(visibility: .private) var rootRedact: RedactOption
    @OptionGroup(visibility: .private) var rootOnly: DoctorReportOnlyOptions
    @OptionGroup(visibility: .private) var rootPlan: StartPlanOptions
    @OptionGroup(visibility: .private) var rootProbeTimeout: ProbeTimeoutOption

    public init() {}

    public func validate() throws {
        try DoctorRootOptions.refuse([rootJSON, rootVerbose, rootRedact, rootOnly, rootPlan, rootProbeTimeout], in: "bugreport")
        if seconds != nil && !record { throw ValidationError("SECONDS goes with --record") }
        if let seconds, !(1...3600).contains(seconds) { throw ValidationError("--record SECONDS must be 1 to 3600") }
    }

    public func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let home = DoctorEnvironment.home(environment)
        let paths = GatewayPaths.resolveInWorkingDirectory(stateDirOverride: stateDir.stateDir, environment: environment, home: home)
        let settings = try DoctorEnvironment.settings(stateDirectory: paths.stateDirectory, environment: environment, portOption: port.explicitPort)
        // `::1` availability is the view's judgement of the last snapshot (SituationView), as for the report and triage.
        let configuration = DoctorConfiguration.assemble(settings: settings, portOption: port.explicitPort, paths: paths,
                                                         stateDirOverride: stateDir.stateDir)
        let effectivePort = configuration.port
        let reader = LiveReader(options: journal.readerOptions(
            try DoctorEnvironment.readerOptions(environment), port: effectivePort, environment: environment))

        var snapshots: [BugReport.Snapshot] = []
        if record {
            Output.err("bugreport: snapshot 1 of 2 ...\n")
            snapshots.append(BugReport.Snapshot(facts: reader.read(), taken: Date(), title: "before reproducing"))
            if let seconds {
                Output.err("bugreport: reproduce the problem now; the second snapshot follows in \(seconds) s\n")
                // sleep(3) returns early when a signal handler ran: sleep out the rest.
                var left = UInt32(clamping: max(0, seconds))
                while left > 0 { left = sleep(left) }
            } else {
                Output.err("bugreport: reproduce the problem now, then press Enter\n")
                _ = readLine()
            }
        }
        Output.err("bugreport: snapshot \(record ? "2 of 2" : "1 of 1") and live checks ...\n")
        let pending = LiveGatherer.begin(port: effectivePort, paths: paths, probeTimeoutMilliseconds: 500, home: home,
                                         windows: (try? WindowsToolOptions.from(environment)) ?? WindowsToolRunner.Options())
        snapshots.append(BugReport.Snapshot(facts: reader.read(), taken: Date(), title: record ? "after reproducing" : "this machine"))
        let live = pending.wait()
        // The last snapshot carries the reachability probes as seen (section `reach`), so a replay shows the matrix.
        if let reach = live.reach.value {
            snapshots[snapshots.count - 1].facts.reach = ReachSection.write(reach.observations, bootId: reach.bootId)
        }

        let last = snapshots[snapshots.count - 1].facts
        let redactor = Redactor(hostNames: LocalNames.hostNames(), userNames: LocalNames.userNames(home: home),
                                learningFrom: BugReport.learningFacts(snapshots.map(\.facts)))
        let report = Doctor.report(facts: last, configuration: configuration, live: live, redactor: redactor)
        let text = BugReport.assemble(
            snapshots: snapshots.map { BugReport.Snapshot(facts: redactor.redact($0.facts), taken: $0.taken, title: $0.title) },
            reportJSON: JSONRenderer.render(report), recordedFrom: record ? snapshots.first?.taken : nil, now: Date())
        let path = output ?? BugReport.defaultName(Date())
        do {
            try BugReport.writeFile(text, to: path, force: force.force)
        } catch {
            throw DoctorFailure(code: error.code, message: error.message)
        }
        Output.err("bugreport: wrote \(path) (redacted: read it before you attach it)\n")
        Output.out(path + "\n")
    }
}
