import ArgumentParser
import DoctorKit
import FoundationEssentials
import Gateway
import NetProbe
#if canImport(Glibc)
import Glibc
#endif

/// `openclaw-doctor bugreport [-o FILE] [--record [SECONDS]]`: one redacted text file to attach to an issue
/// (`BugReportFormat`): a header, the snapshot(s) of this machine with the gateway unit's journal, and the report
/// as JSON. Progress goes to stderr; stdout gets the file's path and nothing else. See docs/doctor.md.
public struct DoctorBugreportCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "bugreport",
        abstract: "Write one redacted file for a bug report: capture(s) with the gateway's journal, and the report as JSON.")

    @Option(name: .shortAndLong, help: "The file to write (default: openclaw-bugreport-YYYYMMDD-HHMMSS.txt here).")
    public var output: String?

    @Flag(help: "With --output: write through a symbolic link, or over another user's file (in place).")
    public var force = false

    @Flag(help: "Take a snapshot, wait while you reproduce the problem (Enter, or SECONDS), take a second one.")
    public var record = false

    @Argument(help: "With --record: wait this many seconds (1-3600) instead of for Enter.")
    public var seconds: Int?

    @OptionGroup public var port: PortOption
    @OptionGroup public var stateDir: StateDirOption
    @OptionGroup public var journal: JournalDirOption

    public init() {}

    public func validate() throws {
        if seconds != nil && !record { throw ValidationError("SECONDS goes with --record") }
        if let seconds, !(1...3600).contains(seconds) { throw ValidationError("--record SECONDS must be 1 to 3600") }
    }

    public func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let home = DoctorEnvironment.home(environment)
        let paths = GatewayPaths.resolve(stateDirOverride: stateDir.stateDir, environment: environment, home: home)
        let config = try GatewayConfigFile.load(stateDirectory: paths.stateDirectory, environment: environment)
        let effectivePort = port.wasGiven ? port.port : (config.port ?? port.port)
        let reader = LiveReader(options: journal.readerOptions(
            try DoctorEnvironment.readerOptions(environment), port: effectivePort, environment: environment))

        var snapshots: [(facts: MachineFacts, taken: Date, title: String)] = []
        if record {
            Output.err("bugreport: snapshot 1 of 2 ...\n")
            snapshots.append((reader.read(), Date(), "before reproducing"))
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
        snapshots.append((reader.read(), Date(), record ? "after reproducing" : "this machine"))
        let live = pending.wait()
        // The last snapshot carries the reachability probes as seen (section `reach`), so a replay shows the matrix.
        if let reach = live.reach.value {
            snapshots[snapshots.count - 1].facts.reach = ReachSection.write(reach.observations, bootId: reach.bootId)
        }

        let last = snapshots[snapshots.count - 1].facts
        let configuration = DoctorConfiguration(
            port: effectivePort,
            start: config.start(port: effectivePort, bind: nil, bindHost: nil, instanceCheck: .auto),
            // `::1` availability is the view's judgement of `last` (SituationView), as for the report and triage.
            paths: paths, stateDirOverride: stateDir.stateDir, tokenRefusal: config.tokenRefusal, token: config.token)
        let redactor = Redactor(hostNames: LocalNames.hostNames(), userNames: LocalNames.userNames(home: home),
                                learningFrom: BugReport.learningFacts(snapshots.map(\.facts)))
        let report = Doctor.report(facts: last, configuration: configuration, live: live, redactor: redactor)
        let text = BugReport.assemble(
            snapshots: snapshots.map { (facts: redactor.redact($0.facts), taken: $0.taken, title: $0.title) },
            reportJSON: JSONRenderer.render(report), recordedFrom: record ? snapshots.first?.taken : nil, now: Date())
        let path = output ?? BugReport.defaultName(Date())
        try BugReport.writeFile(text, to: path, force: force)
        Output.err("bugreport: wrote \(path) (redacted: read it before you attach it)\n")
        Output.out(path + "\n")
    }
}

/// The pieces of `bugreport` that are not argument handling.
enum BugReport {
    /// Writes the file by `capture -o`'s rules (`CaptureOutputFile`: a device or FIFO is written to, a symlink or
    /// another user's file refused unless `force`, a regular file replaced atomically); a new file gets mode 0600.
    /// Throws `DoctorFailure` (exit 2) naming the path: `output-refused` or `output-unwritable`.
    static func writeFile(_ text: String, to path: String, force: Bool) throws {
        do {
            try CaptureOutputFile.write(text, to: path, force: force, unredacted: false)
        } catch {
            throw DoctorFailure(code: error.code, message: error.message)
        }
    }

