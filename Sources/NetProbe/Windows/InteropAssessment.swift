/// Whether Windows programs can be run from this Linux, and why not. Pure over `MachineFacts`.
///
/// Sources, in order: `/etc/wsl.conf` `[interop] enabled=false`; binfmt_misc `WSLInterop` (or `-late`) saying
/// `disabled` or missing; the Windows tool runs themselves (an exec failure means interop is off; every run timed out
/// means it hangs).
public struct InteropAssessment: Sendable, Equatable {
    public enum State: String, Sendable, Equatable {
        /// The tools ran (at least one answered).
        case available
        /// Interop is off (wsl.conf, binfmt, or the `.exe` could not be executed).
        case disabled
        /// The tools were started but none answered before the deadline.
        case hung
        /// The tools ran but every one failed (non-zero exit).
        case failing
        /// Nothing is known (a capture without the Windows sections, or the tools were not run).
        case unknown
    }

    public var state: State
    /// Why, in words.
    public var reason: String
    /// The `/etc/wsl.conf` line that turns interop off, when that is the reason.
    public var wslConfLine: Int?
    /// Whether the reason is a missing binfmt_misc entry (neither `WSLInterop` nor `WSLInterop-late` was found where
    /// the reader looked): on WSL, Windows programs cannot run (systemd's `systemd-binfmt` can drop WSL's entry).
    public var binfmtMissing: Bool = false

    public init(state: State, reason: String, wslConfLine: Int?, binfmtMissing: Bool = false) {
        self.state = state
        self.reason = reason
        self.wslConfLine = wslConfLine
        self.binfmtMissing = binfmtMissing
    }

    public static func assess(_ facts: MachineFacts) -> InteropAssessment {
        let windows = facts.windows
        let conf = windows?.wslConf.map { WslConf(parsing: $0) }
        if conf?.interopEnabled == false {
            return InteropAssessment(state: .disabled, reason: "/etc/wsl.conf sets [interop] enabled=false",
                                     wslConfLine: conf?.interopEntry?.line)
        }
        if let binfmt = facts.wslInterop, binfmt.split(separator: "\n").first?.trimmingSpaces() == "disabled" {
            return InteropAssessment(state: .disabled, reason: "binfmt_misc WSLInterop says disabled", wslConfLine: nil)
        }
        let runs = windows?.runs.compactMap { $0.run } ?? []
        // Looked for and absent (not merely "not in the capture"): no binfmt entry, no Windows programs.
        let entries = [ProbedPath.wslInterop, ProbedPath.wslInteropLate]
        if runs.isEmpty, facts.wslInterop == nil, let checked = facts.paths.checked,
           entries.contains(where: checked.contains), !entries.contains(where: facts.paths.existing.contains) {
            return InteropAssessment(
                state: .disabled, reason: "binfmt_misc has no WSLInterop or WSLInterop-late entry: Windows programs cannot run",
                wslConfLine: nil, binfmtMissing: true)
        }
        if runs.isEmpty {
            return InteropAssessment(state: .unknown,
                                     reason: windows?.notRunReason ?? "the Windows tools were not run (not in this capture)",
                                     wslConfLine: nil)
        }
        // Outputs are evidence of interop only when they were run from this Linux: a live run (its exit seen), or a
        // capture of one (the reader records binfmt_misc's WSLInterop entry, or wsl.conf, beside them). A pasted
        // report's Windows outputs come from Windows' own console (and the issue form's fields from the reporter).
        if !runs.contains(where: { $0.exitStatus != nil || $0.timedOut || $0.spawnError != nil }), facts.wslInterop == nil,
           windows?.wslConf == nil {
            return InteropAssessment(state: .unknown,
                                     reason: "the Windows outputs here were not run from this Linux (a pasted report's come from Windows' own console), so whether Windows programs run from WSL is not known",
                                     wslConfLine: nil)
        }
        if runs.contains(where: { $0.answered }) {
            return InteropAssessment(state: .available, reason: "Windows tools answered", wslConfLine: nil)
        }
        if let failed = runs.first(where: { $0.spawnError != nil }), runs.allSatisfy({ $0.spawnError != nil || !$0.answered }),
           !runs.contains(where: { $0.timedOut }) {
            return InteropAssessment(state: .disabled,
                                     reason: "Windows programs cannot be executed (\(failed.spawnError ?? "exec failed"))",
                                     wslConfLine: nil)
        }
        if runs.allSatisfy({ $0.timedOut || $0.spawnError != nil }) {
            return InteropAssessment(state: .hung, reason: "no Windows tool answered before the deadline", wslConfLine: nil)
        }
        let problems = runs.compactMap(\.problem)
        return InteropAssessment(state: .failing, reason: "no Windows tool answered: \(problems.joined(separator: "; "))",
                                 wslConfLine: nil)
    }
}
