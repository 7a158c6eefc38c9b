/// What a start will do: the instance-check strategy, the addresses to bind, and why.
public struct StartPlan: Sendable, Codable, Equatable {
    public var strategy: InstanceCheckStrategy
    /// Every address gets its own listening socket on the plan's port; a failure on any fails the start.
    public var bindAddresses: [String]
    public var port: UInt16
    /// One line per decision, for the start line and `status`.
    public var reasons: [String]

    public init(strategy: InstanceCheckStrategy, bindAddresses: [String], port: UInt16, reasons: [String]) {
        self.strategy = strategy
        self.bindAddresses = bindAddresses
        self.port = port
        self.reasons = reasons
    }
}

/// A configuration the planner refuses (exit 78).
public struct PlanRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
