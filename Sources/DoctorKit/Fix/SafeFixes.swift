import FoundationEssentials
import NetProbe
import Gateway
import GatewayLive
#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// A local, safe repair `--fix` may apply. Never touches Windows files.
public struct PlannedFix: Sendable, Equatable {
    public enum Action: Sendable, Equatable {
        /// Create the lock directory (and parents) with mode 0700.
        case createPrivateDirectory(path: String)
        /// `chmod 700` a directory we own that is not a symlink.
        case tightenDirectory(path: String, from: UInt32)
        /// Write the systemd user unit (keeping the old file under an unused name: `.bak`, else `.bak.N`).
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
    /// The repairs the current state calls for. Pure over the observations.
    ///
    /// - the lock directory: created 0700 when missing, `chmod 700` when it is the gateway's own
    ///   (`LockDirectoryState.gatewayOwned`: ours, reached without a symlink, holding only lock files) and looser;
    ///   anything else (a symlink, another user's directory, `/run`) is never touched (the check reports it), and
    ///   nothing is made or changed inside a state directory `gateway run` would refuse (`gateway.state`: another
    ///   account's, or writable by others; a root `--fix` must not create directories where that account chooses);
    /// - the systemd user unit `~/.config/systemd/user/openclaw-gateway.service`: rewritten (old file kept under a
    ///   new, unused name) when that file runs the gateway for the port without `RestartPreventExitStatus=78` (the
    ///   `supervisor.systemd` warning). No unit is installed where none exists: running under systemd is a choice,
    ///   not a repair (`supervisor.systemd` is ok then; `openclaw gateway unit` prints one).
    ///
    /// Nothing under a Windows drive (`/mnt/<letter>/`) is ever planned.
    public static func plan(live: LiveObservations, configuration: DoctorConfiguration, home: String, executable: String) -> [PlannedFix] {
        var fixes: [PlannedFix] = []
        let stateRefused = live.stateDirectory.value?.refusal != nil
        let inState = { (path: String) in path.hasPrefix(configuration.paths.stateDirectory + "/") }
        if let dir = live.lockDirectory.value, !isWindowsPath(dir.path), !(stateRefused && inState(dir.path)) {
            if !dir.exists {
                fixes.append(PlannedFix(checkId: "gateway.lock", action: .createPrivateDirectory(path: dir.path),
                                        before: "\(dir.path) does not exist", after: "\(dir.path) drwx------ (0700)"))
            } else if dir.isDirectory && !dir.isSymlink && dir.ownerUID == dir.currentUID && dir.gatewayOwned && dir.mode & 0o077 != 0 {
                fixes.append(PlannedFix(checkId: "gateway.lock", action: .tightenDirectory(path: dir.path, from: dir.mode),
                                        before: "\(dir.path) mode \(String(dir.mode, radix: 8))", after: "\(dir.path) mode 700"))
            }
        }
        if let units = live.units.value, let fix = unitFix(units: units, configuration: configuration, home: home, executable: executable) {
            fixes.append(fix)
        }
        return fixes
    }

    /// The unit file `--fix` writes: `openclaw-gateway.service`, or `openclaw-gateway-PORT.service` when the
    /// former serves another port.
    public static func unitPath(home: String, port: UInt16? = nil) -> String {
        home + "/.config/systemd/user/openclaw-gateway" + (port.map { "-\($0)" } ?? "") + ".service"
    }

    private static func unitFix(units: [UnitFile], configuration: DoctorConfiguration, home: String, executable: String) -> PlannedFix? {
        let port = configuration.port
        let forPort = GatewayUnit.effective(units).filter { $0.port == port }
        // A unit elsewhere (another name, /etc) that serves the port: the check names it; a person edits it.
        if !forPort.isEmpty && !forPort.contains(where: { $0.path.hasPrefix(home + "/.config/systemd/user/openclaw-gateway") }) {
            return nil
        }
        for target in [unitPath(home: home), unitPath(home: home, port: port)] where !isWindowsPath(target) {
            let existing = units.first { $0.path == target }
            let unit = existing.flatMap(GatewayUnit.init)
            // A file that serves another port (or is not a gateway unit) is never overwritten; with a unit for the
            // port elsewhere, no new file is written.
            if existing != nil && unit?.port != port { continue }
            // Only a unit that exists and needs the repair is written.
            if existing == nil { continue }
            if let unit, unit.preventsRestartOn78 { return nil }
            let contents = SystemdUnit.render(executable: executable, port: port, stateDirectory: configuration.stateDirOverride)
            return PlannedFix(
                checkId: "supervisor.systemd",
                action: .writeUnit(path: target, contents: contents, replacing: existing != nil),
                before: existing != nil ? "\(target) without RestartPreventExitStatus=78"
                    : "no systemd user unit runs the gateway for port \(port)",
                after: "\(target) as `openclaw gateway unit` writes it (Restart=always, RestartPreventExitStatus=78)"
                    + (existing != nil ? "; the old file kept as \(target).bak (or .bak.N when that name is taken)" : "")
                    + "; start it with: systemctl --user daemon-reload && systemctl --user enable --now \(PathText.lastComponent(target))")
        }
        return nil
    }

    /// `/mnt/c/...`: a Windows drive under WSL, which `--fix` never touches.
    static func isWindowsPath(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        return parts.count >= 2 && parts[0] == "mnt" && parts[1].count == 1 && parts[1].first?.isLetter == true
    }

    /// Applies one repair; the error text when it could not (then nothing was changed). Re-checks everything it
    /// relies on right before the change, never follows a symlink, never changes what is not ours, never deletes.
    public static func apply(_ fix: PlannedFix) -> String? {
        switch fix.action {
        case .createPrivateDirectory(let path):
            switch PrivateDirectory.create(path) {
            case .failure(let failure):
                return "\(failure.call) \(failure.path): \(Errno(rawValue: failure.errno).description)"
            case .success(.existed):
                return "\(path) appeared since it was checked; not changed"
            case .success(.created):
                return nil
            }
        case .tightenDirectory(let path, _):
            return FixFiles.tightenGatewayDirectory(path)
        case .writeUnit(let path, let contents, let replacing):
            return FixFiles.writeUnit(path: path, contents: contents, replacing: replacing)
        }
    }
}
