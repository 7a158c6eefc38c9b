import Gateway
import NetProbe

/// `gateway.lock`: the per-port instance lock.
///
/// ok: held by a live gateway (its metadata), or free (no file, or a file nobody holds); warn: held but the
/// metadata is unreadable, or the lock could not be looked at (a path this user cannot read, such as another
/// user's HOME: the state is unknown, and a gateway run by this user could not take the lock there either); fail: the lock directory is unsafe (a symlink, not a directory, another user's, or
/// group/other permission bits), or the lock could not be read.
enum LockCheck {
    static let id = "gateway.lock"

    static let check = DoctorCheck(
        id: id, summary: "The instance lock: held by a live gateway (its metadata), free, or unsafe (permissions, symlink)",
        liveSources: [.lock, .lockDirectory]
    ) { inputs in
        let lockPath = inputs.configuration.paths.lockFile(port: inputs.port)
        if let dir = inputs.live.lockDirectory.value, dir.exists {
            if dir.isSymlink || !dir.isDirectory || dir.ownerUID != dir.currentUID {
                let what = dir.isSymlink ? "is a symlink" : (!dir.isDirectory ? "is not a directory" : "is owned by uid \(dir.ownerUID)")
                return CheckResult(id: id, status: .fail, title: "the lock directory \(dir.path) \(what)",
                                   detail: ["the gateway refuses to use it: another user could take or fake the lock"],
                                   fix: "remove \(dir.path) (check what it is first); the gateway recreates it private",
                                   data: ["directory": .string(dir.path), "symlink": .bool(dir.isSymlink),
                                          "isDirectory": .bool(dir.isDirectory), "ownerUID": .number(Double(dir.ownerUID))],
                                   path: dir.path)
            }
            if dir.mode & 0o077 != 0 {
                return CheckResult(id: id, status: .fail,
                                   title: "the lock directory \(dir.path) is not private (mode \(String(dir.mode, radix: 8)))",
                                   detail: ["other users could list or replace lock files in it"],
                                   fix: dir.gatewayOwned ? "chmod 700 \(dir.path)  (or: openclaw-doctor --fix)"
                                       : "use a private --state-dir; \(dir.path) is not the gateway's own directory (it holds other "
                                       + "files or is reached through a symlink), so --fix does not change it",
                                   data: ["directory": .string(dir.path), "mode": .string(String(dir.mode, radix: 8))],
                                   path: dir.path)
            }
        }
        switch inputs.live.lock {
        case .value(.held(let metadata)):
            guard let m = metadata else {
                return CheckResult(id: id, status: .warn, title: "held by a live process, metadata unreadable",
                                   detail: ["a process holds the flock on \(lockPath) but its first line is not gateway metadata"],
                                   fix: "openclaw gateway status --port \(inputs.port)",
                                   data: ["held": true], path: lockPath)
            }
            var data: [String: JSONValue] = ["held": true]
            if case .object(let o) = JSONValue(encoding: m) { data.merge(o) { kept, _ in kept } }
            let started = "started \(m.startedAt), addresses \(m.bindAddresses.joined(separator: ", ")), strategy \(m.strategy)"
            // The metadata's pid is a claim: named only once gateway stop's verification confirms it.
            switch inputs.live.lockHolder {
            case .value(.verified(let pid, _)):
                data["verifiedPid"] = .number(Double(pid))
                return CheckResult(id: id, status: .ok, title: "held by gateway pid \(pid), instance \(m.instanceId), \(m.status.rawValue)",
                                   detail: [started], data: .object(data), path: lockPath)
            case .value(.mismatch(let why)), .value(.unverifiable(let why)):
                data["unverified"] = .string(why)
                return CheckResult(id: id, status: .warn,
                                   title: "held by a process whose metadata claims gateway instance \(m.instanceId), \(m.status.rawValue); the holder is unverified",
                                   detail: ["not verified as `openclaw gateway stop` verifies it: \(why)", "its metadata claims: \(started)"],
                                   fix: "openclaw gateway status --port \(inputs.port)", data: .object(data), path: lockPath)
            case let other:
                let why = other.value == .notHeld ? "the lock was released while it was checked" : (other.problem ?? "not checked")
                return CheckResult(id: id, status: .ok,
                                   title: "held by gateway instance \(m.instanceId), \(m.status.rawValue) (pid not verified: \(why))",
                                   detail: [started], data: .object(data), path: lockPath)
            }
        case .value(.free(let metadata)):
            var detail: [String] = []
            // The file's metadata is what its last writer claimed; with nobody holding the lock, nothing can verify it.
            if let m = metadata {
                detail.append("the file's metadata claims a last holder pid \(m.pid), instance \(m.instanceId) (unverified: no process holds the lock now)")
            }
            return CheckResult(id: id, status: .ok, title: "free: no gateway holds the lock for port \(inputs.port)",
                               detail: detail, data: ["held": false, "file": true], path: lockPath)
        case .value(.absent):
            return CheckResult(id: id, status: .ok, title: "free: no lock file for port \(inputs.port)",
                               data: ["held": false, "file": false], path: lockPath)
        case .notGathered(let why):
            return CheckResult(id: id, status: .warn, title: "lock not read: \(why)",
                               detail: ["the lock's state is unknown; a gateway run by this user with this state directory could not use it either"],
                               fix: "run as the user who owns the state directory, or point --state-dir (or OPENCLAW_STATE_DIR) at a directory this user can write",
                               data: ["error": .string(why)], path: lockPath)
        case let other:
            let why = other.problem ?? "unknown"
            return CheckResult(id: id, status: .fail, title: "could not read the lock: \(why)",
                               data: ["error": .string(why)], path: lockPath)
        }
    }
}
