import NetProbe

/// One WebSocket connection's control-plane protocol as a pure state machine: frames in, actions out.
///
/// 1. On open: send `connect.challenge` (`nonce`, `ts`, `instanceId`).
/// 2. The first message must be `{"type":"req","id":..,"method":"connect","params":{"minProtocol","maxProtocol",
///    "client","auth":{"token"}}}`. Anything else closes with 1008; a protocol range without 4 closes with 1002
///    `protocol mismatch`; a missing or wrong token (when one is configured) closes with 1008 `unauthorized`.
///    Before `connect`, a message over 64 KiB (fragments counted together) closes with 1009 `message too big`.
///    A text message that is not valid UTF-8 closes with 1007 (RFC 6455 section 8.1), before or after `connect`.
/// 3. Success answers `hello-ok`; then `health` and `status` requests are served, other methods get an error
///    response. After `connect` messages are capped at `messageLimit` (1009 beyond).
/// 4. `shutdown()` sends a `shutdown` event and closes with 1001.
public struct ConnectionMachine: Sendable {
    /// The fixed inputs of one connection.
    public struct Settings: Sendable, Equatable {
        public var instanceId: String
        public var version: String
        /// The configured token; nil when the gateway runs without auth.
        public var token: String?
        public var connId: String
        public var nonce: String
        public var preConnectLimit: Int
        public var messageLimit: Int

        public init(
            instanceId: String, version: String = GatewayVersion.string, token: String?, connId: String, nonce: String,
            preConnectLimit: Int = 64 * 1024, messageLimit: Int = 1 << 20
        ) {
            self.instanceId = instanceId
            self.version = version
            self.token = token
            self.connId = connId
            self.nonce = nonce
            self.preConnectLimit = preConnectLimit
            self.messageLimit = messageLimit
        }
    }

    /// A data frame as the WebSocket layer delivers it (control frames are handled there).
    public enum Frame: Sendable, Equatable {
        case text([UInt8], fin: Bool)
        case binary([UInt8], fin: Bool)
        case continuation([UInt8], fin: Bool)
    }

    /// What the connection must do.
    public enum Action: Sendable, Equatable {
        /// Send one text frame.
        case send(String)
        /// Send a close frame with this code and reason; nothing follows.
        case close(code: UInt16, reason: String)
    }

    public enum Phase: Sendable, Equatable {
        case opened
        case awaitingConnect
        case connected
        case closed
    }

    public private(set) var phase: Phase = .opened
    private let settings: Settings
    private var partial: (isText: Bool, bytes: [UInt8])?

    public init(settings: Settings) {
        self.settings = settings
    }

    /// The socket opened: send the challenge.
    public mutating func open(nowMs: Int64) -> [Action] {
        guard phase == .opened else { return [] }
        phase = .awaitingConnect
        return [.send(FrameText.challenge(nonce: settings.nonce, ts: nowMs, instanceId: settings.instanceId))]
    }

    /// No `connect` arrived in time.
    public mutating func handshakeTimedOut() -> [Action] {
        guard phase == .awaitingConnect || phase == .opened else { return [] }
        return close(WebSocketCloseCode.policyViolation, "connect timeout")
    }

    /// The gateway is stopping: tell the client and close with 1001.
    public mutating func shutdown() -> [Action] {
        guard phase != .closed else { return [] }
        let event = Self.event("shutdown", .object(["reason": .string("gateway stopping"), "restartExpectedMs": .null]))
        return [.send(event)] + close(WebSocketCloseCode.goingAway, "gateway shutting down")
    }

    /// One data frame from the client. `snapshot` answers `status`.
    public mutating func receive(_ frame: Frame, snapshot: GatewaySnapshot) -> [Action] {
        guard phase == .awaitingConnect || phase == .connected else { return [] }
        let limit = phase == .connected ? settings.messageLimit : settings.preConnectLimit
        var message: (isText: Bool, bytes: [UInt8])
        switch frame {
        case .text(let bytes, let fin), .binary(let bytes, let fin):
            if partial != nil { return close(WebSocketCloseCode.protocolError, "new message inside a fragmented message") }
            var isText = false
            if case .text = frame { isText = true }
            if bytes.count > limit { return close(WebSocketCloseCode.messageTooBig, "message too big") }
            if !fin {
                partial = (isText, bytes)
                return []
            }
            message = (isText, bytes)
        case .continuation(let bytes, let fin):
            guard var current = partial else { return close(WebSocketCloseCode.protocolError, "unexpected continuation frame") }
            if current.bytes.count + bytes.count > limit { return close(WebSocketCloseCode.messageTooBig, "message too big") }
            current.bytes += bytes
            if !fin {
                partial = current
                return []
            }
            partial = nil
            message = current
        }
        if message.isText && String(validating: message.bytes, as: UTF8.self) == nil {
            return close(WebSocketCloseCode.invalidPayload, "invalid UTF-8 in a text message")
        }
        return phase == .awaitingConnect ? handleConnect(message) : handleRequest(message, snapshot: snapshot)
    }

    /// The peer's address, or every address together, failed auth too often (`AuthFailureLimiter`): close 1008
    /// before its token is looked at.
    public mutating func tooManyFailedAttempts(_ block: AuthFailureLimiter.Block) -> [Action] {
        guard phase == .awaitingConnect || phase == .opened else { return [] }
        switch block {
        case .peer: return close(WebSocketCloseCode.policyViolation, Self.tooManyFailuresReason)
        case .global: return close(WebSocketCloseCode.policyViolation, Self.tooManyFailuresGlobalReason)
        }
    }

