extension SafeFixes {
    /// What `run` did: whether a repair was applied (the report then gathers the machine again), and whether one
    /// failed or was refused (the report then never exits 0).
    public struct RunOutcome: Sendable, Equatable {
        public var applied: Bool
        public var failed: Bool
    }

    /// `--fix`: lists every planned repair as `fix [CHECK]`, `  before: ...`, `  after:  ...`, then `  applied`,
    /// `  failed: WHY` or `  dry run: not applied`, a blank line after the list (`fix: nothing to repair` when it is
    /// empty), each piece through `sink`; applies them in order (`SafeFixes.apply`) unless
    /// `dryRun`.
    public static func run(
        _ fixes: [PlannedFix], dryRun: Bool, sink: (String) -> Void
    ) -> RunOutcome {
        if fixes.isEmpty { sink("fix: nothing to repair\n") }
        var outcome = RunOutcome(applied: false, failed: false)
        for f in fixes {
            sink("fix [\(f.checkId)]\n  before: \(f.before)\n  after:  \(f.after)\n")
            if dryRun { sink("  dry run: not applied\n"); continue }
            if let error = apply(f) {
                sink("  failed: \(error)\n")
                outcome.failed = true
            } else {
                sink("  applied\n")
                outcome.applied = true
            }
        }
        if !fixes.isEmpty { sink("\n") }
        return outcome
    }
}
