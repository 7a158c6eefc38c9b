import NetProbe
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// Reads `MachineFacts` from this machine. Never needs root: what cannot be read stays `nil`
/// (unknown), with a `FactWarning` when that is surprising (a permission error on a file every
/// process may read, a FIFO where a file belongs, a netlink failure).
///
/// Sources: `/proc/version`, `/proc/sys/kernel/osrelease`, the `ProbedPath.all` paths, binfmt_misc
/// `WSLInterop`, container markers and PID 1's environment, `/proc/self/cgroup` and `mountinfo`,
/// rtnetlink (`NetlinkReader`), `/etc/resolv.conf`, `/etc/hosts`, `WatchedSysctl.all`,
/// `.wslconfig`, `wslinfo --networking-mode`, the environment and (unless turned off) `/proc/net/tcp{,6}`.
public struct LiveReader: Sendable {
    /// Where and how to read.
    public struct Options: Sendable {
        /// Prefix prepended to every file path read or executed (a fake tree in tests; `""` for the real one).
        /// Netlink is not affected (see `netlinkNamespacePath`).
        public var fileRoot: String
        /// The environment to take `WSL_*`, `WSLENV` and `container` from.
        public var environment: [String: String]
        /// `wslinfo` locations tried in order; the first existing executable one is run.
        public var wslinfoCandidates: [String]
        /// How long `wslinfo` may run before it is killed.
        public var wslinfoTimeout: Duration
        /// Directory holding the Windows user directories (`/mnt/c/Users`).
        public var wslconfigRoot: String
        /// How long the `.wslconfig` search may take (a stalled `/mnt/c` must not hang the reader).
        public var wslconfigTimeout: Duration
        /// Network namespace to read netlink facts from (`/run/netns/NAME`); `nil` for the caller's own.
        public var netlinkNamespacePath: String?
        /// Most objects kept of each netlink dump kind (`CaptureLimits.netlinkObjects`); a warning names a cut.
        public var netlinkObjectLimit: Int = CaptureLimits.netlinkObjects
        /// Whether to read `/proc/net/tcp` and `/proc/net/tcp6`. Each `read(2)` of those walks the kernel's whole
        /// TCP hash table (milliseconds on a host with a large one) and the classifier does not use them:
        /// readers that only want a verdict turn this off; captures keep it on.
        public var readsSocketTables: Bool
        /// Run Windows' tools through interop (WSL machines only; see `WindowsToolRunner`); `nil` runs nothing.
        public var windows: WindowsToolRunner.Options?
        /// What to read of systemd's record of the gateway units (`systemd-show`, `journal`); `nil`: not read.
        public var supervisor: SupervisorReader.Options?

        public init(
            fileRoot: String = "",
            environment: [String: String] = LiveReader.relevantProcessEnvironment(),
            wslinfoCandidates: [String] = ["/usr/bin/wslinfo", "/bin/wslinfo"],
            wslinfoTimeout: Duration = .milliseconds(700),
            wslconfigRoot: String = "/mnt/c/Users",
            wslconfigTimeout: Duration = .seconds(1),
            netlinkNamespacePath: String? = nil,
            readsSocketTables: Bool = true,
            windows: WindowsToolRunner.Options? = nil,
            supervisor: SupervisorReader.Options? = nil
        ) {
            self.windows = windows
            self.fileRoot = fileRoot
            self.environment = environment
            self.wslinfoCandidates = wslinfoCandidates
            self.wslinfoTimeout = wslinfoTimeout
            self.wslconfigRoot = wslconfigRoot
            self.wslconfigTimeout = wslconfigTimeout
            self.netlinkNamespacePath = netlinkNamespacePath
            self.readsSocketTables = readsSocketTables
            self.supervisor = supervisor
        }
    }

    public var options: Options

    public init(options: Options = Options()) {
        self.options = options
    }

    /// Largest file read, except the ones below.
    static let defaultLimit = 1 << 20
    /// `mountinfo` and `/proc/net/tcp*` grow with the machine: allow more before truncating.
    static let largeLimit = 4 << 20

