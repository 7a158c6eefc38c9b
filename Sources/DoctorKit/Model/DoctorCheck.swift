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
    /// The live observations it reads (sockets, the lock, processes, unit files); empty for checks over facts only.
    public let liveSources: Set<LiveSource>
    public let evaluate: @Sendable (DoctorInputs) throws -> CheckResult
    /// Whether it also evaluates a replayed snapshot from what the capture holds (`gateway.port` reads the capture's
    /// `/proc/net/tcp{,6}` LISTEN rows); such a check says itself when the capture lacks them.
    public let replaysFromFacts: Bool

    public init(
        id: String, summary: String, liveSources: Set<LiveSource> = [], replaysFromFacts: Bool = false,
        evaluate: @escaping @Sendable (DoctorInputs) throws -> CheckResult
    ) {
        self.replaysFromFacts = replaysFromFacts
        self.id = id
        self.summary = summary
        self.liveSources = liveSources
        self.evaluate = evaluate
    }

    /// Whether it needs the live machine; such checks are `skip` with `--snapshot` (unless `replaysFromFacts`).
    public var needsLive: Bool { !liveSources.isEmpty }
}

/// Which checks to run: `--only ID` (repeatable) and `--skip ID` (repeatable).
public struct CheckSelection: Sendable, Equatable {
    public var only: [String]
    public var skip: [String]

    public init(only: [String] = [], skip: [String] = []) {
        self.only = only
        self.skip = skip
    }

    /// Ids named in `only` or `skip` that no check has, for a clear usage error (each named once, in order).
    public func unknownIDs(in checks: [DoctorCheck]) -> [String] {
        let known = Set(checks.map(\.id))
        var seen: Set<String> = []
        return (only + skip).filter { !known.contains($0) && seen.insert($0).inserted }
    }

    /// Whether `check` is evaluated (not left out by `only`, not skipped by `skip`).
    public func runs(_ check: DoctorCheck) -> Bool {
        (only.isEmpty || only.contains(check.id)) && !skip.contains(check.id)
    }

    /// The live sources the checks that run need.
    public func liveSources(of checks: [DoctorCheck]) -> Set<LiveSource> {
        checks.filter(runs).reduce(into: Set<LiveSource>()) { $0.formUnion($1.liveSources) }
    }
}

/// Runs checks over gathered inputs. A check that throws is reported as `fail`, never fatal.
public enum CheckRunner {
    public static func run(_ checks: [DoctorCheck], inputs: DoctorInputs, selection: CheckSelection = CheckSelection()) -> [CheckResult] {
        checks.compactMap { check -> CheckResult? in
            if !selection.only.isEmpty && !selection.only.contains(check.id) { return nil }
            if selection.skip.contains(check.id) {
                return CheckResult(id: check.id, status: .skip, title: "skipped (--skip \(check.id))",
                                   data: ["reason": "skipped by --skip"])
            }
            if check.needsLive && !inputs.isLive && !check.replaysFromFacts {
                return CheckResult(id: check.id, status: .skip, title: "needs the live machine (replaying a snapshot)",
                                   data: ["reason": "snapshot"])
            }
            do {
                var result = try check.evaluate(inputs)
                // A skip always says why, for people and for `data.reason` in the JSON.
                if result.status == .skip, result.data["reason"] == nil {
                    var data: [String: JSONValue] = ["reason": .string(result.title)]
                    if case .object(let more) = result.data { data.merge(more) { kept, _ in kept } }
                    result.data = .object(data)
                }
                return result
            } catch {
                return CheckResult(id: check.id, status: .fail, title: "the check itself failed: \(error)",
                                   data: ["error": .string(String(describing: error))])
            }
        }
    }
}
