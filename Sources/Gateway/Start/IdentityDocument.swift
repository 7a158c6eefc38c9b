/// The answer of `GET /__openclaw__/identity`, also what a probe learns about a gateway that answers.
/// `pid` is omitted for non-loopback clients.
public struct IdentityDocument: Sendable, Codable, Equatable {
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