    static func defaultName(_ date: Date) -> String {
        "openclaw-bugreport-\(UTCTime(secondsSince1970: date.timeIntervalSince1970)?.compact ?? "undated").txt"
    }

    /// One facts value holding every snapshot's names, for the redactor to learn from (so both snapshots get the same
    /// tokens, and a name only the second one shows is still replaced in the first).
    static func learningFacts(_ all: [MachineFacts]) -> MachineFacts {
        var merged = all.last ?? MachineFacts(origin: .live)
        merged.hosts = all.compactMap(\.hosts).joined(separator: "\n")
        merged.mountinfo = all.compactMap(\.mountinfo).joined(separator: "\n")
        merged.journal = all.flatMap { $0.journal ?? [] }
        return merged
    }

    /// The file text. `recordedFrom`: the first snapshot's time, for the "journal during the recording" part.
    static func assemble(
        snapshots: [(facts: MachineFacts, taken: Date, title: String)], reportJSON: String, recordedFrom: Date?, now: Date
    ) -> String {
        let last = snapshots.last?.facts
        let entries = last?.journal?.reduce(0) { $0 + $1.entries.count } ?? 0
        let skipped = (last?.journal ?? []).compactMap(\.skipped) + (last?.systemdShow ?? []).compactMap(\.skipped)
        var header = [
            "Written by `openclaw-doctor bugreport` (openclaw-netprobe \(NetProbeVersion.string)) at \(UTCTime.iso8601(now)).",
            "It holds: \(snapshots.count) snapshot(s) of the machine (capture format v1, see docs/capture-format.md) with the",
            "gateway unit's systemd state and journal, \(recordedFrom != nil ? "the journal lines written during the recording, " : "")and the doctor's report as JSON.",
            "REDACTED: IP addresses, MAC addresses, host and user names are replaced by consistent tokens (host-1, user-1, ...);",
            "tokens and passwords in journal messages and command lines (--token, *_TOKEN=, Authorization:) are masked as ***.",
            "Read it before you attach it.",
            "versions: openclaw-doctor \(NetProbeVersion.string), gateway protocol \(GatewayVersion.protocolVersion); kernel \(last?.osRelease ?? "unknown")",
            "journal: \(entries) entries in the last snapshot\(skipped.isEmpty ? "" : "; not read: " + skipped.joined(separator: "; "))",
            "Replay: openclaw-doctor --snapshot THIS_FILE (reads the last snapshot)",
        ]
        if let recordedFrom { header.append("recording: from \(UTCTime.iso8601(recordedFrom)) to \(UTCTime.iso8601(snapshots.last?.taken ?? now))") }
        var parts: [BugReportFormat.Part] = []
        for (index, snapshot) in snapshots.enumerated() {
            parts.append(BugReportFormat.Part(
                title: "snapshot \(index + 1) of \(snapshots.count): \(snapshot.title) (\(UTCTime.iso8601(snapshot.taken)))",
                body: CaptureWriter.write(snapshot.facts)))
        }
        if let recordedFrom, let last {
            var between = MachineFacts(origin: last.origin)
            between.journal = journalSince(last.journal ?? [], microseconds: UInt64(max(0, recordedFrom.timeIntervalSince1970) * 1_000_000))
            let body = CaptureWriter.write(between).split(separator: "\n", omittingEmptySubsequences: false)
                .filter { !$0.hasPrefix("# ") }.joined(separator: "\n")
            parts.append(BugReportFormat.Part(title: "journal during the recording", body: body))
        }
        parts.append(BugReportFormat.Part(title: "report (JSON)", body: reportJSON))
        return BugReportFormat.write(header: header, parts: parts)
    }

    /// The queries with only the entries at or after `microseconds` (`__REALTIME_TIMESTAMP`).
    static func journalSince(_ queries: [JournalQuery], microseconds: UInt64) -> [JournalQuery] {
        queries.map { q in
            var c = q
            c.entries = q.entries.filter { ($0.realtimeMicroseconds ?? 0) >= microseconds }
            return c
        }
    }
}
