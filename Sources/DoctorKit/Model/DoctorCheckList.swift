import NetProbe

/// `openclaw-doctor --list-checks --json`: every check in report order, `{"schemaVersion":1,"tool":"openclaw-doctor",
/// "version","checks":[{"id","live","summary"}]}` (`live`: the check needs the live machine, `(live)` in the text
/// list); the `checkList` shape of docs/doctor-report.schema.json.
public struct DoctorCheckList: Sendable, Equatable, Codable {
    public struct Entry: Sendable, Equatable, Codable {
        public var id: String
        public var live: Bool
        public var summary: String
    }

    public var schemaVersion: Int = 1
    public var tool: String = "openclaw-doctor"
    public var version: String
    public var checks: [Entry]

    public init(checks: [DoctorCheck], version: String = NetProbeVersion.string) {
        self.version = version
        self.checks = checks.map { Entry(id: $0.id, live: $0.needsLive, summary: $0.summary) }
    }
}
