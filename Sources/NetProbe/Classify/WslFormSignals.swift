/// What the REPORTER says (`MachineFacts.wslForm`, one claim a line): a checked box of the WSL issue form ("Are you
/// using WSL 1 or WSL 2?": `[x] WSL 2`), or a kernel release the reporter names in prose (`kernel
/// 5.15.146.1-microsoft-standard-WSL2`: `Microsoft` is WSL1's, `microsoft`/`WSL2` WSL2's, any other says nothing).
/// A claim, not an observation: SUPPORTING when it is the only word on WSL1/WSL2 beside the kernel (no `wsl -l -v`,
/// no `wsl --status`), recorded and counted for nothing otherwise; claims that disagree (both boxes, or a box and a
/// release of the other WSL) say nothing.
struct WslFormReading: Sendable {
    var version: Int
    var source: String
    /// Whether `wsl.exe`'s own answer is in the facts (then this claim only annotates).
    var outweighed: Bool
    /// What the reporter said, as the evidence quotes it, and the signal's id (`wsl.form-checkbox`, or
    /// `wsl.prose-kernel` when a release in prose is the only claim).
    var said: String = ""
    var id = "wsl.form-checkbox"

    var says: EnvironmentKind { version == 1 ? .wsl1 : .wsl2 }

    func signals(for kind: EnvironmentKind) -> [Signal] {
        let claim = version == 1 ? Claim.wsl1 : Claim.wsl2
        let base = Signal.supporting(id, source,
                                     said.isEmpty ? "the reporter checked \"WSL \(version)\" in the WSL issue form" : said,
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
    /// `nil` when no claim is there, or the claims disagree.
    static func read(_ facts: MachineFacts, outweighed: Bool) -> WslFormReading? {
        guard let text = facts.wslForm else { return nil }
        var versions: Set<Int> = []
        var said: [String] = []
        var box = false
        for line in text.split(separator: "\n") {
            let words = line.split(separator: " ")
            if words.count == 3, words[0].lowercased() == "[x]", words[1] == "WSL", let version = Int(words[2]),
               version == 1 || version == 2 {
                versions.insert(version)
                box = true
                said.append("the reporter checked \"WSL \(version)\" in the WSL issue form")
            } else if words.count == 2, words[0] == "kernel" {
                let release = String(words[1])
                switch KernelSignals.classify(release: release) {
                case .wsl1: versions.insert(1)
                case .wsl2: versions.insert(2)
                default: continue
                }
                said.append("the reporter names kernel \(release) in prose (not `uname -r`'s output)")
            }
        }
        guard versions.count == 1, let version = versions.first else { return nil }
        var reading = WslFormReading(version: version, source: facts.origin.describe(.wslForm), outweighed: outweighed)
        reading.said = said.joined(separator: "; ")
        reading.id = box ? "wsl.form-checkbox" : "wsl.prose-kernel"
        return reading
    }
}
