/// Who a gateway is, the one type of both ends: the gateway serves it at `GET /__openclaw__/identity`
/// (`jsonValue`: `{"service":"openclaw-gateway","instanceId","pid","version","startedAt","bootId","port"}`, every field
/// set but `pid` for a non-loopback peer), and a probe reads it back (`parseIdentityJSON`, and the `connect.challenge`
/// frame's `payload.instanceId`): there every field but the instance id is optional, a claim, and a field the peer
/// did not send stays `nil`.
public struct GatewayIdentity: Sendable, Codable, Equatable {
    /// The service name; always `openclaw-gateway` for an identified gateway.
    public var service: String
    /// The random id the gateway created before binding; equal ids mean the same process lifetime.
    public var instanceId: String
    public var pid: Int32?
    public var version: String?
    /// When the gateway started, as the gateway wrote it (ISO 8601).
    public var startedAt: String?
    /// The responder's `/proc/sys/kernel/random/boot_id`, telling a Windows- or other-host responder apart.
    public var bootId: String?
    public var port: Int?

    /// The service name a gateway announces.
    public static let serviceName = "openclaw-gateway"
    /// The path of the identity endpoint.
    public static let identityPath = "/__openclaw__/identity"

    public init(
        service: String = GatewayIdentity.serviceName, instanceId: String, pid: Int32? = nil, version: String? = nil,
        startedAt: String? = nil, bootId: String? = nil, port: Int? = nil
    ) {
        self.service = service
        self.instanceId = instanceId
        self.pid = pid
        self.version = version
        self.startedAt = startedAt
        self.bootId = bootId
        self.port = port
    }
}

extension GatewayIdentity {
    /// What the first text frame says.
    public enum ChallengeReading: Sendable, Equatable {
        /// A `connect.challenge` event carrying `payload.instanceId`.
        case challenge(instanceId: String)
        /// Anything else, with a short reason.
        case other(reason: String)
    }

    /// Reads a text frame's payload as a gateway's
    /// `{"type":"event","event":"connect.challenge","payload":{...,"instanceId":"..."}}`. Pure.
    public static func readChallenge(_ text: [UInt8]) -> ChallengeReading {
        guard let frame = JSONValue.parse(text), frame.isObject else {
            return .other(reason: "first text frame is not a JSON object: \(BytePreview.escaped(text))")
        }
        guard frame["type"]?.stringValue == "event", frame["event"]?.stringValue == "connect.challenge" else {
            return .other(reason: "first text frame is not a connect.challenge event: \(BytePreview.escaped(text))")
        }
        guard let payload = frame["payload"], payload.isObject else { return .other(reason: "connect.challenge without a payload object") }
        guard let id = payload["instanceId"]?.stringValue, !id.isEmpty else {
            return .other(reason: "connect.challenge without payload.instanceId (an unidentified gateway)")
        }
        // The peer's strings stand inside our lines: one line each (`TerminalText.oneLine`), read here once.
        return .challenge(instanceId: TerminalText.oneLine(id))
    }

    /// Parses an identity endpoint body. `nil` unless it is a JSON object with `service` equal to
    /// `openclaw-gateway` and a non-empty string `instanceId` (read by `JSONReader`, strict); optional fields of
    /// the wrong type (`pid` not a whole number in Int32's range, `port` not a whole number) are dropped.
    public static func parseIdentityJSON(_ body: [UInt8]) -> GatewayIdentity? {
        guard let json = JSONValue.parse(body), json["service"]?.stringValue == serviceName,
              let id = json["instanceId"]?.stringValue, !id.isEmpty
        else { return nil }
        // The peer's strings stand inside our lines: one line each (`TerminalText.oneLine`), read here once.
        let text = { (key: String) in json[key]?.stringValue.map(TerminalText.oneLine) }
        return GatewayIdentity(
            instanceId: TerminalText.oneLine(id), pid: json["pid"]?.intValue.flatMap { Int32(exactly: $0) }, version: text("version"),
            startedAt: text("startedAt"), bootId: text("bootId"), port: json["port"]?.intValue
        )
    }

    /// The identity endpoint's JSON: `service`, `instanceId` and each optional field that is set (one that is `nil`
    /// is left out, never written as `null`), built member by member, no coder. The same value as its `Encodable` form
    /// (`JSONValue(encoding:)`); `parseIdentityJSON` reads its text back to `self` (strings of one line).
    public var jsonValue: JSONValue {
        var members: [String: JSONValue] = ["service": .string(service), "instanceId": .string(instanceId)]
        if let pid { members["pid"] = .number(Double(pid)) }
        if let version { members["version"] = .string(version) }
        if let startedAt { members["startedAt"] = .string(startedAt) }
        if let bootId { members["bootId"] = .string(bootId) }
        if let port { members["port"] = .number(Double(port)) }
        return .object(members)
    }

    /// `self` with the optional fields of `other` filled in, when `other` names the same instance.
    public func enriched(with other: GatewayIdentity) -> GatewayIdentity {
        guard other.instanceId == instanceId, other.service == service else { return self }
        return GatewayIdentity(
            service: service, instanceId: instanceId, pid: other.pid ?? pid, version: other.version ?? version,
            startedAt: other.startedAt ?? startedAt, bootId: other.bootId ?? bootId, port: other.port ?? port
        )
    }
}
