/// Everything NetProbe knows about one machine: read live, or replayed from a capture.
///
/// This is the one value between the edge (readers of `/proc`, netlink, files, captures) and the pure
/// core (classification, planning, checks). Every optional field means the same thing everywhere:
/// `nil` is *unknown* (not read, unreadable, or absent from a capture), never "empty".
public struct MachineFacts: Sendable, Codable, Equatable {
    /// Where these facts came from.
    public var origin: FactsOrigin

    /// `/proc/version` (or `uname -a` in a pasted capture).
    public var procVersion: String?
    /// `/proc/sys/kernel/osrelease` (or `uname -r`).
    public var osRelease: String?
    /// The `WSL_*` and `WSLENV` environment variables. Live: only those (other variables may hold secrets).
    public var environment: [String: String]?
    /// Which of the probed paths exist.
    public var paths: PathFacts
    /// Contents of `/proc/sys/fs/binfmt_misc/WSLInterop` (or `WSLInterop-late`).
    public var wslInterop: String?
    /// `/run/systemd/container`, `/run/host/container-manager`, or PID 1's `container=`.
    public var containerManager: String?
    /// `/proc/self/cgroup`.
    public var cgroup: String?
    /// `/proc/self/mountinfo`.
    public var mountinfo: String?

    public var links: [Link]?
    public var addresses: [InterfaceAddress]?
    /// Routes of all tables, IPv4 and IPv6.
    public var routes: [Route]?
    /// IPv4 policy rules.
    public var rules: [Rule]?
    /// IPv6 policy rules.
    public var rules6: [Rule]?
    public var neighbours: [Neighbour]?

    /// `/etc/resolv.conf`.
    public var resolvConf: String?
    /// `/etc/hosts`.
    public var hosts: String?
    /// Sysctls that matter, keyed by dotted name (`net.ipv4.ip_local_port_range`).
    public var sysctls: [String: String]?
    /// `wslinfo --networking-mode`, run with a timeout.
    public var wslinfo: WslinfoResult?
    /// The Windows-side `.wslconfig` (the REQUESTED mode only), with the path it was read from.
    public var wslconfig: WslConfigFile?
    /// `/proc/net/tcp` and `/proc/net/tcp6`.
    public var procNetTCP: String?
    public var procNetTCP6: String?
    /// Linux listener tables as pasted (`ss -ltnp`, `netstat -tlnp`, `lsof -i :PORT`; `ListenerTableText` reads
    /// them); never read live (`PortOwners` reads `/proc`), so `nil` there.
    public var listeners: String?
    /// The `reach` section: the reachability probes as seen (one JSON object a line, `ReachObservation` and a
    /// `bootId` line; written and read by Gateway's `ReachSection`), `nil` when not recorded.
    public var reach: String?
    /// The Windows half (WSL only): Windows' tools run through interop, and `/etc/wsl.conf`.
    /// What `wsl.exe` printed about networking when the distribution started (its fallback messages, any language:
    /// `WslFallbackMessages`); never read live (`wsl.exe` prints it on the Windows console), so `nil` there.
    public var wslMessages: String?
    /// The WSL issue form's checked "WSL 1" / "WSL 2" boxes (`[x] WSL 2`, one a line): what the REPORTER says; `nil`
    /// when the paste has none (never read live).
    public var wslForm: String?
    public var windows: WindowsFacts?
    /// `systemctl [--user] show` of the gateway units (`SupervisorReader`); `nil`: not read.
    public var systemdShow: [SystemdUnitState]?
    /// The gateway units' recent journal (`journalctl [--user] -u UNIT -o json`); `nil`: not read.
    public var journal: [JournalQuery]?

    /// Problems met while reading (unknown sections, unparseable lines). Never fatal.
    public var warnings: [FactWarning]
    /// `true` when addresses, MACs, names and secrets were replaced by tokens (`Redactor.redact`, or a capture
    /// whose header says `# redacted`).
    public var redacted = false

    public init(origin: FactsOrigin) {
        self.origin = origin
        self.paths = PathFacts()
        self.warnings = []
    }
}

/// Where a `MachineFacts` value came from.
public enum FactsOrigin: Sendable, Codable, Equatable {
    /// Read from this machine just now.
    case live
    /// Replayed from a capture file or directory at this path.
    case capture(path: String)

    /// Names the place a fact of `section` came from, for evidence: a live path or a capture section.
    public func describe(_ section: FactSection) -> String {
        switch self {
        case .live: return section.liveSource
        case .capture(let path): return "\(path) [### \(section.rawValue)]"
        }
    }

    public var isLive: Bool {
        if case .live = self { return true }
        return false
    }
}

/// Which of a set of checked paths exist.
public struct PathFacts: Sendable, Codable, Equatable {
    /// Paths known to exist.
    public var existing: Set<String>
    /// Paths that were looked for; `nil` when unknown (a capture without `paths-checked`).
    public var checked: Set<String>?

    public init(existing: Set<String> = [], checked: Set<String>? = nil) {
        self.existing = existing
        self.checked = checked
    }

    /// `true` if `path` exists, `false` if it was checked and is absent, `nil` if unknown.
    public func exists(_ path: String) -> Bool? {
        if existing.contains(path) { return true }
        if let checked, checked.contains(path) { return false }
        return nil
    }
}

/// The outcome of running `wslinfo --networking-mode` with a timeout.
public struct WslinfoResult: Sendable, Codable, Equatable {
    /// Standard output, trimmed (`mirrored`, `nat`, ...); may be an error text.
    public var output: String
    /// Exit status; `nil` when unknown (a capture) or when it was killed.
    public var exitStatus: Int32?
    /// `true` when it did not finish in time and was killed.
    public var timedOut: Bool

    public init(output: String, exitStatus: Int32? = nil, timedOut: Bool = false) {
        self.output = output
        self.exitStatus = exitStatus
        self.timedOut = timedOut
    }
}

/// A `.wslconfig` file found on the Windows side.
public struct WslConfigFile: Sendable, Codable, Equatable {
    /// Where it was found (`/mnt/c/Users/NAME/.wslconfig`), or the capture section.
    public var path: String
    public var text: String

    public init(path: String, text: String) {
        self.path = path
        self.text = text
    }
}

/// A non-fatal problem met while reading facts, with the place it was found.
public struct FactWarning: Sendable, Codable, Equatable, CustomStringConvertible {
    /// The file the problem is in (a capture file), when there is one.
    public var file: String?
    /// Capture section name (or live source), when known.
    public var section: String?
    /// 1-based line number within the file, when known.
    public var line: Int?
    public var message: String

    public init(file: String? = nil, section: String? = nil, line: Int? = nil, message: String) {
        self.file = file
        self.section = section
        self.line = line
        self.message = message
    }

    public var description: String {
        var place: [String] = []
        if let file { place.append(file) }
        if let section { place.append("section \(section)") }
        if let line { place.append("line \(line)") }
        return place.isEmpty ? message : "\(place.joined(separator: ", ")): \(message)"
    }
}
