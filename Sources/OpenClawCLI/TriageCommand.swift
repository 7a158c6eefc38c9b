import ArgumentParser
import DoctorKit
import Foundation
import Gateway
import NetProbe

/// `openclaw-doctor triage [FILE|-] [--json] [--capture-out FILE [--force]] [--redact] [-v] [--port N]`: the report for a
/// PASTED report (a whole issue body), plus what was read, what was left out, and what would decide it.
///
/// Exit codes: 0 a verdict of medium or high confidence; 1 the verdict is unknown or of low confidence, or nothing
/// recognisable was found (ask for what "what would decide it" lists); 2 the triage itself could not run (bad
/// arguments, unreadable input, unwritable `--capture-out`).
public struct DoctorTriageCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "triage",
        abstract: "Read a pasted report (an issue body: markdown, prompts, ip/ifconfig/uname/.wslconfig, Windows netstat/netsh/tasklist/wsl.exe, journalctl outputs, WSL messages) and report on it.",
        discussion: """
            Prints the verdict and evidence, the checks that need no live machine, the blocks read and left out, \
            and what would decide it: the exact commands to ask the reporter for. Exit codes: 0 a verdict of \
            medium or high confidence; 1 unknown, low confidence or nothing recognisable; 2 could not run. \
            See docs/doctor.md.
            """)

    @Argument(help: "The report: a file (UTF-8, or UTF-16 with a byte order mark; any line ends), or - for standard input.")
    public var input: String = "-"

    /// Not `PortOption`: triage reads no environment and no configuration file, only the pasted report.
    @Option(name: .customLong("port"), help: "The gateway port the plan is made for (default 18789; the environment and openclaw.json are not read).")
    public var port: UInt16 = 18789
    @OptionGroup public var json: JSONOption

    @Option(name: .customLong("capture-out"), help: "Also write the capture derived from the report to this file (replay it with --snapshot).")
    public var captureOut: String?

    @Flag(help: "With --capture-out: write through a symbolic link, or over another user's file (in place).")
    public var force = false

    @Flag(help: "Replace addresses, MACs, host and user names (also those the pasted prompts show) with consistent tokens.")
    public var redact = false

    @Flag(name: .shortAndLong, help: "Show every signal and every detail.")
    public var verbose = false

    public init() {}

    public func validate() throws {
        if captureOut == "-" { throw ValidationError("--capture-out needs a file path (standard output holds the report)") }
        if port == 0 { throw ValidationError("--port must be 1 to 65535 (port 0 would let the kernel pick a random port)") }
    }

    public func run() throws {
        let reading = try read()
        let redactor = redact
            ? Redactor(hostNames: reading.promptHosts, userNames: reading.promptUsers, learningFrom: reading.facts) : nil
        if let captureOut {
            let text = redactor.map { CaptureWriter.write($0.redact(reading.facts)) } ?? reading.captureText
            // `capture -o`'s rules: a device or FIFO is written to, never replaced by a regular file.
            do {
                try CaptureOutputFile.write(text, to: captureOut, force: force, unredacted: redactor == nil)
            } catch {
                throw DoctorFailure(code: error.code, message: error.message)
            }
        }
        let portNumber = port
        let paths = GatewayPaths(stateDirectory: "/nonexistent/openclaw-triage", lockDirectory: "/nonexistent/openclaw-triage")
        let configuration = DoctorConfiguration(
            port: portNumber,
            start: StartConfiguration(port: portNumber, bindMode: .loopback, bindHost: nil, instanceCheck: .auto,
                                      tokenPresent: false),
            paths: paths)
        var report = Doctor.report(facts: reading.facts, configuration: configuration,
                                   live: LiveObservations.none("triage of a pasted report"), redactor: redactor)
        // The decision is made on the facts as shown (redaction keeps every verdict).
        let shown = redactor.map { $0.redact(reading.facts) } ?? reading.facts
        var part = TriagePart(input: input, blocks: reading.blocks,
                              wouldDecide: DecidingFacts.missing(shown, verdict: report.environment, port: Int(portNumber)),
                              captureOut: captureOut)
        if let redactor { part = part.scrubbed(by: redactor) }
        part = part.shown()
        report.triage = part
        if json.json {
            Output.out(JSONRenderer.render(report))
        } else {
            let colour = TextRenderer.shouldColour(isTerminal: isatty(1) == 1, environment: ProcessInfo.processInfo.environment)
            Output.out(TextRenderer(verbose: verbose, colour: colour).render(report) + part.renderText())
        }
        let code = TriageExit.code(report: report)
        if code != 0 { throw ExitCode(code) }
    }

    private func read() throws -> IssueReportReader.Reading {
        if input == "-" {
            var bytes: [UInt8] = []
            do {
                // Bounded like a capture file: a report is kilobytes, never more than the limit.
                while let chunk = try FileHandle.standardInput.read(upToCount: 65536), !chunk.isEmpty {
                    bytes += chunk
                    if bytes.count > IssueReportReader.sizeLimit {
                        throw DoctorFailure(code: "input-unreadable",
                                            message: "standard input is larger than \(IssueReportReader.sizeLimit) bytes")
                    }
                }
            } catch let failure as DoctorFailure {
                throw failure
            } catch {
                throw DoctorFailure(code: "input-unreadable", message: "cannot read standard input: \(error.localizedDescription)")
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

/// The triage exit code: 0 for a verdict of medium or high confidence, 1 otherwise (unknown, low, nothing read).
public enum TriageExit {
    public static func code(report: DoctorReport) -> Int32 {
        let verdict = report.environment
        let used = report.triage?.blocks.contains { $0.section != nil } ?? false
        return verdict.kind != .unknown && verdict.confidence != .low && used ? 0 : 1
    }
}
