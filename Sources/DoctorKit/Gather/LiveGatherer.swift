import Foundation
import Gateway
import NetProbe
#if canImport(Glibc)
import Glibc
#endif

/// Gathers the live observations the gateway checks need: probes, port owners, a trial bind, the
/// lock, and systemd units. Every source runs concurrently with its own time limit; a failure or a
/// timeout becomes part of the observation, never an error of the report.
public enum LiveGatherer {
    /// Directories searched for systemd user units (`~/.config/systemd/user`, `/etc/systemd/user`).
    public static func unitDirectories(home: String) -> [String] {
        [home + "/.config/systemd/user", "/etc/systemd/user"]
    }

    public static func gather(configuration c: DoctorConfiguration, home: String) -> LiveObservations {
        let port = c.port
        let probeTimeout = max(1, c.probeTimeoutMilliseconds)
        let probes = TimedJob<[ProbeResult]>(limitMilliseconds: probeTimeout * 2 + 1000) {
            .value(LoopbackProbe.probeBoth(port: port, timeout: .milliseconds(probeTimeout), selfInstanceId: nil))
        }
        let owners = TimedJob<PortSurvey>(limitMilliseconds: 3000) {
            let found = PortOwners.listeners(port: port)
            // Bind only when nothing listens: a running gateway is never disturbed.
            let bind: BindAttempt? = found.isEmpty ? PortHolder.tryBind(host: "127.0.0.1", port: port) : nil
            return .value(PortSurvey(owners: found, bind: bind))
        }
        let lock = TimedJob<LockState>(limitMilliseconds: 1500) {
            do { return .value(try LockInspector.inspect(paths: c.paths, port: port)) } catch { return .failed("\(error)") }
        }
        let lockDirectory = TimedJob<LockDirectoryState>(limitMilliseconds: 1000) {
            .value(inspectDirectory(c.paths.lockDirectory))
        }
        let units = TimedJob<[UnitFile]>(limitMilliseconds: 1500) {
            .value(readUnits(in: unitDirectories(home: home)))
        }
        let survey = owners.wait()
        let bind: Observation<BindAttempt>
        switch survey {
        case .value(let s): bind = s.bind.map { .value($0) } ?? .notGathered("Linux listeners found; no trial bind")
        case .failed(let e): bind = .failed(e)
        case .timedOut(let ms): bind = .timedOut(milliseconds: ms)
        case .notGathered(let why): bind = .notGathered(why)
        }
        return LiveObservations(
            probes: probes.wait(), portOwners: survey.map(\.owners), bindAttempt: bind, lock: lock.wait(),
            lockDirectory: lockDirectory.wait(), units: units.wait())
    }

    struct PortSurvey: Sendable {
        var owners: [PortOwner]
        var bind: BindAttempt?
    }

    /// `lstat` of the lock directory (never follows a symlink).
    static func inspectDirectory(_ path: String) -> LockDirectoryState {
        var st = stat()
        guard lstat(path, &st) == 0 else {
            return LockDirectoryState(path: path, exists: false, isSymlink: false, isDirectory: false, mode: 0,
                                      ownerUID: 0, currentUID: geteuid())
        }
        let type = st.st_mode & S_IFMT
        return LockDirectoryState(path: path, exists: true, isSymlink: type == S_IFLNK, isDirectory: type == S_IFDIR,
                                  mode: UInt32(st.st_mode & 0o777), ownerUID: st.st_uid, currentUID: geteuid())
    }

    /// Unit files (`*.service`, at most 256, 64 KiB each) in the given directories.
    static func readUnits(in directories: [String]) -> [UnitFile] {
        var out: [UnitFile] = []
        for dir in directories {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { continue }
            for name in names.sorted() where name.hasSuffix(".service") && out.count < 256 {
                let path = dir + "/" + name
                guard let data = FileManager.default.contents(atPath: path), data.count <= 65536,
                      let text = String(data: data, encoding: .utf8) else { continue }
                out.append(UnitFile(path: path, text: text))
            }
        }
        return out
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
