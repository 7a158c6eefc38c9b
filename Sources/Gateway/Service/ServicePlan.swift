/// Exit codes of the lifecycle commands beyond `GatewayExit`'s (LSB init-script and sysexits values).
public enum ServiceExit {
    /// LSB "program is not installed": no gateway unit for the port (`start`, `restart`).
    public static let notInstalled: Int32 = 5
    /// EX_UNAVAILABLE: no systemd user manager here (a container, WSL without `systemd=true`, no session).
    public static let noSystemd: Int32 = 69
    /// EX_CANTCREAT: the unit file is not this toolkit's and `--force` was not given.
    public static let foreignUnit: Int32 = 73
}

/// One thing the edge does, in order; the first failing step ends the plan (unless `tolerated`).
public enum ServiceStep: Sendable, Equatable {
    case createDirectory(String)
    /// Copy the file to `to` before it is replaced (`install --force`).
    case backup(from: String, to: String)
    case write(path: String, text: String)
    case remove(String)
    /// `systemctl --user ARGS`; `tolerated`: a failure is reported, not fatal (`reset-failed` of an unloaded unit).
    case systemctl([String], tolerated: Bool)
    /// The lock path of `gateway stop`: SIGTERM to the verified holder (`GatewayStopper`). `afterUnitStop`: the
    /// unit was stopped first, so a free lock is the expected answer, not news.
    case stopLockHolder(afterUnitStop: Bool)
}

/// What a lifecycle command will do and say. Pure data from `ServicePlanner`.
public struct ServicePlan: Sendable, Equatable {
    public var command: String
    /// The unit acted on (`openclaw-gateway.service`), and its file.
    public var unit: String?
    public var unitPath: String?
    public var steps: [ServiceStep]
    /// Printed on standard output once every step succeeded.
    public var notes: [String]
    /// Printed on standard error whatever happens (linger off, ...).
    public var warnings: [String]
    /// Why nothing is done (printed on standard error), or `nil`.
    public var refusal: String?
    /// The exit code when every step succeeded (or of the refusal).
    public var exitCode: Int32
    /// The file the old unit was copied to (`install --force`).
    public var backupPath: String?
    /// `install`: whether the unit text changes.
    public var writesUnit: Bool

    public init(
        command: String, unit: String? = nil, unitPath: String? = nil, steps: [ServiceStep] = [], notes: [String] = [],
        warnings: [String] = [], refusal: String? = nil, exitCode: Int32 = GatewayExit.ok, backupPath: String? = nil,
        writesUnit: Bool = false
    ) {
        self.command = command
        self.unit = unit
        self.unitPath = unitPath
        self.steps = steps
        self.notes = notes
        self.warnings = warnings
        self.refusal = refusal
        self.exitCode = exitCode
        self.backupPath = backupPath
        self.writesUnit = writesUnit
    }

    static func refused(_ command: String, _ why: String, exit: Int32, unit: ServiceUnitFile? = nil) -> ServicePlan {
        ServicePlan(command: command, unit: unit?.name, unitPath: unit?.path, refusal: why, exitCode: exit)
    }
}
