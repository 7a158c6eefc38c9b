/// How much a signal weighs when `ConfidenceRules` rates a claim.
enum SignalWeight: Sendable, Hashable {
    /// A signal that identifies the claim by itself (a kernel release, `loopback0`, the mirrored rules).
    case primary
    /// A signal that agrees but could have other causes (an environment variable, a sysctl).
    case supporting
    /// Recorded for the reader, counted for nothing.
    case none
}

/// One piece of evidence with the weight the classifier gives it.
struct Signal: Sendable, Equatable {
    var evidence: Evidence
    var weight: SignalWeight

    static func primary(_ id: String, _ source: String, _ observed: String, supports claim: String) -> Signal {
        Signal(evidence: Evidence(signal: id, source: source, observed: observed, stance: .supports, claim: claim),
               weight: .primary)
    }

    static func supporting(_ id: String, _ source: String, _ observed: String, supports claim: String) -> Signal {
        Signal(evidence: Evidence(signal: id, source: source, observed: observed, stance: .supports, claim: claim),
               weight: .supporting)
    }

    static func neutral(_ id: String, _ source: String, _ observed: String, about claim: String) -> Signal {
        Signal(evidence: Evidence(signal: id, source: source, observed: observed, stance: .neutral, claim: claim),
               weight: .none)
    }

    static func contradicting(
        _ id: String, _ source: String, _ observed: String, claim: String, weight: SignalWeight = .supporting
    ) -> Signal {
        Signal(evidence: Evidence(signal: id, source: source, observed: observed, stance: .contradicts, claim: claim),
               weight: weight)
    }

    /// The same observation re-aimed at `claim`: it supports it when `agrees`, contradicts it otherwise.
    func aimed(at claim: String, agrees: Bool) -> Signal {
        var copy = self
        copy.evidence.claim = claim
        copy.evidence.stance = agrees ? .supports : .contradicts
        return copy
    }
}

/// Claim names used in evidence (`Evidence.claim`).
enum Claim {
    static let wsl = "wsl"
    static let wsl1 = "wsl1"
    static let wsl2 = "wsl2"
    static let native = "native"
    static let noContainer = "no-container"

    static func container(_ kind: ContainerKind) -> String { "container:\(kind.rawValue)" }
    static func mode(_ mode: WSLNetworkingMode) -> String { mode.rawValue }
}