    /// Reads everything once. Takes at most about `wslinfoTimeout` + `wslconfigTimeout` + the Windows tools'
    /// `timeout` on a stalled machine; systemd's record (`supervisor`) is read on its own thread meanwhile (it needs
    /// nothing read here), so `showTimeout` and `journalTimeout` overlap the rest instead of adding to it, and
    /// Windows' tools (on their own thread once the facts say WSL) overlap `/proc/net/tcp{,6}`. The netlink dump stays
    /// on the calling thread: it takes ~0.1 ms, and a thread of its own measured slower on a loaded machine (the
    /// thread's wake-up, docs/performance.md).
    public func read() -> MachineFacts {
        let supervisorRead = options.supervisor.map { supervisor in
            var supervisor = supervisor
            if supervisor.fileRoot.isEmpty { supervisor.fileRoot = options.fileRoot }
            return BlockingWork { [supervisor] in SupervisorReader(options: supervisor).read() }
        }
        var reading = Reading(probe: FileProbe(root: options.fileRoot))
        var facts = MachineFacts(origin: .live)

        facts.procVersion = reading.text("/proc/version", .procVersion)
        facts.osRelease = reading.text("/proc/sys/kernel/osrelease", .osRelease)
        facts.environment = Self.relevantEnvironment(options.environment)
        facts.paths = reading.paths(ProbedPath.all)
        facts.wslInterop = reading.text(ProbedPath.wslInterop, .wslInterop, trimmed: false)
            ?? reading.text(ProbedPath.wslInteropLate, .wslInterop, trimmed: false)
        facts.containerManager = reading.text(ProbedPath.systemdContainer, .container).flatMap(Self.nonEmpty)
            ?? reading.text(ProbedPath.hostContainerManager, .container).flatMap(Self.nonEmpty)
            ?? reading.pid1Container()
        facts.cgroup = reading.text("/proc/self/cgroup", .cgroup, trimmed: false)
        facts.mountinfo = reading.text("/proc/self/mountinfo", .mountinfo, trimmed: false, limit: Self.largeLimit)
        let netlink = Self.readNetlink(options)
        facts.links = netlink.facts.links
        facts.addresses = netlink.facts.addresses
        facts.routes = netlink.facts.routes
        facts.rules = netlink.facts.rules
        facts.rules6 = netlink.facts.rules6
        facts.neighbours = netlink.facts.neighbours
        reading.warnings += netlink.warnings
        facts.resolvConf = reading.text("/etc/resolv.conf", .resolvConf, trimmed: false)
        facts.hosts = reading.text("/etc/hosts", .hosts, trimmed: false)
        facts.sysctls = reading.sysctls(WatchedSysctl.all)
        facts.wslconfig = reading.wslconfig(
            usersRoot: options.wslconfigRoot, timeout: options.wslconfigTimeout, mountinfo: facts.mountinfo,
            lookedFor: &facts.paths.checked)
        facts.wslinfo = reading.wslinfo(candidates: options.wslinfoCandidates, timeout: options.wslinfoTimeout)
        // Windows' tools run on WSL only, as the classifier decides; they start before the socket tables are read
        // (their answer is kept only when the complete facts agree, else they run after, as those decide).
        let probe = reading.probe
        let interop = facts.wslInterop
        let windowsRead = options.windows.flatMap { windows in
            Self.readsWindows(facts) ? BlockingWork { WindowsToolRunner.read(probe: probe, binfmtInterop: interop, options: windows) } : nil
        }
        if options.readsSocketTables {
            facts.procNetTCP = reading.text("/proc/net/tcp", .procNetTCP, trimmed: false, limit: Self.largeLimit)
            facts.procNetTCP6 = reading.text("/proc/net/tcp6", .procNetTCP6, trimmed: false, limit: Self.largeLimit)
        }
        let early = windowsRead?.wait()
        if let windows = options.windows, Self.readsWindows(facts) {
            facts.windows = early ?? WindowsToolRunner.read(probe: probe, binfmtInterop: interop, options: windows)
        }
        if let record = supervisorRead?.wait() {
            facts.systemdShow = record.show
            facts.journal = record.journal
        }
        facts.warnings = reading.warnings
        return facts
    }

    /// Whether Windows' tools are asked: on WSL1 and WSL2 only.
    static func readsWindows(_ facts: MachineFacts) -> Bool {
        [.wsl1, .wsl2].contains(Classifier.classify(facts).kind)
    }

    /// The netlink facts (links, addresses, routes, rules, neighbours) and their warnings.
    struct NetlinkPart: Sendable {
        var facts = MachineFacts(origin: .live)
        var warnings: [FactWarning] = []
    }

    /// Netlink facts, or all six `nil` plus a warning when the dump fails.
    static func readNetlink(_ options: Options) -> NetlinkPart {
        var part = NetlinkPart()
        readNetlink(options, into: &part.facts, warnings: &part.warnings)
        return part
    }

    private static func readNetlink(_ options: Options, into facts: inout MachineFacts, warnings: inout [FactWarning]) {
        do {
            let snapshot = try NetlinkReader.snapshot(
                namespacePath: options.netlinkNamespacePath, objectLimit: options.netlinkObjectLimit)
            for cut in snapshot.cuts {
                warnings.append(FactWarning(
                    section: cut.section.rawValue,
                    message: "netlink \(cut.request) answered \(cut.received) objects, more than \(cut.kept) (the limit): "
                        + "only the first \(cut.kept) were read"))
            }
            facts.links = snapshot.links
            facts.addresses = snapshot.addresses
            facts.routes = snapshot.routes
            facts.rules = snapshot.rules
            facts.rules6 = snapshot.rules6
            facts.neighbours = snapshot.neighbours
        } catch {
            warnings.append(FactWarning(
                section: FactSection.ipLink.rawValue,
                message: "\(error); links, addresses, routes, rules and neighbours are unknown"))
        }
    }

    /// Only `WSL_*`, `WSLENV` and `container`: other variables may hold secrets.
    static func relevantEnvironment(_ environment: [String: String]) -> [String: String] {
        environment.filter { key, _ in isRelevant(key) }
    }

    static func isRelevant(_ key: String) -> Bool { key.hasPrefix("WSL_") || key == "WSLENV" || key == "container" }

    /// The variables `relevantEnvironment` keeps, from this process's `environ(7)` (the first of a name given twice,
    /// as `getenv(3)`): the default of `Options.environment`. Only entries starting `WSL` or `container=` are turned
    /// into strings; `ProcessInfo.environment` decodes every variable into a dictionary at each call, a third of a
    /// million instructions here (docs/performance.md, "Live classify").
    public static func relevantProcessEnvironment() -> [String: String] {
        var found: [String: String] = [:]
        var cursor: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = environ
        while let entry = cursor.pointee {
            defer { cursor += 1 }
            guard strncmp(entry, "WSL", 3) == 0 || strncmp(entry, "container=", 10) == 0 else { continue }
            let text = String(cString: entry)
            guard let equals = text.firstIndex(of: "=") else { continue }
            let key = String(text[..<equals])
            if isRelevant(key) && found[key] == nil { found[key] = String(text[text.index(after: equals)...]) }
        }
        return found
    }

    static func nonEmpty(_ text: String) -> String? { text.isEmpty ? nil : text }
}
