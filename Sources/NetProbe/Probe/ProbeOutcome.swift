/// What answered (or did not) on a loopback address and port, from the first failure to the full gateway handshake.
///
/// JSON shape: `{"verdict": name, ...fields}`, e.g. `{"verdict":"http-not-websocket","status":404,"server":"nginx"}`.
public enum ProbeOutcome: Sendable, Equatable, Codable {
    /// `ECONNREFUSED`: nothing listens (in this network namespace, or Windows said so).
    case refused
    /// The deadline passed while connecting or before any HTTP answer. Not proof that the port is free:
    /// a closed port can hang under WSL2 mirrored networking.
    case timeout
    /// The socket connected to itself (same local and peer address and port): a Linux quirk on a free
    /// loopback port. Nothing listens; this is never a gateway.
    case selfConnect
    /// `ECONNRESET`/`EPIPE`: the peer reset the connection.
    case reset
    /// Something answered with bytes that are not an HTTP response; `preview` is escaped and bounded.
    case notHTTP(preview: String)
    /// An HTTP server that did not switch to WebSocket (or switched without the right accept value).
    case httpNotWebSocket(status: Int, server: String?)
    /// A WebSocket server that sent no `connect.challenge` with an instance id before the deadline.
    case websocketNotGateway(reason: String)
    /// A gateway; `isSelf` when its instance id equals the caller's.
    case gateway(identity: GatewayIdentity, isSelf: Bool)
    /// The address cannot be used from here (`EADDRNOTAVAIL`, `ENETUNREACH`, e.g. no `::1`), with the errno text.
    case unreachable(error: String)

    /// Stable verdict name used in JSON and text output.
    public var name: String {
        switch self {
        case .refused: return "refused"
        case .timeout: return "timeout"
        case .selfConnect: return "self-connect"
        case .reset: return "reset"
        case .notHTTP: return "not-http"
        case .httpNotWebSocket: return "http-not-websocket"
        case .websocketNotGateway: return "websocket-not-gateway"
        case .gateway: return "gateway"
        case .unreachable: return "unreachable"
        }
    }

    /// Every verdict name, in declaration order.
    public static let allNames = [
        "refused", "timeout", "self-connect", "reset", "not-http", "http-not-websocket",
        "websocket-not-gateway", "gateway", "unreachable",
    ]

    /// One line for humans, e.g. `http-not-websocket (HTTP 404, server nginx)`.
    public var summary: String {
        switch self {
        case .refused, .timeout, .selfConnect, .reset: return name
        case .notHTTP(let preview): return "\(name) (\"\(preview)\")"
        case .httpNotWebSocket(let status, let server):
            return "\(name) (HTTP \(status)\(server.map { ", server \($0)" } ?? ""))"
        case .websocketNotGateway(let reason): return "\(name) (\(reason))"
        case .gateway(let identity, let isSelf):
            // No pid: the one it claims is only a claim (Gateway's `ListenerConfirmation` names it once confirmed).
            return "\(name) (\(isSelf ? "self" : "other"), instance \(identity.instanceId))"
        case .unreachable(let error): return "\(name) (\(error))"
        }
    }

    private enum Keys: String, CodingKey {
        case verdict, preview, status, server, reason, identity, isSelf, error
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        let verdict = try c.decode(String.self, forKey: .verdict)
        switch verdict {
        case "refused": self = .refused
        case "timeout": self = .timeout
        case "self-connect": self = .selfConnect
        case "reset": self = .reset
        case "not-http": self = .notHTTP(preview: try c.decode(String.self, forKey: .preview))
        case "http-not-websocket":
            self = .httpNotWebSocket(
                status: try c.decode(Int.self, forKey: .status),
                server: try c.decodeIfPresent(String.self, forKey: .server)
            )
        case "websocket-not-gateway": self = .websocketNotGateway(reason: try c.decode(String.self, forKey: .reason))
        case "gateway":
            self = .gateway(
                identity: try c.decode(GatewayIdentity.self, forKey: .identity),
                isSelf: try c.decode(Bool.self, forKey: .isSelf)
            )
        case "unreachable": self = .unreachable(error: try c.decode(String.self, forKey: .error))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .verdict, in: c, debugDescription: "unknown probe verdict \"\(verdict)\""
            )
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(name, forKey: .verdict)
        switch self {
        case .refused, .timeout, .selfConnect, .reset: break
        case .notHTTP(let preview): try c.encode(preview, forKey: .preview)
        case .httpNotWebSocket(let status, let server):
            try c.encode(status, forKey: .status)
            try c.encodeIfPresent(server, forKey: .server)
        case .websocketNotGateway(let reason): try c.encode(reason, forKey: .reason)
        case .gateway(let identity, let isSelf):
            try c.encode(identity, forKey: .identity)
            try c.encode(isSelf, forKey: .isSelf)
        case .unreachable(let error): try c.encode(error, forKey: .error)
        }
    }
}
