import FoundationEssentials
import Gateway
import GatewayLive
import NetProbe
import NetProbeLive
#if canImport(Glibc)
import Glibc
#endif

/// Gathers the live observations the gateway checks need: probes, port owners, a trial bind, the lock, the lock
/// directory, and systemd units. Every source runs concurrently on its own thread with its own time limit; a failure
/// or a timeout becomes part of the observation, never an error of the report. Sources not asked for are
/// `.notGathered`.
///
/// Kernel interfaces: TCP `connect(2)` to 127.0.0.1 and ::1 (`LoopbackProbe`; the reachability rows through
/// `ReachProbes`), a `NETLINK_SOCK_DIAG` dump of the listeners (`/proc/net/tcp{,6}` when it fails) and
/// `/proc/*/fd` (`PortOwners`), `bind(2)`/`listen(2)` (`PortHolder.tryBind`), `open(O_NOFOLLOW)` + `flock(2)`
/// (`LockInspector`), `lstat(2)`, and plain reads of unit files.
public enum LiveGatherer {
    /// The limit of each local source (`/proc`, the lock, unit files, the state directory): a bound against a stalled
    /// filesystem or a process stuck in the kernel, not a speed target. On a quiet machine each takes milliseconds; on
    /// one at load 40 on 2 cores the port owners' `/proc/*/fd` walk took over 3 s of wall time for 60 ms of CPU,
    /// which a 3 s limit reported as "did not finish".
    static let localSourceLimitMilliseconds = 10_000

    /// Directories searched for systemd user units, highest precedence first.
    public static func unitDirectories(home: String) -> [String] {
        [home + "/.config/systemd/user", "/etc/systemd/user", "/usr/lib/systemd/user"]
    }

    /// Gathering under way: started by `begin`, collected by `wait`.
    public struct Pending: Sendable {
        fileprivate let collect: @Sendable () -> LiveObservations

        /// Waits for every source (each within its own limit) and returns the observations.
        public func wait() -> LiveObservations { collect() }
    }

    /// Gathers and waits.
    public static func gather(
        configuration c: DoctorConfiguration, home: String, sources: Set<LiveSource> = Set(LiveSource.allCases)
    ) -> LiveObservations {
        begin(port: c.port, paths: c.paths, probeTimeoutMilliseconds: c.probeTimeoutMilliseconds, home: home, sources: sources).wait()
    }

