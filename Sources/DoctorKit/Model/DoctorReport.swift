import NetProbe

/// The whole doctor report: what `--json` prints and the human renderer reads.
public struct DoctorReport: Sendable, Equatable, Codable {
    /// Version of this JSON shape; bumped only on incompatible changes.
    public var schemaVersion: Int = 1
    public var tool: String = "openclaw-doctor"
    public var version: String
    /// `true` when no check warned or failed.
    public var ok: Bool
    /// The port the report is about.
    public var port: Int
    /// `live`, or the snapshot path the facts were replayed from.
    public var source: String
    public var environment: EnvironmentVerdict
    /// The gateway's start plan for this machine (`null` when it could not be made).
    public var plan: JSONValue
    public var checks: [CheckResult]
    public var checksRun: Int
    public var checksSkipped: Int
    public var findings: [Finding]
    /// Problems met while reading the facts (capture parse warnings, unreadable files).
    public var warnings: [String]
    /// `true` when addresses, MACs, host and user names were replaced by tokens.
    public var redacted: Bool
    /// `openclaw-doctor triage` only: what was read from the pasted report (absent otherwise).
    public var triage: TriagePart?

    public init(
        version: String, port: Int, source: String, environment: EnvironmentVerdict, plan: JSONValue,
        checks: [CheckResult], warnings: [String], redacted: Bool
    ) {
        self.version = version
        self.port = port
        self.source = source
        self.environment = environment
        self.plan = plan
        self.checks = checks
        self.checksSkipped = checks.filter { $0.status == .skip }.count
        self.checksRun = checks.count - checksSkipped
        self.findings = checks.filter { $0.status != .ok && $0.status != .skip }.map(Finding.init)
        self.ok = !checks.contains { $0.status.isProblem }
        self.warnings = warnings
        self.redacted = redacted
    }

    /// The doctor's exit code for this report: 0 when ok, 1 when any check warned or failed.
    public var exitCode: Int32 { ok ? 0 : 1 }
}

/// What `--json` prints when the doctor itself could not run (exit 2).
public struct DoctorErrorReport: Sendable, Equatable, Codable {
    public struct ErrorBody: Sendable, Equatable, Codable {
        /// Stable code: `usage`, `snapshot-unreadable`, `output-unwritable`, `output-refused`, `config-invalid`, `internal`.
        public var code: String
        public var message: String
    }

    public var schemaVersion: Int = 1
    public var tool: String = "openclaw-doctor"
    public var ok: Bool = false
    public var error: ErrorBody

    public init(code: String, message: String) {
        error = ErrorBody(code: code, message: message)
    }
}
