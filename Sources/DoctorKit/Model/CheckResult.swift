import NetProbe
/// A check's status, ordered by severity for the exit code: `fail` and `warn` make the doctor exit 1.
public enum CheckStatus: String, Sendable, Codable, CaseIterable {
    case ok
    case info
    case warn
    case fail
    case skip

    /// The marker of the human report: ✓ ok, i info, ! warn, ✗ fail, - skip.
    public var marker: String {
        switch self {
        case .ok: return "✓"
        case .info: return "i"
        case .warn: return "!"
        case .fail: return "✗"
        case .skip: return "-"
        }
    }

    /// Whether this status makes the report not ok (exit 1).
    public var isProblem: Bool { self == .warn || self == .fail }
}

/// The outcome of one check: the `checks[]` entries of the JSON report.
public struct CheckResult: Sendable, Equatable, Codable {
    /// Stable id, e.g. `net.loopback-routing`.
    public var id: String
    public var status: CheckStatus
    /// One line saying what was found.
    public var title: String
    /// More lines (shown indented; with `-v` in full).
    public var detail: [String]
    /// A command or a configuration line that fixes the problem, when one exists.
    public var fix: String?
    /// Machine-readable facts behind the result.
    public var data: JSONValue
    /// The file or setting the finding is about (upstream's `path`), when there is one.
    public var path: String?

    public init(
        id: String, status: CheckStatus, title: String, detail: [String] = [], fix: String? = nil,
        data: JSONValue = .null, path: String? = nil
    ) {
        self.id = id
        self.status = status
        self.title = title
        self.detail = detail
        self.fix = fix
        self.data = data
        self.path = path
    }

    private enum CodingKeys: String, CodingKey { case id, status, title, detail, fix, data, path }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(status, forKey: .status)
        try c.encode(title, forKey: .title)
        try c.encode(detail, forKey: .detail)
        try c.encode(fix, forKey: .fix)
        try c.encode(data, forKey: .data)
        try c.encode(path, forKey: .path)
    }
}

/// A non-ok check in upstream `openclaw doctor`'s finding shape.
public struct Finding: Sendable, Equatable, Codable {
    public var checkId: String
    /// `error` (fail), `warning` (warn) or `info`.
    public var severity: String
    public var message: String
    public var path: String?
    public var fixHint: String?

    public init(_ result: CheckResult) {
        checkId = result.id
        switch result.status {
        case .fail: severity = "error"
        case .warn: severity = "warning"
        default: severity = "info"
        }
        message = result.title
        path = result.path
        fixHint = result.fix
    }

    private enum CodingKeys: String, CodingKey { case checkId, severity, message, path, fixHint }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(checkId, forKey: .checkId)
        try c.encode(severity, forKey: .severity)
        try c.encode(message, forKey: .message)
        try c.encode(path, forKey: .path)
        try c.encode(fixHint, forKey: .fixHint)
    }
}
