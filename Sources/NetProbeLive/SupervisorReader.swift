import NetProbe
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// Reads what systemd recorded about the gateway units: `systemctl [--user] show -p ... UNIT` and
/// `journalctl -u UNIT ... -o json` for the system scope, `journalctl --user _SYSTEMD_USER_UNIT=UNIT + USER_UNIT=UNIT
/// + SYSLOG_IDENTIFIER=openclaw-gateway ...` for the user scope (or `journalctl --directory DIR` with
/// `journalDirectory`, matched the same way).
///
/// Every program runs through `TimedProcess` (own process group, killed at its deadline). Nothing here throws:
/// no `systemctl`/`journalctl`, no running systemd, no bus, no permission, or a timeout is recorded as the
/// query's `skipped` reason. The journal is bounded: the newest `lineLimit` entries (`-r -n`), at most `byteLimit`
/// bytes of output (older entries are dropped first), only `JournalEntry.keptFields` (`--output-fields`), and
/// secrets in messages and command lines masked (`SecretMasking`) before anything else sees them.
public struct SupervisorReader: Sendable {
    public struct Options: Sendable, Equatable {
        /// Units to read, e.g. `openclaw-gateway.service` (upstream's and `openclaw gateway unit`'s name) and
        /// `openclaw-gateway-PORT.service` (the name `--fix` gives a second unit).
        public var units: [String]
        /// Scopes to read (user and system); ignored with `journalDirectory`.
        public var scopes: [SystemdScope]
        /// `journalctl --since` value for the live journal (`-1h`: the last hour).
        public var since: String
        /// A journal directory (`--journal-dir`): read with `journalctl --directory`, all of it (newest entries
        /// first, bounded), matching the units by field (`_SYSTEMD_UNIT=`, `_SYSTEMD_USER_UNIT=`, `UNIT=`,
        /// `USER_UNIT=`) whatever the user; `systemctl show` is not run.
        public var journalDirectory: String?
        public var lineLimit: Int
        public var byteLimit: Int
        public var showTimeout: Duration
        public var journalTimeout: Duration
        /// Environment passed to the children (`PATH`, and for `--user` `XDG_RUNTIME_DIR`, `DBUS_SESSION_BUS_ADDRESS`).
        public var environment: [String: String]
        public var systemctlCandidates: [String]
        public var journalctlCandidates: [String]
        /// Where `SystemdPresence` looks for `/run/systemd/system` and the journal directories ("" for the machine).
        public var fileRoot: String
        /// `SYSLOG_IDENTIFIER=` values also matched in the user scope and in a journal directory: journald loses
        /// the unit tag of lines from a process that exits at once (measured under a real systemd: `journalctl -u`
        /// missed 3 of 6 lines of a start that failed in milliseconds), but never the stream's identifier.
        /// `openclaw-gateway` is the unit's `SyslogIdentifier=`; `openclaw` the default identifier of an
        /// `ExecStart=` of a binary named `openclaw` (this toolkit's and upstream's).
        public var syslogIdentifiers: [String]

        public init(
            units: [String] = ["openclaw-gateway.service"], scopes: [SystemdScope] = [.user, .system], since: String = "-1h",
            journalDirectory: String? = nil, lineLimit: Int = 2000, byteLimit: Int = 1 << 20,
            showTimeout: Duration = .milliseconds(1500), journalTimeout: Duration = .seconds(3),
            environment: [String: String] = ProcessInfo.processInfo.environment,
            systemctlCandidates: [String] = ["/usr/bin/systemctl", "/bin/systemctl"],
            journalctlCandidates: [String] = ["/usr/bin/journalctl", "/bin/journalctl"],
            fileRoot: String = "", syslogIdentifiers: [String] = ["openclaw-gateway", "openclaw"]
        ) {
            self.units = units
            self.scopes = scopes
            self.since = since
            self.journalDirectory = journalDirectory
            self.lineLimit = lineLimit
            self.byteLimit = byteLimit
            self.showTimeout = showTimeout
            self.journalTimeout = journalTimeout
            self.environment = environment
            self.systemctlCandidates = systemctlCandidates
            self.journalctlCandidates = journalctlCandidates
            self.fileRoot = fileRoot
            self.syslogIdentifiers = syslogIdentifiers
        }

