import FoundationEssentials

/// `wslinfo --networking-mode`: a live CROSS-CHECK of the effective mode, never the only word when netlink speaks.
///
/// Prints `nat`, `bridged`, `mirrored`, `virtioproxy` (`consomme` from WSL 2.9.0), `none` or `wsl1`. A timeout,
/// a non-zero exit, "Failed to query networking mode" or any other text is evidence of nothing.
struct WslinfoReading: Sendable {
    enum Answer: Sendable, Equatable {
        case mode(WSLNetworkingMode)
        case wsl1
    }

    var answer: Answer?
    var source: String
    var observed: String

    /// The answer's evidence, aimed at the decided networking mode (or at the kind for `wsl1`).
    func signal(kind: EnvironmentKind, mode: WSLNetworkingMode?) -> Signal? {
        switch answer {
        case nil:
            return .neutral("wslinfo.networking-mode", source, observed, about: "networking-mode")
        case .wsl1?:
            if kind == .wsl2 {
                return .contradicting("wslinfo.networking-mode", source, observed, claim: Claim.wsl2, weight: .primary)
            }
            return .primary("wslinfo.networking-mode", source, observed, supports: Claim.wsl1)
        case .mode(let said)?:
            guard let mode, mode != .unknown else {
                return .neutral("wslinfo.networking-mode", source, observed, about: said.rawValue)
            }
            return Signal.primary("wslinfo.networking-mode", source, observed, supports: mode.rawValue)
                .aimed(at: mode.rawValue, agrees: said == mode)
        }
    }

    /// A mode answer means WSL2's init answered: support for `wsl2`, a contradiction of `wsl1`.
    func kindSignal(kind: EnvironmentKind) -> Signal? {
        guard case .mode = answer else { return nil }
        if kind == .wsl1 {
            return .contradicting("wslinfo.answered", source, observed, claim: Claim.wsl1, weight: .primary)
        }
        return .primary("wslinfo.answered", source, observed, supports: Claim.wsl2)
    }
}

enum WslinfoSignals {
    static func read(_ facts: MachineFacts) -> WslinfoReading? {
        guard let result = facts.wslinfo else { return nil }
        let source = facts.origin.describe(.wslinfo)
        let text = PastedValue.lines(result.output).joined(separator: "\n")
        if result.timedOut {
            return WslinfoReading(answer: nil, source: source, observed: "timed out" + (text.isEmpty ? "" : ": \(text)"))
        }
        if let status = result.exitStatus, status != 0 {
            return WslinfoReading(answer: nil, source: source,
                                  observed: "exit status \(status)" + (text.isEmpty ? "" : ": \(text)"))
        }
        let observed = text.isEmpty ? "(no output)" : String(text.prefix(120))
        return WslinfoReading(answer: answer(text), source: source, observed: observed)
    }

    /// The mode a `wslinfo` output names; `nil` for errors ("Failed to query networking mode") and anything else.
    static func answer(_ text: String) -> WslinfoReading.Answer? {
        let lines = text.split(whereSeparator: \.isNewline)
        guard lines.count == 1, let only = lines.first else { return nil }
        switch only.trimmingSpaces().lowercased() {
        case "nat": return .mode(.nat)
        case "mirrored": return .mode(.mirrored)
        case "bridged": return .mode(.bridged)
        case "virtioproxy", "consomme": return .mode(.virtioproxy)
        case "none": return .mode(.none)
        case "wsl1": return .wsl1
        default: return nil
        }
    }
}
