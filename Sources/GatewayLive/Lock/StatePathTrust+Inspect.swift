#if canImport(Glibc)
import Glibc
#endif
import Gateway
import NetProbe
import NetProbeLive

/// The edge of `StatePathTrust`: `stat(2)` of the paths the gateway uses, and the names of their owners.
extension StatePathTrust {
    /// Reads the entries of `paths` (edge): `lstat` of every prefix of the state directory as given, up to its first
    /// symlink, then `stat` of every prefix of its real path (`realpath(3)`), then the state directory, the canvas
    /// root and the configuration file (`stat`, following). A path that does not exist is left out (nothing is
    /// trusted from it: the gateway creates what it needs private); one that cannot be stat'ed is a refusal.
    public static func inspect(_ paths: GatewayPaths) -> Result<[Entry], Refusal> {
        var entries: [Entry] = []
        var seen = Set<String>()
        func add(_ path: String, _ role: Role, follow: Bool) -> Refusal? {
            var st = stat()
            let rc = follow ? stat(path, &st) : lstat(path, &st)
            if rc != 0 {
                let code = errno
                if code == ENOENT || code == ENOTDIR { return nil }
                return Refusal(entry: Entry(path: path, role: role, uid: 0, mode: 0), problem: .unreadable,
                               effectiveUID: geteuid(), errno: code)
            }
            if !follow && (st.st_mode & S_IFMT) == S_IFLNK { return nil }
            guard seen.insert("\(role.rawValue)\u{0}\(path)").inserted else { return nil }
            entries.append(Entry(path: path, role: role, uid: st.st_uid, mode: UInt32(st.st_mode & 0o7777)))
            return nil
        }
        let state = paths.stateDirectory
        for ancestor in ancestors(of: state) {
            var st = stat()
            if lstat(ancestor, &st) == 0 && (st.st_mode & S_IFMT) == S_IFLNK { break }
            if let refusal = add(ancestor, .ancestor, follow: false) { return .failure(refusal) }
        }
        if let real = realPath(state) {
            for ancestor in ancestors(of: real) {
                if let refusal = add(ancestor, .ancestor, follow: true) { return .failure(refusal) }
            }
        }
        if let realCanvas = realPath(paths.canvasDirectory) {
            for ancestor in ancestors(of: realCanvas) {
                if let refusal = add(ancestor, .ancestor, follow: true) { return .failure(refusal) }
            }
        }
        for (path, role) in [(state, Role.stateDirectory), (paths.canvasDirectory, .canvasRoot),
                             (GatewaySettings.filePath(stateDirectory: state), .configFile)] {
            if let refusal = add(path, role, follow: true) { return .failure(refusal) }
        }
        return .success(entries)
    }

    /// `inspect` judged for this process's effective uid (edge).
    public static func inspection(_ paths: GatewayPaths) -> Inspection {
        let me = geteuid()
        switch inspect(paths) {
        case .failure(let refusal): return Inspection(entries: [], refusal: named(refusal), effectiveUID: me)
        case .success(let entries): return Inspection(entries: entries, refusal: firstRefusal(entries, effectiveUID: me).map(named), effectiveUID: me)
        }
    }

    /// `refusal` with the owner's and the effective user's names from the password database (`getpwuid_r(3)`).
    public static func named(_ refusal: Refusal) -> Refusal {
        var named = refusal
        named.ownerName = PortOwners.userName(uid: refusal.entry.uid)
        named.effectiveUserName = PortOwners.userName(uid: refusal.effectiveUID)
        return named
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
