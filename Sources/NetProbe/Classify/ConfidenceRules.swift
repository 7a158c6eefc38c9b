/// How sure a claim is, from the signals that bear on it.
///
/// - high: at least two independent signals agree and one of them is primary;
/// - medium: exactly one primary signal;
/// - low: only supporting signals (or nothing);
/// - a cap bounds the result from above (bridged from netlink alone: low; none: medium);
/// - then every independent contradicting signal lowers it one step.
///
/// "Independent" means a different signal id: the same observation counted twice is still one.
enum ConfidenceRules {
    static func rate(_ claims: Set<String>, in signals: [Signal], cap: Confidence = .high) -> Confidence {
        func ids(_ stance: Evidence.Stance, _ weights: Set<SignalWeight>) -> Set<String> {
            Set(signals.filter {
                $0.evidence.stance == stance && claims.contains($0.evidence.claim) && weights.contains($0.weight)
            }.map(\.evidence.signal))
        }
        let primary = ids(.supports, [.primary])
        let agreeing = ids(.supports, [.primary, .supporting])
        let contradictions = ids(.contradicts, [.primary, .supporting]).count

        var level: Confidence
        if !primary.isEmpty && agreeing.count >= 2 {
            level = .high
        } else if !primary.isEmpty {
            level = .medium
        } else {
            level = .low
        }
        level = min(level, cap)
        for _ in 0..<contradictions { level = lowered(level) }
        return level
    }

    /// The verdict's overall confidence: the weaker of the kind and (when one is claimed) the mode.
    static func combine(kind: Confidence, mode: Confidence?) -> Confidence {
        guard let mode else { return kind }
        return min(kind, mode)
    }

    static func lowered(_ level: Confidence) -> Confidence {
        switch level {
        case .high: return .medium
        case .medium, .low: return .low
        }
    }
}