    /// The close reason of a peer whose address is blocked by the auth failure limit.
    public static let tooManyFailuresReason = "too many failed auth attempts"
    /// The close reason while the global failed-auth budget is spent (every peer gets it until the window moves on).
    public static let tooManyFailuresGlobalReason = "too many failed auth attempts from all addresses"
    /// The close reason of a missing or wrong token.
    public static let unauthorizedReason = "unauthorized"

    private mutating func handleConnect(_ message: (isText: Bool, bytes: [UInt8])) -> [Action] {
        guard message.isText, let json = JSONValue.parse(message.bytes), json.isObject else {
            return close(WebSocketCloseCode.policyViolation, "invalid handshake: first frame must be a JSON connect request")
        }
        guard json["type"]?.stringValue == "req", let id = json["id"], Self.isValidId(id) else {
            return close(WebSocketCloseCode.policyViolation, "invalid handshake: first frame must be a request with an id")
        }
        guard json["method"]?.stringValue == "connect" else {
            return close(WebSocketCloseCode.policyViolation, "invalid handshake: first request must be connect")
        }
        guard let params = json["params"], params.isObject,
              let minimum = params["minProtocol"]?.intValue, let maximum = params["maxProtocol"]?.intValue else {
            return close(WebSocketCloseCode.policyViolation, "invalid handshake: connect needs minProtocol and maxProtocol")
        }
        if let client = params["client"], !client.isObject {
            return close(WebSocketCloseCode.policyViolation, "invalid handshake: client must be an object")
        }
        guard minimum <= GatewayVersion.protocolVersion, GatewayVersion.protocolVersion <= maximum else {
            return close(WebSocketCloseCode.protocolError, "protocol mismatch")
        }
        if let expected = settings.token {
            // An empty token is no token, whatever the configuration says (it is refused at start too).
            guard let given = params["auth"]?["token"]?.stringValue, !given.isEmpty, !expected.isEmpty,
                  ConstantTime.equals(given, expected) else {
                return close(WebSocketCloseCode.policyViolation, Self.unauthorizedReason)
            }
        }
        phase = .connected
        let hello = FrameText.helloOK(
            version: settings.version, connId: settings.connId, instanceId: settings.instanceId,
            maxPayload: settings.messageLimit, maxPreConnectPayload: settings.preConnectLimit)
        return [.send(Self.response(id: id, payloadText: hello))]
    }

    private mutating func handleRequest(_ message: (isText: Bool, bytes: [UInt8]), snapshot: GatewaySnapshot) -> [Action] {
        guard message.isText, let json = JSONValue.parse(message.bytes), json.isObject,
              json["type"]?.stringValue == "req", let id = json["id"], Self.isValidId(id),
              let method = json["method"]?.stringValue else {
            let id = JSONValue.parse(message.bytes)?["id"] ?? .null
            return [.send(Self.error(id: id, code: "invalid_request", message: "expected {\"type\":\"req\",\"id\",\"method\"}"))]
        }
        switch method {
        case "health":
            let payload: JSONValue = .object([
                "ok": .bool(true), "status": .string("live"), "ready": .bool(snapshot.status == .ready),
                "instanceId": .string(snapshot.instanceId),
            ])
            return [.send(Self.response(id: id, payload: payload))]
        case "status":
            return [.send(Self.response(id: id, payloadText: StatusPayloadCache.shared.text(for: snapshot)))]
        case "connect":
            return [.send(Self.error(id: id, code: "already_connected", message: "connect was already accepted"))]
        default:
            return [.send(Self.error(id: id, code: "unknown_method", message: "unknown method \(method)"))]
        }
    }

    private mutating func close(_ code: UInt16, _ reason: String) -> [Action] {
        phase = .closed
        partial = nil
        return [.close(code: code, reason: reason)]
    }

    private static func isValidId(_ id: JSONValue) -> Bool {
        switch id {
        case .string(let s): return !s.isEmpty
        case .number: return true
        default: return false
        }
    }

    static func event(_ name: String, _ payload: JSONValue) -> String {
        JSONValue.object(["type": .string("event"), "event": .string(name), "payload": payload]).text
    }

    static func response(id: JSONValue, payload: JSONValue) -> String {
        JSONValue.object(["type": .string("res"), "id": id, "ok": .bool(true), "payload": payload]).text
    }

    /// The same frame as `response(id:payload:)` around a payload that is already JSON text (keys in the same
    /// sorted order: `id`, `ok`, `payload`, `type`).
    static func response(id: JSONValue, payloadText: String) -> String {
        var writer = JSONTextWriter(capacity: payloadText.utf8.count + 64)
        writer.append(raw: "{\"id\":")
        writer.write(id)
        writer.append(raw: ",\"ok\":true,\"payload\":")
        writer.append(raw: payloadText)
        writer.append(raw: ",\"type\":\"res\"}")
        return writer.text
    }

    static func error(id: JSONValue, code: String, message: String) -> String {
        JSONValue.object([
            "type": .string("res"), "id": id, "ok": .bool(false),
            "error": .object(["code": .string(code), "message": .string(message)]),
        ]).text
    }
}
