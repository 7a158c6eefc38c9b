/// WSL's own fallback message (`MachineFacts.wslMessages`, any language: `WslFallbackMessages`): "Mirrored networking
/// mode is not supported: ... Falling back to NAT networking", "Failed to configure network (networkingMode X),
/// falling back to networkingMode Y". Only WSL2 has networking modes, so a message is WSL2's; the mode it falls back
/// to is the effective one when netlink and `wslinfo` are silent (requested mirrored + "falling back to NAT" =
/// effective NAT), and a cross-check when they speak.
struct WslMessageReading: Sendable {
    var fallback: WslFallback
    var source: String

    var observed: String { "WSL said: \(fallback.summary) [\(fallback.locale) \(fallback.resource)]" }

    /// Support for `wsl2` (a WSL2 start printed it), a contradiction of `wsl1`.
    func kindSignal(kind: EnvironmentKind) -> Signal {
        if kind == .wsl1 {
            return .contradicting("wsl.fallback-message", source, observed, claim: Claim.wsl1, weight: .primary)
        }
        return .primary("wsl.fallback-message", source, observed, supports: Claim.wsl2)
    }

    /// The mode it fell back to, aimed at the decided mode.
    func modeSignal(mode: WSLNetworkingMode) -> Signal {
        guard mode != .unknown else {
            return .neutral("wsl.fallback-mode", source, observed, about: fallback.effective.rawValue)
        }
        return Signal.primary("wsl.fallback-mode", source, observed, supports: fallback.effective.rawValue)
            .aimed(at: mode.rawValue, agrees: fallback.effective == mode)
    }
}

enum WslMessageSignals {
    /// The LAST fallback message of the facts (a later start supersedes an earlier one); `nil` when none.
    static func read(_ facts: MachineFacts) -> WslMessageReading? {
        guard let text = facts.wslMessages, let last = WslFallbackMessages.find(text).last else { return nil }
        return WslMessageReading(fallback: last, source: facts.origin.describe(.wslMessages))
    }
}