        /// The unit names for a gateway on `port`: upstream's and ours, plus `openclaw-gateway-PORT.service`.
        public static func units(port: UInt16) -> [String] {
            ["openclaw-gateway.service", "openclaw-gateway-\(port).service"]
        }
    }

    /// The properties `systemctl show` is asked for.
    public static let showProperties = [
        "NRestarts", "ActiveState", "SubState", "Result", "ExecMainStatus", "ExecMainStartTimestamp", "LoadState",
    ]

    public var options: Options

    public init(options: Options) {
        self.options = options
    }

    /// Reads the unit states (`nil` with a journal directory: `systemctl` is not asked) and the journal.
    ///
    /// Asks nothing that cannot answer (`SystemdPresence`: no `systemctl` where systemd is not PID 1, no
    /// `journalctl` where no journal is stored), asks `systemctl show` once per scope for every unit, and runs the
    /// scopes' `systemctl` and `journalctl` at once, so a run costs the slowest of them, not their sum.
    public func read() -> (show: [SystemdUnitState]?, journal: [JournalQuery]) {
        if let directory = options.journalDirectory {
            return (nil, [journal(scope: .directory, directory: directory)])
        }
        let presence = SystemdPresence.read(root: options.fileRoot, environment: options.environment)
        let reads = options.scopes.map { scope in
            (show: BlockingWork { show(scope: scope, units: options.units, presence: presence) },
             journal: BlockingWork { journal(scope: scope, directory: nil, presence: presence) })
        }
        return (reads.flatMap { $0.show.wait() }, reads.map { $0.journal.wait() })
    }

    private var childEnvironment: [String] {
        var env = ["PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin", "LC_ALL=C.UTF-8", "SYSTEMD_COLORS=0",
                   "SYSTEMD_PAGER=", "SYSTEMD_LESS="]
        for key in ["XDG_RUNTIME_DIR", "DBUS_SESSION_BUS_ADDRESS", "HOME"] {
            if let value = options.environment[key], !value.isEmpty { env.append("\(key)=\(value)") }
        }
        return env
    }

    /// `systemctl [--user] show -p ... -- UNIT...`: one run for every unit of `scope`, one state per unit, in order.
    func show(scope: SystemdScope, units: [String], presence: SystemdPresence? = nil) -> [SystemdUnitState] {
        func skipped(_ reason: String) -> [SystemdUnitState] {
            units.map { SystemdUnitState(scope: scope, unit: $0, skipped: reason) }
        }
        guard let systemctl = Self.firstExecutable(options.systemctlCandidates) else {
            return skipped("systemctl not found (no systemd here)")
        }
        if let reason = presence?.showNotAsked(scope) { return skipped(reason) }
        var arguments = scope == .user ? ["--user"] : []
        arguments += ["show", "--no-pager", "-p", Self.showProperties.joined(separator: ","), "--"] + units
        switch TimedProcess.run(systemctl, arguments: arguments, timeout: options.showTimeout, environment: childEnvironment) {
        case .failure(let failure):
            return skipped("systemctl could not be started: \(failure)")
        case .success(let outcome):
            if outcome.timedOut {
                return skipped("systemctl did not answer within \(options.showTimeout); killed")
            }
            if outcome.exitStatus != 0 {
                return skipped(Self.reason("systemctl", outcome))
            }
            let blocks = SupervisorSections.parseShowBlocks(outcome.text(outcome.stdout))
            guard blocks.count == units.count else {
                return skipped("systemctl show answered \(blocks.count) property blocks for \(units.count) units")
            }
            return zip(units, blocks).map { SystemdUnitState(scope: scope, unit: $0, properties: $1) }
        }
    }

