import ArgumentParser
import DoctorKit

/// The report's own options (no subcommand takes them): what to read, which checks, and the repairs.
public struct DoctorReportOnlyOptions: ParsableArguments, Sendable {
    @Option(help: "Replay a capture (file or directory, or a bug report's last snapshot) instead of reading this machine.")
    public var snapshot: String?

    @Flag(name: .customLong("list-checks"), help: "List the checks with their ids and exit.")
    public var listChecks = false

    @Option(name: .customLong("only"), help: "Run only this check (repeatable).")
    public var only: [String] = []

    @Option(name: .customLong("skip"), help: "Skip this check (repeatable).")
    public var skip: [String] = []

    @Flag(help: "Apply safe local repairs (lock directory, systemd user unit); never touches Windows files.")
    public var fix = false

    @Flag(name: .customLong("dry-run"), help: "With --fix: show what would be done, do nothing.")
    public var dryRun = false

    public init() {}

    public func validate() throws {
        let unknown = CheckSelection(only: only, skip: skip).unknownIDs(in: DoctorChecks.all)
        if !unknown.isEmpty {
            throw ValidationError("unknown check id\(unknown.count == 1 ? "" : "s") \(unknown.joined(separator: ", ")); see --list-checks")
        }
        if dryRun && !fix { throw ValidationError("--dry-run goes with --fix") }
        if fix && snapshot != nil { throw ValidationError("--fix repairs this machine; it cannot be combined with --snapshot") }
    }
}

/// An option group that can say which of its options were given (by their long names), so a doctor subcommand can
/// refuse the root's options it does not take.
protocol GivenOptions {
    var givenNames: [String] { get }
}

extension PortOption: GivenOptions { var givenNames: [String] { wasGiven ? ["--port"] : [] } }
extension StateDirOption: GivenOptions { var givenNames: [String] { stateDir != nil ? ["--state-dir"] : [] } }
extension JSONOption: GivenOptions { var givenNames: [String] { json ? ["--json"] : [] } }
extension VerboseOption: GivenOptions { var givenNames: [String] { verbose ? ["--verbose"] : [] } }
extension RedactOption: GivenOptions { var givenNames: [String] { redact ? ["--redact"] : [] } }
extension JournalDirOption: GivenOptions { var givenNames: [String] { journalDir != nil ? ["--journal-dir"] : [] } }
extension ProbeTimeoutOption: GivenOptions { var givenNames: [String] { wasGiven ? ["--probe-timeout"] : [] } }
extension StartPlanOptions: GivenOptions {
    var givenNames: [String] {
        (bind != nil ? ["--bind"] : []) + (bindHost != nil ? ["--bind-host"] : [])
            + (explicitInstanceCheck != nil ? ["--instance-check"] : [])
    }
}
extension DoctorReportOnlyOptions: GivenOptions {
    var givenNames: [String] {
        (snapshot != nil ? ["--snapshot"] : []) + (listChecks ? ["--list-checks"] : []) + (only.isEmpty ? [] : ["--only"])
            + (skip.isEmpty ? [] : ["--skip"]) + (fix ? ["--fix"] : []) + (dryRun ? ["--dry-run"] : [])
    }
}

/// The doctor's root parses its (the report's) options wherever they stand on the line, also after a subcommand's
/// name (argument-parser decodes a parent's options first). A subcommand declares the root's groups it does not
/// take as private groups (it receives the root's values) and refuses any that was given.
enum DoctorRootOptions {
    /// A usage error naming the first option of `groups` that was given: it is the report's, not `command`'s.
    static func refuse(_ groups: [any GivenOptions], in command: String) throws {
        guard let name = groups.flatMap(\.givenNames).first else { return }
        throw ValidationError("\(name) is an option of the report, not of '\(command)'")
    }
}
