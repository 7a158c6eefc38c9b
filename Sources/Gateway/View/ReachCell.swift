import NetProbe

/// Who answered one cell of the reachability matrix.
public enum ReachAnswer: Sendable, Equatable {
    /// The gateway that holds this port's lock (its instance id answered).
    case thisGateway
    /// Another gateway instance, where it runs as far as the observations tell, and the pid it claims as the socket
    /// tables judge it (`ListenerConfirmation`: named only when confirmed).
    case otherGateway(GatewayIdentity, whereabouts: String, holder: ListenerConfirmation)
    /// Not a gateway: what it answered (`http-not-websocket (HTTP 404, server X)`) and who it is, when named.
    case otherProgram(answered: String, who: String?)
    /// Refused (or reset): nothing listens there.
    case refused
    /// The address cannot be used from that side, with the error.
    case unreachable(String)
    /// No answer before the deadline: unknown, and not a hung gateway by itself.
    case noAnswer
    /// Not tried, and why.
    case notTried(String)

    /// Stable name for JSON and tests.
    public var name: String {
        switch self {
        case .thisGateway: return "this-gateway"
        case .otherGateway: return "other-gateway"
        case .otherProgram: return "other-program"
        case .refused: return "refused"
        case .unreachable: return "unreachable"
        case .noAnswer: return "no-answer"
        case .notTried: return "not-tried"
        }
    }

    /// Every name, in declaration order.
    public static let allNames = ["this-gateway", "other-gateway", "other-program", "refused", "unreachable", "no-answer", "not-tried"]

    /// One phrase: `this gateway`, `another gateway (instance X, pid N, in this Linux ...)` or `another gateway
    /// (instance X, on the Windows side; holder unverified: the socket tables show ...)`, `another program: ...`.
    public var words: String {
        switch self {
        case .thisGateway: return "this gateway"
        case .otherGateway(let identity, let whereabouts, let holder):
            if let pid = holder.pid { return "another gateway (instance \(identity.instanceId), pid \(pid), \(whereabouts))" }
            return "another gateway (instance \(identity.instanceId), \(whereabouts); \(holder.words))"
        case .otherProgram(let answered, let who): return "another program\(who.map { " (\($0))" } ?? ""): \(answered)"
        case .refused: return "refused"
        case .unreachable(let error): return "unreachable (\(error))"
        case .noAnswer: return "no answer in time"
        case .notTried(let why): return "not tried: \(why)"
        }
    }
}

/// How a cell stands, from best to worst, plus `notTried`.
public enum ReachStatus: String, Sendable, Equatable, Codable, CaseIterable {
    case ok
    case info
    case warn
    case fail
    case notTried = "not-tried"

    /// Rank for the worst-of: not tried counts as nothing.
    public var rank: Int {
        switch self {
        case .notTried: return -1
        case .ok: return 0
        case .info: return 1
        case .warn: return 2
        case .fail: return 3
        }
    }
}

/// One judged cell: the target, who answered, whether that is what the mode and the binds lead to expect, and the
/// explanation in WSL's terms.
public struct ReachCell: Sendable, Equatable {
    public var target: ReachTarget
    /// The edge's observation (the raw result, or why not tried).
    public var observation: ReachObservation
    public var answer: ReachAnswer
    public var expectation: ReachExpectation
    public var status: ReachStatus
    /// The explanation: why (the expectation), then what the answer means.
    public var explanation: [String]
    /// What to do, when something should change.
    public var fix: String?
    /// What it means for the Control UI and upstream's CLI, for the cells they use (`nil` for the others).
    public var consequence: String?

    public init(target: ReachTarget, observation: ReachObservation, answer: ReachAnswer, expectation: ReachExpectation,
                status: ReachStatus, explanation: [String], fix: String?, consequence: String?) {
        self.target = target
        self.observation = observation
        self.answer = answer
        self.expectation = expectation
        self.status = status
        self.explanation = explanation
        self.fix = fix
        self.consequence = consequence
    }

    /// Milliseconds the probe took, when tried.
    public var elapsedMilliseconds: Int64? { observation.result.map { $0.elapsedMicros / 1000 } }
}
