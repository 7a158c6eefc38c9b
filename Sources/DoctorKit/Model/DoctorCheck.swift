import NetProbe
/// One doctor check: a stable id, what it looks at, and a pure evaluation over `DoctorInputs`.
///
/// Checks never read the machine themselves: the shell gathers facts and live observations first
/// (concurrently, each with its own time limit), then every check is a function of those values, so
/// the same check gives the same answer on a live machine and on a replayed capture.
public struct DoctorCheck: Sendable {
    public let id: String
    /// What the check is about, for `--list-checks`.
    public let summary: String
    /// Whether it needs the live machine (sockets, the lock, processes); such checks are `skip` with `--snapshot`.
    public let needsLive: Bool
    public let evaluate: @Sendable (DoctorInputs) throws -> CheckResult

    public init(id: String, summary: String, needsLive: Bool, evaluate: @escaping @Sendable (DoctorInputs) throws -> CheckResult) {
        self.id = id
        self.summary = summary
        self.needsLive = needsLive
        self.evaluate = evaluate
    }
}

/// Which checks to run: `--only ID` (repeatable) and `--skip ID` (repeatable).
public struct CheckSelection: Sendable, Equatable {
    public var only: [String]
    public var skip: [String]

    public init(only: [String] = [], skip: [String] = []) {
        self.only = only
        self.skip = skip
    }

    /// Ids named in `only` or `skip` that no check has, for a clear usage error.
    public func unknownIDs(in checks: [DoctorCheck]) -> [String] {
        let known = Set(checks.map(\.id))
        return (only + skip).filter { !known.contains($0) }
    }
}

/// Runs checks over gathered inputs. A check that throws is reported as `fail`, never fatal.
public enum CheckRunner {
    public static func run(_ checks: [DoctorCheck], inputs: DoctorInputs, selection: CheckSelection = CheckSelection()) -> [CheckResult] {
        checks.compactMap { check -> CheckResult? in
            if !selection.only.isEmpty && !selection.only.contains(check.id) { return nil }
            if selection.skip.contains(check.id) {
                return CheckResult(id: check.id, status: .skip, title: "skipped (--skip \(check.id))", data: ["reason": "skipped by --skip"])
            }
            if check.needsLive && !inputs.isLive {
                return CheckResult(id: check.id, status: .skip, title: "needs the live machine (replaying a snapshot)",
                                   data: ["reason": "snapshot"])
            }
            do {
                return try check.evaluate(inputs)
            } catch {
                return CheckResult(id: check.id, status: .fail, title: "the check itself failed: \(error)",
                                   data: ["error": .string(String(describing: error))])
            }
        }
    }
}