    /// Starts gathering `sources` for `port` and returns at once, so reading `MachineFacts` can overlap with it.
    /// `windows`: the Windows half's options for the reachability rows from Windows (`curl.exe` through interop);
    /// `nil`: those rows are not tried.
    public static func begin(
        port: UInt16, paths: GatewayPaths, probeTimeoutMilliseconds: Int, home: String,
        sources: Set<LiveSource> = Set(LiveSource.allCases), windows: WindowsToolRunner.Options? = nil
    ) -> Pending {
        let probeTimeout = max(1, probeTimeoutMilliseconds)
        let skipped = "not needed by the selected checks"
        let probes = sources.contains(.probes) ? TimedJob<[ProbeResult]>(limitMilliseconds: probeTimeout * 2 + 1000) {
            .value(LoopbackProbe.probeBoth(port: port, timeout: .milliseconds(probeTimeout), selfInstanceId: nil))
        } : nil
        let owners = sources.contains(.portOwners) ? TimedJob<PortSurvey>(limitMilliseconds: localSourceLimitMilliseconds) {
            let found = PortOwners.listeners(port: port)
            // Bind only when nothing listens: a running gateway is never disturbed.
            let bind: BindAttempt? = found.isEmpty ? PortHolder.tryBind(host: "127.0.0.1", port: port) : nil
            return .value(PortSurvey(owners: found, bind: bind))
        } : nil
        let lock = sources.contains(.lock) ? TimedJob<LockState>(limitMilliseconds: localSourceLimitMilliseconds) {
            // `LockInspector` opens the directory through the gateway's own checks, which tighten a loose mode with
            // fchmod: a report must not change the machine, so an unsafe directory is reported, never opened.
            if let unreadable = unreadablePath(paths.lockDirectory) { return .notGathered(unreadable) }
            let directory = inspectDirectory(paths.lockDirectory)
            if directory.exists && !directory.isPrivate {
                return .notGathered("the lock directory is not private; not opened")
            }
            do { return .value(try LockInspector.inspect(paths: paths, port: port)) } catch { return .failed("\(error)") }
        } : nil
        // `gateway stop`'s verification of the holder (read-only: the lock, /proc/locks, /proc/PID/stat and exe),
        // through a private lock directory only, as the lock itself.
        let lockHolder = sources.contains(.lock) ? TimedJob<GatewayStopper.HolderVerification>(limitMilliseconds: localSourceLimitMilliseconds) {
            if let unreadable = unreadablePath(paths.lockDirectory) { return .notGathered(unreadable) }
            let directory = inspectDirectory(paths.lockDirectory)
            if directory.exists && !directory.isPrivate { return .notGathered("the lock directory is not private; not opened") }
            do { return .value(try GatewayStopper.verifyHolder(paths: paths, port: port)) } catch { return .failed("\(error)") }
        } : nil
        let lockDirectory = sources.contains(.lockDirectory) ? TimedJob<LockDirectoryState>(limitMilliseconds: localSourceLimitMilliseconds) {
            if let unreadable = unreadablePath(paths.lockDirectory) { return .failed(unreadable) }
            return .value(inspectDirectory(paths.lockDirectory))
        } : nil
        let units = sources.contains(.units) ? TimedJob<[UnitFile]>(limitMilliseconds: localSourceLimitMilliseconds) {
            .value(readUnits(in: unitDirectories(home: home)))
        } : nil
        let stateDirectory = sources.contains(.stateDirectory) ? TimedJob<StatePathTrust.Inspection>(limitMilliseconds: localSourceLimitMilliseconds) {
            .value(StatePathTrust.inspection(paths))
        } : nil
        let commandLines = sources.contains(.holderCommandLines) ? TimedJob<[HolderCommandLine]>(limitMilliseconds: localSourceLimitMilliseconds) {
            // The port owners' walk of /proc once: this source reads the owners job's listeners when it ran.
            let listeners: [PortOwner]
            if let owners, case .value(let survey) = owners.wait() { listeners = survey.owners } else { listeners = PortOwners.listeners(port: port) }
            return .value(holderCommandLines(listeners: listeners, paths: paths, port: port))
        } : nil
        let windowsMs = windows.map { Int($0.timeout.components.seconds * 1000 + $0.timeout.components.attoseconds / 1_000_000_000_000_000) } ?? 0
        let reach = sources.contains(.reach) ? TimedJob<ReachGathered>(limitMilliseconds: max(probeTimeout * 2, windowsMs) + 1000) {
            .value(ReachGathered(
                // 127.0.0.1 and ::1 are probed once, by the loopback probe above, when it runs: `Pending` puts its
                // results in (`ReachTargets.merging`), so gateway.probe and gateway.reach read one result per address.
                observations: ReachProbes.run(port: port, options: ReachProbes.Options(
                    timeout: .milliseconds(probeTimeout), windows: windows,
                    windowsNotAsked: "not asked (the doctor was given no Windows options)",
                    skipLinuxHosts: probes == nil ? [] : ReachTargets.loopbackProbeHosts)),
                bootId: ProcessInfoReader.bootId().isEmpty ? nil : ProcessInfoReader.bootId()))
        } : nil
        return Pending {
            let survey = owners?.wait() ?? .notGathered(skipped)
            let bind: Observation<BindAttempt>
            switch survey {
            case .value(let s): bind = s.bind.map { .value($0) } ?? .notGathered("Linux listeners found; no trial bind")
            case .failed(let e): bind = .failed(e)
            case .timedOut(let ms): bind = .timedOut(milliseconds: ms)
            case .notGathered(let why): bind = .notGathered(why)
            }
            let probed = probes?.wait() ?? .notGathered(skipped)
            // The capture of a bug report carries the reach section whole: the loopback probe's rows in it too.
            let reached = (reach?.wait() ?? .notGathered(skipped)).map { gathered in
                ReachGathered(observations: ReachTargets.merging(gathered.observations, probes: probed.value), bootId: gathered.bootId)
            }
            return LiveObservations(
                probes: probed, portOwners: survey.map(\.owners), bindAttempt: bind,
                lock: lock?.wait() ?? .notGathered(skipped), lockDirectory: lockDirectory?.wait() ?? .notGathered(skipped),
                units: units?.wait() ?? .notGathered(skipped), reach: reached,
                stateDirectory: stateDirectory?.wait() ?? .notGathered(skipped),
                holderCommandLines: commandLines?.wait() ?? .notGathered(skipped),
                lockHolder: lockHolder?.wait() ?? .notGathered(skipped))
        }
    }

    /// The command lines of the port's listeners (`PortOwners`, this process left out) and of the lock holder when
    /// `gateway stop` would verify it (`GatewayStopper.verifyHolder`; only through a private lock directory, which
    /// the read does not change), masked as they are read (`HolderCommandLine`).
    static func holderCommandLines(listeners: [PortOwner], paths: GatewayPaths, port: UInt16) -> [HolderCommandLine] {
        var roles: [Int32: [String]] = [:]
        for owner in listeners where !owner.isSelf {
            guard let pid = owner.pid else { continue }
            if roles[pid]?.contains("port holder") != true { roles[pid, default: []].append("port holder") }
        }
        let directory = inspectDirectory(paths.lockDirectory)
        if directory.isPrivate, case .verified(let pid, _)? = try? GatewayStopper.verifyHolder(paths: paths, port: port) {
            roles[pid, default: []].append("lock holder")
        }
        return roles.keys.sorted().compactMap { pid in
            // Raw here (`PortOwner.cmdline` is masked already): `HolderCommandLine` masks it and keeps only that.
            guard let data = PortOwners.commandLineBytes(pid: pid) else { return nil }
            let arguments = PortOwners.splitCmdline(data)
            guard !arguments.isEmpty else { return nil }
            return HolderCommandLine(pid: pid, role: (roles[pid] ?? []).joined(separator: " and "), arguments: arguments)
        }
    }