    func journal(scope: SystemdScope, directory: String?, presence: SystemdPresence? = nil) -> JournalQuery {
        let units = options.units
        var query = JournalQuery(scope: scope, unit: units.joined(separator: ","), since: directory == nil ? options.since : nil)
        guard let journalctl = Self.firstExecutable(options.journalctlCandidates) else {
            query.skipped = "journalctl not found (no systemd journal here)"
            return query
        }
        if let reason = presence?.journalNotAsked {
            query.skipped = reason
            return query
        }
        var arguments: [String] = []
        if let directory {
            arguments += ["--directory", directory]
        } else {
            if scope == .user { arguments.append("--user") }
            arguments += ["--since", options.since]
            // The system scope as `-u` has it; the user scope by fields, below, to add the identifiers.
            if scope != .user { for unit in units { arguments += ["-u", unit] } }
        }
        arguments += ["-o", "json", "--no-pager", "-r", "-n", String(options.lineLimit),
                      "--output-fields=" + JournalEntry.keptFields.filter { $0 != "__REALTIME_TIMESTAMP" }.joined(separator: ",")]
        if directory != nil || scope == .user {
            // Field matches (same field ORed, `+` a disjunction): the units (whatever the user who wrote them, in a
            // directory; the user's own journal under --user), systemd's messages about them, and the gateway's
            // identifiers for lines that lost their unit tag.
            let fields = directory != nil ? ["_SYSTEMD_UNIT", "_SYSTEMD_USER_UNIT", "UNIT", "USER_UNIT"] : ["_SYSTEMD_USER_UNIT", "USER_UNIT"]
            var matches: [String] = []
            for field in fields {
                if !matches.isEmpty { matches.append("+") }
                matches += units.map { "\(field)=\($0)" }
            }
            if !options.syslogIdentifiers.isEmpty {
                matches.append("+")
                matches += options.syslogIdentifiers.map { "SYSLOG_IDENTIFIER=\($0)" }
            }
            arguments += matches
        }
        switch TimedProcess.run(journalctl, arguments: arguments, timeout: options.journalTimeout,
                                environment: childEnvironment, limit: options.byteLimit) {
        case .failure(let failure):
            query.skipped = "journalctl could not be started: \(failure)"
        case .success(let outcome):
            let parsed = SupervisorSections.parseJournalOutput(String(decoding: outcome.stdout, as: UTF8.self))
            if outcome.timedOut && parsed.entries.isEmpty {
                query.skipped = "journalctl did not answer within \(options.journalTimeout); killed"
                return query
            }
            if outcome.exitStatus != 0 && !outcome.timedOut && parsed.entries.isEmpty {
                query.skipped = Self.reason("journalctl", outcome)
                return query
            }
            let stderr = outcome.text(outcome.stderr)
            if parsed.entries.isEmpty && scope == .system && stderr.contains("not seeing messages") {
                query.skipped = "no permission to read the system journal (not in group systemd-journal or adm)"
                return query
            }
            // Read newest first (so the bounds drop the oldest); stored oldest first. Secrets never leave the reader.
            query.entries = parsed.entries.reversed().map(Self.masked)
            query.truncated = outcome.truncated || outcome.timedOut || parsed.entries.count >= options.lineLimit
        }
        return query
    }

    /// The entry with secrets in its message and command line masked (`SecretMasking`), even in an unredacted capture.
    static func masked(_ entry: JournalEntry) -> JournalEntry {
        var fields = entry.fields
        fields["MESSAGE"] = fields["MESSAGE"].map(SecretMasking.mask)
        fields["_CMDLINE"] = fields["_CMDLINE"].map(SecretMasking.maskCommandLine)
        return JournalEntry(fields: fields)
    }

    /// Why a program that ran gave nothing, from its exit status and the first line of its standard error.
    static func reason(_ program: String, _ outcome: TimedProcess.Outcome) -> String {
        let stderr = outcome.text(outcome.stderr)
        let first = stderr.split(separator: "\n").first.map(String.init) ?? ""
        let status = outcome.exitStatus.map { "exit status \($0)" } ?? "killed by a signal"
        if stderr.contains("has not been booted with systemd") { return "systemd is not running here (\(first))" }
        if stderr.contains("Failed to connect to bus") { return "no systemd manager bus (\(first))" }
        if stderr.contains("ermission denied") || stderr.contains("Access denied") { return "no permission (\(first))" }
        if stderr.contains("No such file or directory") { return "not found (\(first))" }
        return first.isEmpty ? "\(program) failed (\(status))" : "\(program) failed (\(status)): \(first)"
    }

    private static func firstExecutable(_ candidates: [String]) -> String? {
        candidates.first { access($0, X_OK) == 0 }
    }
}
