/// What systemd recorded about the gateway unit: `systemctl show` properties and journal entries.
///
/// Read live by `SupervisorReader` (`systemctl [--user] show -p ...`, `journalctl [--user] -u UNIT -o json`), or
/// replayed from the capture sections `systemd-show` and `journal` (JSON lines, see docs/capture-format.md).
/// Names are systemd's: unit properties as `systemctl show` prints them, journal fields as journald stores them.

/// Which systemd manager a unit belongs to.
public enum SystemdScope: String, Sendable, Codable, CaseIterable {
    /// `systemctl --user`, `journalctl --user`.
    case user
    /// The system manager (PID 1).
    case system
    /// A journal directory given with `--journal-dir` (`journalctl --directory`): any manager, any user.
    case directory
}

/// The `systemctl show` properties of one unit, or why they could not be read.
public struct SystemdUnitState: Sendable, Codable, Equatable {
    public var scope: SystemdScope
    /// `openclaw-gateway.service`.
    public var unit: String
    /// `NRestarts`, `ActiveState`, `SubState`, `Result`, `ExecMainStatus`, `ExecMainStartTimestamp`, `LoadState`:
    /// values as `systemctl show` prints them (strings; an empty value is kept as "").
    public var properties: [String: String]
    /// Why nothing was read (no `systemctl`, no bus, no permission, a timeout); `nil` when read.
    public var skipped: String?

    public init(scope: SystemdScope, unit: String, properties: [String: String] = [:], skipped: String? = nil) {
        self.scope = scope
        self.unit = unit
        self.properties = properties
        self.skipped = skipped
    }

    /// `NRestarts` as a number.
    public var restarts: Int? { properties["NRestarts"].flatMap { Int($0) } }
    /// `ExecMainStatus` as a number.
    public var mainStatus: Int? { properties["ExecMainStatus"].flatMap { Int($0) } }
    /// Whether systemd knows the unit (`LoadState` other than `not-found`); `nil` when not read.
    public var isLoaded: Bool? {
        guard skipped == nil, let state = properties["LoadState"] else { return nil }
        return state != "not-found"
    }
}

/// Where a query's entries come from: journald's records, or the lines of a log a person pasted.
public enum JournalSource: String, Sendable, Codable, CaseIterable {
    /// journald's records: a live `journalctl` run, or pasted `journalctl` output in any of its forms (`-o json`,
    /// `short`, `short-iso`, `cat`) and `systemctl status`'s log lines.
    case journal
    /// Lines of a log file or a terminal, not journald's records: a pasted `tail`/`cat` of a gateway log, `openclaw
    /// logs`, bare gateway lines. They carry no unit, no priority and no systemd restart lines.
    case logLines = "log-lines"
}

/// One journal query (a unit in a scope, or a journal directory) with the entries it returned, or why it returned none.
public struct JournalQuery: Sendable, Codable, Equatable {
    /// What the entries are: journald's records (live and pasted `journalctl`), or pasted log lines.
    public var source: JournalSource = .journal
    public var scope: SystemdScope?
    public var unit: String?
    /// The window asked for (`--since` as given, e.g. `-1h`); `nil`: the last entries, no time bound.
    public var since: String?
    /// Why nothing was read (no `journalctl`, no journal, no permission, a timeout); `nil` when read.
    public var skipped: String?
    /// Whether the line or byte bound cut the output (older entries were dropped).
    public var truncated: Bool
    public var entries: [JournalEntry]

    public init(scope: SystemdScope?, unit: String?, since: String? = nil, skipped: String? = nil, truncated: Bool = false,
                entries: [JournalEntry] = [], source: JournalSource = .journal) {
        self.source = source
        self.scope = scope
        self.unit = unit
        self.since = since
        self.skipped = skipped
        self.truncated = truncated
        self.entries = entries
    }
}

/// One journal entry: the journald fields the analysis uses (`JournalEntry.keptFields`), as strings.
public struct JournalEntry: Sendable, Codable, Equatable {
    /// journald field name -> value (`MESSAGE`, `_PID`, `N_RESTARTS`, ...).
    public var fields: [String: String]

    public init(fields: [String: String]) {
        self.fields = fields
    }

    /// The journald fields kept (everything else of `journalctl -o json` is dropped when read).
    public static let keptFields: [String] = [
        "__REALTIME_TIMESTAMP", "MESSAGE", "PRIORITY", "_PID", "_COMM", "_CMDLINE", "SYSLOG_IDENTIFIER",
        "_SYSTEMD_UNIT", "_SYSTEMD_USER_UNIT", "UNIT", "USER_UNIT", "MESSAGE_ID", "EXIT_CODE", "EXIT_STATUS", "N_RESTARTS",
    ]

    /// `__REALTIME_TIMESTAMP`: microseconds since the Unix epoch.
    public var realtimeMicroseconds: UInt64? { fields["__REALTIME_TIMESTAMP"].flatMap { UInt64($0) } }
    public var message: String { fields["MESSAGE"] ?? "" }
    public var pid: Int? { fields["_PID"].flatMap { Int($0) } }
    /// syslog priority 0 (emerg) ... 7 (debug).
    public var priority: Int? { fields["PRIORITY"].flatMap { Int($0) } }
    /// Whether the entry comes from the service manager (`systemd[PID]`: `UNIT=`/`USER_UNIT=` set), not the service.
    public var isFromManager: Bool {
        fields["USER_UNIT"] != nil || (fields["UNIT"] != nil && fields["_SYSTEMD_USER_UNIT"] == nil)
            || fields["SYSLOG_IDENTIFIER"] == "systemd" || fields["_COMM"] == "systemd"
    }
    /// The unit the entry is about.
    public var unit: String? {
        fields["USER_UNIT"] ?? fields["_SYSTEMD_USER_UNIT"] ?? fields["UNIT"] ?? fields["_SYSTEMD_UNIT"]
    }
}