    struct PortSurvey: Sendable {
        var owners: [PortOwner]
        var bind: BindAttempt?
    }

    /// Why `lstat(2)` of `path` failed, when it failed for another reason than "does not exist" (`EACCES` when a
    /// parent such as another user's HOME cannot be searched): "cannot read /root/.openclaw/run: Permission denied
    /// (errno 13) as uid 65534". Nil when it exists or does not exist.
    static func unreadablePath(_ path: String) -> String? {
        var st = stat()
        if lstat(path, &st) == 0 { return nil }
        let code = errno
        if code == ENOENT || code == ENOTDIR { return nil }
        return "cannot read \(path): \(DescriptorWrite.describe(code)) as uid \(geteuid())"
    }

    /// `lstat(2)` of the lock directory (never follows a symlink).
    public static func inspectDirectory(_ path: String) -> LockDirectoryState {
        var st = stat()
        guard lstat(path, &st) == 0 else {
            return LockDirectoryState(path: path, exists: false, isSymlink: false, isDirectory: false, mode: 0,
                                      ownerUID: 0, currentUID: geteuid())
        }
        let type = st.st_mode & S_IFMT
        return LockDirectoryState(path: path, exists: true, isSymlink: type == S_IFLNK, isDirectory: type == S_IFDIR,
                                  mode: UInt32(st.st_mode & 0o777), ownerUID: st.st_uid, currentUID: geteuid(),
                                  gatewayOwned: type == S_IFDIR && isGatewayOwned(path))
    }

    /// True when `path` (absolute) is reached without a symlink (no component is one; `..` may be) and holds nothing but
    /// `gateway-*.lock` entries: a directory the gateway made, not `/run` or the target of a symlinked state directory.
    public static func isGatewayOwned(_ path: String) -> Bool {
        // Reached without a symlink: no component of the path as given is one (`lstat` of every prefix). A `..`
        // names a real directory (`--state-dir ../state`): comparing `realpath(3)` with the text refused it.
        var prefix = ""
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            prefix += "/" + component
            var st = stat()
            guard lstat(prefix, &st) == 0, (st.st_mode & S_IFMT) != S_IFLNK else { return false }
        }
        guard path.hasPrefix("/"), let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return false }
        return names.allSatisfy { $0.hasPrefix("gateway-") && $0.hasSuffix(".lock") }
    }

    /// Unit files (`*.service`, at most 256, 64 KiB each) in the given directories, in directory order, each with
    /// its drop-ins (`NAME.service.d/*.conf` from every directory; of equal names the first directory's, sorted).
    public static func readUnits(in directories: [String]) -> [UnitFile] {
        var out: [UnitFile] = []
        for dir in directories {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { continue }
            for name in names.sorted() where name.hasSuffix(".service") && out.count < 256 {
                let path = dir + "/" + name
                guard let text = readSmallText(path) else { continue }
                out.append(UnitFile(path: path, text: text, dropIns: dropIns(for: name, in: directories)))
            }
        }
        return out
    }

    private static func dropIns(for name: String, in directories: [String]) -> [UnitFile] {
        var byName: [String: UnitFile] = [:]
        for dir in directories {
            let folder = dir + "/" + name + ".d"
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { continue }
            for file in names where file.hasSuffix(".conf") && byName[file] == nil && byName.count < 64 {
                if let text = readSmallText(folder + "/" + file) { byName[file] = UnitFile(path: folder + "/" + file, text: text) }
            }
        }
        return byName.keys.sorted().compactMap { byName[$0] }
    }

    /// A regular file's UTF-8 text when it is at most `GatewayUnitReading.fileLimit` (64 KiB); a masked unit (a
    /// symlink to `/dev/null`) reads as "". `SmallFileReader`: a FIFO or another device is skipped, never waited on.
    private static func readSmallText(_ path: String) -> String? {
        guard case .success(let bytes) = SmallFileReader.whole(path, limit: GatewayUnitReading.fileLimit, nullDeviceIsEmpty: true) else {
            return nil
        }
        return String(validating: bytes, as: UTF8.self)
    }
}

extension Observation {
    func map<T: Sendable>(_ transform: (Value) -> T) -> Observation<T> {
        switch self {
        case .value(let v): return .value(transform(v))
        case .notGathered(let why): return .notGathered(why)
        case .failed(let e): return .failed(e)
        case .timedOut(let ms): return .timedOut(milliseconds: ms)
        }
    }
}
