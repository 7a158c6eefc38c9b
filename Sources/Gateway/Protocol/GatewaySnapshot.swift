import NetProbe

/// The gateway's state as the `status` request reports it. A value: the protocol machine stays pure.
public struct GatewaySnapshot: Sendable, Codable, Equatable {
    public var instanceId: String
    public var pid: Int32
    public var port: UInt16
    public var version: String
    public var startedAt: String
    public var status: InstanceStatus
    public var environment: EnvironmentVerdict
    public var plan: StartPlan

    public init(
        instanceId: String, pid: Int32, port: UInt16, version: String, startedAt: String, status: InstanceStatus,
        environment: EnvironmentVerdict, plan: StartPlan
    ) {
        self.instanceId = instanceId
        self.pid = pid
        self.port = port
        self.version = version
        self.startedAt = startedAt
        self.status = status
        self.environment = environment
        self.plan = plan
    }
}
