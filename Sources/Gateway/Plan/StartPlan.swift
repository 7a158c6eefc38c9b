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

/// A configuration the planner refuses (exit 78), with the ONE fix for it.
///
/// The fix is chosen where the refusal is made (the planner, `TokenPolicy`), from its cause, never by matching the
/// sentence afterwards: the doctor's `gateway.plan` prints it as it is, and names the file when the bad value came
/// from `openclaw.json`.
public struct PlanRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    /// The sentence `gateway run` prints before it exits 78.
    public var message: String
    /// What to change, in one line (a command, an option, or the file and key to edit).
    public var fix: String

    public init(_ message: String, fix: String) {
        self.message = message
        self.fix = fix
    }

    public var description: String { message }
}
