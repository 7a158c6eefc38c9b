/// The document this gateway serves at `GET /__openclaw__/identity` (the runtime's own identity, every field known).
/// `pid` is omitted for non-loopback clients. What a probe reads back is NetProbe's `GatewayIdentity`
/// (`parseIdentityJSON`: every field but the instance id optional, a claim), which the start, `status`, `probe`
/// and the doctor judge; this type is only written.
public struct IdentityDocument: Sendable, Encodable, Equatable {
    public var service: String
    public var instanceId: String
    public var pid: Int32?
    public var version: String
    public var startedAt: String
    public var bootId: String
    public var port: UInt16

    public init(
        service: String = GatewayVersion.serviceName, instanceId: String, pid: Int32?, version: String,
        startedAt: String, bootId: String, port: UInt16
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
