/// WSL's own fallback message (`MachineFacts.wslMessages`, any language: `WslFallbackMessages`): "Mirrored networking
/// mode is not supported: ... Falling back to NAT networking", "Failed to configure network (networkingMode X),
/// falling back to networkingMode Y". Only WSL2 has networking modes, so a message is WSL2's; the mode it falls back
/// to is the effective one when netlink and `wslinfo` are silent (requested mirrored + "falling back to NAT" =
/// effective NAT), and a cross-check when they speak.
struct WslMessageReading: Sendable {
    var fallback: WslFallback
    var source: String

    var observed: String {
        fallback.verbatim
            ? "WSL said: \(fallback.summary) [\(fallback.locale) \(fallback.resource)]"
            : "the report quotes WSL's fallback message, not verbatim (its punctuation differs from WSL's: retyped by the reporter): \(fallback.summary) [\(fallback.locale) \(fallback.resource)]"
    }

    /// A retyped copy is the reporter's account of what WSL printed: supporting, as the issue form's checked box is.
    var weight: SignalWeight { fallback.verbatim ? .primary : .supporting }
    var id: String { fallback.verbatim ? "wsl.fallback-message" : "wsl.fallback-retyped" }

    /// Support for `wsl2` (a WSL2 start printed it), a contradiction of `wsl1`.
    func kindSignal(kind: EnvironmentKind) -> Signal {
        if kind == .wsl1 {
            return .contradicting(id, source, observed, claim: Claim.wsl1, weight: weight)
        }
        return Signal(evidence: Evidence(signal: id, source: source, observed: observed, stance: .supports, claim: Claim.wsl2),
                      weight: weight)
    }

    /// The mode it fell back to, aimed at the decided mode.
    func modeSignal(mode: WSLNetworkingMode) -> Signal {
        let modeID = fallback.verbatim ? "wsl.fallback-mode" : "wsl.fallback-retyped-mode"
        guard mode != .unknown else {
            return .neutral(modeID, source, observed, about: fallback.effective.rawValue)
        }
        return Signal(evidence: Evidence(signal: modeID, source: source, observed: observed, stance: .supports,
                                         claim: fallback.effective.rawValue), weight: weight)
            .aimed(at: mode.rawValue, agrees: fallback.effective == mode)
    }
}

enum WslMessageSignals {
    /// The LAST fallback message of the facts (a later start supersedes an earlier one), WSL's own before a retyped
    /// copy; `nil` when none.
    static func read(_ facts: MachineFacts) -> WslMessageReading? {
        guard let text = facts.wslMessages else { return nil }
        let found = WslFallbackMessages.find(text)
        guard let last = found.last(where: \.verbatim) ?? found.last else { return nil }
        return WslMessageReading(fallback: last, source: facts.origin.describe(.wslMessages))
    }
}
