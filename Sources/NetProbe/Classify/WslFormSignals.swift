/// What the REPORTER says in the WSL issue form ("Are you using WSL 1 or WSL 2?", `MachineFacts.wslForm`: the checked
/// `[x] WSL 2` boxes). A claim, not an observation: SUPPORTING when it is the only word on WSL1/WSL2 beside the kernel
/// (no `wsl -l -v`, no `wsl --status`), recorded and counted for nothing otherwise; both boxes checked say nothing.
struct WslFormReading: Sendable {
    var version: Int
    var source: String
    /// Whether `wsl.exe`'s own answer is in the facts (then this claim only annotates).
    var outweighed: Bool

    var says: EnvironmentKind { version == 1 ? .wsl1 : .wsl2 }

    func signals(for kind: EnvironmentKind) -> [Signal] {
        let claim = version == 1 ? Claim.wsl1 : Claim.wsl2
        let base = Signal.supporting("wsl.form-checkbox", source, "the reporter checked \"WSL \(version)\" in the WSL issue form",
                                     supports: claim)
        let weighed = outweighed ? Signal(evidence: base.evidence, weight: .none) : base
        switch kind {
        case .wsl1: return [weighed.aimed(at: Claim.wsl1, agrees: version == 1)]
        case .wsl2: return [weighed.aimed(at: Claim.wsl2, agrees: version == 2)]
        case .native: return [weighed.aimed(at: Claim.native, agrees: false)]
        default: return [Signal(evidence: base.evidence, weight: .none)]
        }
    }
}

enum WslFormSignals {
    /// `nil` when no box, or both, are checked.
    static func read(_ facts: MachineFacts, outweighed: Bool) -> WslFormReading? {
        guard let text = facts.wslForm else { return nil }
        var versions: Set<Int> = []
        for line in text.split(separator: "\n") {
            let words = line.split(separator: " ")
            if words.count == 3, words[0].lowercased() == "[x]", words[1] == "WSL", let version = Int(words[2]),
               version == 1 || version == 2 {
                versions.insert(version)
            }
        }
        guard versions.count == 1, let version = versions.first else { return nil }
        return WslFormReading(version: version, source: facts.origin.describe(.wslForm), outweighed: outweighed)
    }
}
