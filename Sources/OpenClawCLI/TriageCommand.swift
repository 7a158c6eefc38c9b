import ArgumentParser
import DoctorKit
import FoundationEssentials
import Gateway
import NetProbe
import NetProbeLive
#if canImport(Glibc)
import Glibc
#endif

/// `openclaw-doctor triage [FILE|DIR|-]... [--json] [--capture-out FILE [--force]] [--redact] [-v] [--port N]`: the
/// report for a PASTED report (a whole issue body), plus what was read, what was left out, and what would decide it.
/// More than one input, or a directory: one verdict per report and a summary (`TriageBatch`).
///
/// Exit codes: 0 a verdict of medium or high confidence; 1 the verdict is unknown or of low confidence, or nothing
/// recognisable was found (ask for what "what would decide it" lists); 2 the triage itself could not run (unreadable
/// input, unwritable `--capture-out`); 64 bad arguments (EX_USAGE, as every usage error of both tools). Many reports:
/// 0 every report decided, 1 some undecided, 2 some input unreadable (the others are still triaged) or none found.
public struct DoctorTriageCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "triage",
        abstract: "Read a pasted report (an issue body: markdown, prompts, ip/ifconfig/uname/.wslconfig, Windows netstat/netsh/tasklist/wsl.exe, journalctl outputs, WSL messages) and report on it.",
        discussion: """
            Prints the verdict and evidence, the checks that need no live machine, the blocks read and left out, \
            and what would decide it: the exact commands to ask the reporter for. Exit codes: 0 a verdict of \
            medium or high confidence; 1 unknown, low confidence or nothing recognisable; 2 could not run \
            (unreadable input, unwritable --capture-out); 64 bad arguments. Many reports: 0 every report decided, \
            1 some undecided, 2 some input unreadable or none found. See docs/doctor.md.
            """)

    @Argument(help: "The reports: files (UTF-8, or UTF-16 with a byte order mark; any line ends), directories (every regular file under them, sorted; symbolic links not followed), or - for standard input (the default). More than one, or a directory: one verdict per report, then a summary.")
    public var inputs: [String] = []

    /// `PortOption`, but triage reads no environment and no configuration file, only the pasted report: the plan is
    /// made for `--port`, else 18789.
    @OptionGroup public var port: PortOption
    @OptionGroup public var json: JSONOption

    @Option(name: .customLong("capture-out"), help: "Also write the capture derived from the report to this file (replay it with --snapshot).")
    public var captureOut: String?

    @OptionGroup public var force: OutputForceOption
    @OptionGroup public var redaction: RedactOption
    @OptionGroup public var verbosity: VerboseOption

    // The root's options this command does not take: given after `triage`, they are refused, not ignored.
    @OptionGroup(visibility: .private) var rootStateDir: StateDirOption
    @OptionGroup(visibility: .private) var rootJournal: JournalDirOption
    @OptionGroup(visibility: .private) var rootOnly: DoctorReportOnlyOptions
    @OptionGroup(visibility: .private) var rootPlan: StartPlanOptions
    @OptionGroup(visibility: .private) var rootProbeTimeout: ProbeTimeoutOption

    public init() {}

    public func validate() throws {
        try DoctorRootOptions.refuse([rootStateDir, rootJournal, rootOnly, rootPlan, rootProbeTimeout], in: "triage")
        if captureOut == "-" { throw ValidationError("--capture-out needs a file path (standard output holds the report)") }
        if isBatch, captureOut != nil { throw ValidationError("--capture-out takes one report (it writes one capture); give one FILE") }
    }

    /// More than one input, or a directory: one verdict per report and a summary.
    var isBatch: Bool {
        inputs.count > 1 || inputs.contains { TriageCommandEdge.entryType($0) == .directory }
    }

    public func run() throws {
        if isBatch { return try runBatch() }
        let input = inputs.first ?? "-"
        if input == "-", isatty(0) == 1 { Output.err(TriageBatch.stdinHint) }
        let reading = try read(input)
        let redactor = redaction.redact
            ? Redactor(hostNames: reading.promptHosts, userNames: reading.promptUsers, learningFrom: reading.facts) : nil
        if let captureOut {
            let text = redactor.map { CaptureWriter.write($0.redact(reading.facts)) } ?? reading.captureText
            // `capture -o`'s rules: a device or FIFO is written to, never replaced by a regular file.
            do {
                try CaptureOutputFile.write(text, to: captureOut, force: force.force, unredacted: redactor == nil)
            } catch {
                throw DoctorFailure(code: error.code, message: error.message)
            }
        }
        let report = Doctor.triage(reading, input: input, port: port.explicitPort, redactor: redactor, captureOut: captureOut)
        let part = report.triage ?? TriagePart(input: input, blocks: [], wouldDecide: [], captureOut: captureOut)
        if json.json {
            Output.out(JSONRenderer.render(report))
        } else {
            let colour = TextRenderer.shouldColour(isTerminal: isatty(1) == 1, environment: ProcessInfo.processInfo.environment)
            Output.out(TextRenderer(verbose: verbosity.verbose, colour: colour).render(report) + part.renderText())
        }
        let code = TriageExit.code(report: report)
        if code != 0 { throw ExitCode(code) }
    }

    /// Many reports: each file read and judged on its own (an unreadable one is an error line naming it, the rest go
    /// on), one text block or JSON line each, then the summary; a progress line on stderr when stderr is a terminal.
    private func runBatch() throws {
        let inputs = TriageBatch.expand(self.inputs, type: TriageCommandEdge.entryType, list: TriageCommandEdge.list)
        let progress = isatty(2) == 1
        var outcomes: [TriageBatch.Outcome] = []
        for (index, input) in inputs.enumerated() {
            let outcome: TriageBatch.Outcome
            switch input {
            case .skipped(let path, let why):
                outcome = TriageBatch.Outcome(file: path, skipped: why)
            case .file(let path):
                if progress { Output.err(TriageBatch.progressLine(index: index + 1, count: inputs.count, file: path)) }
                do {
                    let reading = try read(path)
                    let redactor = redaction.redact
                        ? Redactor(hostNames: reading.promptHosts, userNames: reading.promptUsers, learningFrom: reading.facts) : nil
                    outcome = TriageBatch.Outcome(file: path, report: Doctor.triage(reading, input: path, port: port.explicitPort,
                                                                                     redactor: redactor, captureOut: nil))
                } catch {
                    outcome = TriageBatch.Outcome(file: path, error: error.message)
                }
            }
            outcomes.append(outcome)
            if progress { Output.err(TriageBatch.progressEnd) }
            // DEL and C1 controls of a pasted detail escaped, as in every JSON report (`TerminalText.escapedJSON`).
            Output.out(json.json ? TerminalText.escapedJSON(outcome.json.text) + "\n" : outcome.text)
        }
        let summary = TriageBatch.Summary(outcomes)
        Output.out(json.json ? summary.json.text + "\n" : "\n" + summary.text)
        if summary.exitCode != 0 { throw ExitCode(summary.exitCode) }
    }

    private func read(_ input: String) throws(DoctorFailure) -> IssueReportReader.Reading {
        if input == "-" {
            // Bounded like a capture file (`SmallFileReader`'s read of fd 0): a report is kilobytes, never more than the limit.
            let bytes: [UInt8]
            switch SmallFileReader.read(descriptor: 0, limit: IssueReportReader.sizeLimit, size: 65536) {
            case .content(_, truncated: true):
                throw DoctorFailure(code: "input-unreadable",
                                    message: "standard input is larger than \(IssueReportReader.sizeLimit) bytes")
            case .content(let read, truncated: false):
                bytes = read
            case .failed(let code):
                throw DoctorFailure(code: "input-unreadable", message: "cannot read standard input: \(DescriptorWrite.describe(code))")
            case .missing, .notRegular:
                bytes = []
            }
            do {
                return try IssueReportReader.read(bytes: bytes, file: "-")
            } catch {
                throw DoctorFailure(code: "input-unreadable", message: "cannot read the report: \(error)")
            }
        }
        do {
            return try IssueReportReader.load(path: input)
        } catch {
            throw DoctorFailure(code: "input-unreadable", message: "cannot read the report: \(error)")
        }
    }
}

/// The file system half of `triage DIR`: what an entry is (`lstat(2)`: a symbolic link is never followed) and a
/// directory's entries.
enum TriageCommandEdge {
    static func entryType(_ path: String) -> TriageBatch.EntryType? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .regular
        case S_IFDIR: return .directory
        case S_IFLNK: return .symlink
        default: return .other
        }
    }

    static func list(_ directory: String) -> [String]? {
        try? FileManager.default.contentsOfDirectory(atPath: directory)
    }
}
