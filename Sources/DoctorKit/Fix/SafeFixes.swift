import Foundation
import Gateway
#if canImport(Glibc)
import Glibc
#endif

/// A local, safe repair `--fix` may apply. Never touches Windows files.
public struct PlannedFix: Sendable, Equatable {
    public enum Action: Sendable, Equatable {
        /// Create the lock directory (and parents) with mode 0700.
        case createPrivateDirectory(path: String)
        /// `chmod 700` a directory we own that is not a symlink.
        case tightenDirectory(path: String, from: UInt32)
        /// Write the systemd user unit (keeping the old file as `.bak`).
        case writeUnit(path: String, contents: String, replacing: Bool)
    }

    public var checkId: String
    public var action: Action
    /// What is there now.
    public var before: String
    /// What there will be.
    public var after: String
}

/// Plans and applies `--fix`. Planning is pure over the report's inputs; applying is the edge.
public enum SafeFixes {
    /// The repairs the current state calls for.
    public static func plan(live: LiveObservations, configuration: DoctorConfiguration, home: String, executable: String) -> [PlannedFix] {
        var fixes: [PlannedFix] = []
        if let dir = live.lockDirectory.value {
            if !dir.exists {
                fixes.append(PlannedFix(checkId: "gateway.lock", action: .createPrivateDirectory(path: dir.path),
                                        before: "\(dir.path) does not exist", after: "\(dir.path) drwx------"))
            } else if dir.isDirectory && !dir.isSymlink && dir.ownerUID == dir.currentUID && dir.mode & 0o077 != 0 {
                fixes.append(PlannedFix(checkId: "gateway.lock", action: .tightenDirectory(path: dir.path, from: dir.mode),
                                        before: "\(dir.path) mode \(String(dir.mode, radix: 8))", after: "\(dir.path) mode 700"))
            }
        }
        if let units = live.units.value {
            let gatewayUnits = units.compactMap(GatewayUnit.init).filter { $0.port == configuration.port }
            let target = home + "/.config/systemd/user/openclaw-gateway.service"
            let needsUnit = gatewayUnits.isEmpty || gatewayUnits.contains { !$0.preventsRestartOn78 && $0.path == target }
            if needsUnit {
                let contents = SystemdUnit.render(executable: executable, port: configuration.port,
                                                  stateDirectory: configuration.stateDirOverride)
                let exists = FileManager.default.fileExists(atPath: target)
                fixes.append(PlannedFix(checkId: "supervisor.systemd",
                                        action: .writeUnit(path: target, contents: contents, replacing: exists),
                                        before: exists ? "\(target) without RestartPreventExitStatus=78" : "no gateway unit",
                                        after: "\(target) from `openclaw gateway unit` (Restart=always, RestartPreventExitStatus=78)"))
            }
        }
        return fixes
    }

    /// Applies one repair; the error text when it could not.
    public static func apply(_ fix: PlannedFix) -> String? {
        switch fix.action {
        case .createPrivateDirectory(let path):
            do {
                let parent = (path as NSString).deletingLastPathComponent
                try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
                guard mkdir(path, 0o700) == 0 || errno == EEXIST else { return "mkdir \(path): \(String(cString: strerror(errno)))" }
                return chmod(path, 0o700) == 0 ? nil : "chmod \(path): \(String(cString: strerror(errno)))"
            } catch {
                return "\(error)"
            }
        case .tightenDirectory(let path, _):
            var st = stat()
            guard lstat(path, &st) == 0, st.st_mode & S_IFMT == S_IFDIR, st.st_uid == geteuid() else {
                return "\(path) changed since it was checked; not touched"
            }
            return chmod(path, 0o700) == 0 ? nil : "chmod \(path): \(String(cString: strerror(errno)))"
        case .writeUnit(let path, let contents, let replacing):
            do {
                try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                if replacing {
                    _ = try? FileManager.default.removeItem(atPath: path + ".bak")
                    try FileManager.default.copyItem(atPath: path, toPath: path + ".bak")
                }
                try contents.write(toFile: path, atomically: true, encoding: .utf8)
                return nil
            } catch {
                return "\(error)"
            }
        }
    }
}
