/// What one loopback probe found, in the four categories every consumer words (`gateway status`, `gateway probe`,
/// the clash decision, the doctor's `gateway.probe`): the one mapping from `ProbeOutcome`, so no consumer compares
/// verdict names.
public enum ProbeCategory: String, Sendable, Equatable, Codable, CaseIterable {
    /// Nothing listens: refused, self-connect, reset, unreachable.
    case noListener = "no-listener"
    /// No answer within the deadline: NOT proof that nothing listens (a closed port can hang under WSL2 mirrored
    /// networking).
    case noAnswer = "timeout"
    /// Something answered that is not a gateway: not HTTP, HTTP without WebSocket, WebSocket without a challenge.
    case notAGateway = "not-a-gateway"
    /// A gateway answered with its identity.
    case gateway
}

extension ProbeOutcome {
    /// The outcome's category. Pure.
    public var category: ProbeCategory {
        switch self {
        case .refused, .selfConnect, .reset, .unreachable: return .noListener
        case .timeout: return .noAnswer
        case .notHTTP, .httpNotWebSocket, .websocketNotGateway: return .notAGateway
        case .gateway: return .gateway
        }
    }

    /// The gateway's identity when a gateway answered.
    public var gatewayIdentity: GatewayIdentity? {
        if case .gateway(let identity, _) = self { return identity }
        return nil
    }
}
