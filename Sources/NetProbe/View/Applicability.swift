/// Whether something applies here, as a three-valued answer with its reason: `yes`, `no`, or `unknown`.
///
/// "No" is a claim about the machine ("native Linux: not WSL"); when the facts do not settle it the answer is
/// `unknown`, and the reason says what would decide it. Every check's applicability and skip reason reads one of
/// `EnvironmentView`'s answers, never the verdict directly.
public struct Applicability: Sendable, Equatable, Codable {
    public enum Answer: String, Sendable, Equatable, Codable {
        case yes
        case no
        case unknown
    }

    public var answer: Answer
    /// Why: what the machine is ("native Linux", "WSL2, NAT networking"), or why it is unknown and what would decide
    /// it. `claim(_:)` makes the sentence.
    public var reason: String

    public init(_ answer: Answer, _ reason: String) {
        self.answer = answer
        self.reason = reason
    }

    public static func yes(_ reason: String) -> Applicability { Applicability(.yes, reason) }
    public static func no(_ reason: String) -> Applicability { Applicability(.no, reason) }
    public static func unknown(_ reason: String) -> Applicability { Applicability(.unknown, reason) }

    /// The short claim about `subject` (`WSL2`): `WSL2`, `not WSL2`, or `unknown whether this is WSL2`.
    public func claim(_ subject: String) -> String {
        switch answer {
        case .yes: return subject
        case .no: return "not \(subject)"
        case .unknown: return "unknown whether this is \(subject)"
        }
    }

    /// The claim with its reason: `not WSL2: native Linux`, `unknown whether this is WSL: the environment is
    /// unknown; would decide it: ...`.
    public func sentence(_ subject: String) -> String { "\(claim(subject)): \(reason)" }

    /// True only for `yes`.
    public var applies: Bool { answer == .yes }
    /// `true` yes, `false` no, `nil` unknown.
    public var known: Bool? {
        switch answer {
        case .yes: return true
        case .no: return false
        case .unknown: return nil
        }
    }
}
