#if canImport(Glibc)
import Glibc
#endif
import Gateway
import NetProbe
import NetProbeLive

/// The edge of `StatePathTrust`: what `stat(2)` shows of the paths the gateway uses, read for its pure `judge`, and
/// the names of the owners its refusals show (`getpwuid_r(3)`).
extension StatePathTrust {
    /// Reads the entries of `paths` (edge): `lstat` of every prefix of the state directory as given, up to its first
    /// symlink, then `stat` of every prefix of its real path (`realpath(3)`), then every symlink met resolving the
    /// state directory (`lstat`: the link's owner), then the state directory (`stat`, following), every symlink met
    /// resolving the canvas root and the configuration file, the directories above the canvas root's real path that are not the state directory or above it,
    /// the canvas root, every directory beneath the canvas root's real path (breadth first, symlinks not followed, at
    /// most `canvasDirectoryLimit`) and the configuration file. Each path is judged once, in the first role it is
    /// met in: the state directory as the state directory, never as a directory above the canvas root. A path that
    /// does not exist is left out (nothing is trusted from it: the gateway creates what it needs private); one that
    /// cannot be stat'ed is a refusal.
    public static func inspect(_ paths: GatewayPaths) -> Result<[Entry], Refusal> {
        var walk = Walk()
        if let refusal = walk.state(paths) { return .failure(refusal) }
        return .success(walk.entries)
    }

    /// `inspect` judged for this process's effective uid (edge); the refusal names its owners (`named`).
    public static func inspection(_ paths: GatewayPaths) -> Inspection {
        let me = geteuid()
        var walk = Walk()
        if let refusal = walk.state(paths) { return Inspection(entries: [], refusal: named(refusal), effectiveUID: me) }
        return Inspection(entries: walk.entries, refusal: firstRefusal(walk.entries, effectiveUID: me).map(named),
                          effectiveUID: me, canvasDirectoriesUnchecked: walk.canvasTruncated)
    }

    /// The first refusal among the directories above `path` (`--token-file`'s file), judged as the directories
    /// above the state directory are (`judge`, role `tokenFileAncestor`), for this process's effective uid; nil when
    /// every one may be trusted. A relative `path` is taken from the working directory. Edge: `lstat` of every
    /// prefix as given up to its first symlink, then `stat` of every prefix of its real path, then `lstat` of every
    /// symlink met resolving it (the file itself included: role `tokenFileSymlink`); the refusal names its owners
    /// (`named`).
    public static func ancestorRefusal(of path: String) -> Refusal? {
        let absolute = path.hasPrefix("/") ? path : GatewayPaths.join(currentDirectory() ?? "/", path)
        var walk = Walk()
        if let refusal = walk.ancestors(of: absolute, real: realPath(absolute), .tokenFileAncestor) { return named(refusal) }
        walk.symlinks(resolving: absolute, .tokenFileSymlink)
        return firstRefusal(walk.entries, effectiveUID: geteuid()).map(named)
    }

    /// `refusal` with the owner's and the effective user's names from the password database (`getpwuid_r(3)`).
    public static func named(_ refusal: Refusal) -> Refusal {
        var named = refusal
        named.ownerName = PortOwners.userName(uid: refusal.entry.uid)
        named.effectiveUserName = PortOwners.userName(uid: refusal.effectiveUID)
        return named
    }

    /// The entries met so far, each path once (in the first role it is met in). Edge.
    struct Walk {
        var entries: [Entry] = []
        var seen = Set<String>()
        /// The symlinks met so far (a link and the directory it names share a path, judged each in its own role).
        var seenLinks = Set<String>()
        /// More directories beneath the canvas root than `canvasDirectoryLimit`: the rest were not read.
        var canvasTruncated = false

        /// The state directory's entries in `inspect`'s order; a path that cannot be stat'ed is the refusal.
        mutating func state(_ paths: GatewayPaths) -> Refusal? {
            let state = paths.stateDirectory
            let realState = StatePathTrust.realPath(state)
            if let refusal = ancestors(of: state, real: realState, .ancestor) { return refusal }
            // Every symlink the kernel follows to the state directory, then (once the state directory itself is judged,
            // so a foreign one is named as such) to the canvas root and the configuration file.
            symlinks(resolving: state, .symlink)
            if let refusal = add(state, .stateDirectory, follow: true) { return refusal }
            for path in [paths.canvasDirectory, GatewayPaths.join(state, "openclaw.json")] { symlinks(resolving: path, .symlink) }
            // The state directory's real path is the state directory (judged just above, through the path as given).
            if let realState { seen.insert(realState) }
            let realCanvas = StatePathTrust.realPath(paths.canvasDirectory)
            if let realCanvas {
                for ancestor in StatePathTrust.ancestors(of: realCanvas) {
                    if let refusal = add(ancestor, .canvasAncestor, follow: true) { return refusal }
                }
            }
            if let refusal = add(paths.canvasDirectory, .canvasRoot, follow: true) { return refusal }
            if let realCanvas { canvasDirectories(under: realCanvas, limit: StatePathTrust.canvasDirectoryLimit) }
            return add(GatewaySettings.filePath(stateDirectory: state), .configFile, follow: true)
        }

        /// Adds `path` as `stat` (`follow`) or `lstat` shows it; a missing path is left out, a symlink met without
        /// following too; a failed `stat` is the refusal.
        mutating func add(_ path: String, _ role: Role, follow: Bool) -> Refusal? {
            var st = stat()
            let rc = follow ? stat(path, &st) : lstat(path, &st)
            if rc != 0 {
                let code = errno
                if code == ENOENT || code == ENOTDIR { return nil }
                return Refusal(entry: Entry(path: path, role: role, uid: 0, mode: 0), problem: .unreadable,
                               effectiveUID: geteuid(), errno: code)
            }
            if !follow && (st.st_mode & S_IFMT) == S_IFLNK { return nil }
            guard seen.insert(path).inserted else { return nil }
            entries.append(Entry(path: path, role: role, uid: st.st_uid, mode: UInt32(st.st_mode & 0o7777)))
            return nil
        }

        /// The directories above `path` as given (`lstat`, up to its first symlink), then above its real path.
        mutating func ancestors(of path: String, real: String?, _ role: Role) -> Refusal? {
            for ancestor in StatePathTrust.ancestors(of: path) {
                var st = stat()
                if lstat(ancestor, &st) == 0 && (st.st_mode & S_IFMT) == S_IFLNK { break }
                if let refusal = add(ancestor, role, follow: false) { return refusal }
            }
            for ancestor in StatePathTrust.ancestors(of: real ?? "") {
                if let refusal = add(ancestor, role, follow: true) { return refusal }
            }
            return nil
        }

        /// Every symlink met while resolving the absolute `path` component by component as the kernel does (a link's
        /// target resolved in turn, links inside links too; `..` taken from the real path so far), as entries of
        /// `role` with the link's own owner (`lstat`). Stops at a component that does not exist or cannot be read
        /// (what follows is not reached by the kernel either) and after 40 links (`ELOOP`'s limit).
        mutating func symlinks(resolving path: String, _ role: Role) {
            var pending = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
            pending.reverse()
            var resolved = ""
            var links = 0
            while let component = pending.popLast() {
                if component == "." { continue }
                if component == ".." {
                    if let slash = resolved.lastIndex(of: "/") { resolved = String(resolved[..<slash]) }
                    continue
                }
                let candidate = resolved + "/" + component
                var st = stat()
                guard lstat(candidate, &st) == 0 else { return }
                guard (st.st_mode & S_IFMT) == S_IFLNK else { resolved = candidate; continue }
                links += 1
                guard links <= 40, let target = StatePathTrust.linkTarget(candidate) else { return }
                if seenLinks.insert(candidate).inserted {
                    entries.append(Entry(path: candidate, role: role, uid: st.st_uid, mode: UInt32(st.st_mode & 0o7777)))
                }
                if target.hasPrefix("/") { resolved = "" }
                pending.append(contentsOf: target.split(separator: "/", omittingEmptySubsequences: true).map(String.init).reversed())
            }
        }

        /// Every directory beneath `root` (a real path), breadth first, as `canvasDirectory` entries: each opened
        /// `O_DIRECTORY | O_NOFOLLOW`, its entries read with `readdir(3)` and typed with `fstatat(AT_SYMLINK_NOFOLLOW)`
        /// (a symlink is never followed: the canvas serves through one only beneath the root, `BeneathOpen`, so its
        /// target is one of these directories or refused per request). A directory this user cannot open is not
        /// walked (nothing in it can be served either). Stops after `limit` directories (`canvasTruncated`).
        mutating func canvasDirectories(under root: String, limit: Int) {
            var queue = [root]
            var next = 0
            var found = 0
            while next < queue.count {
                let directory = queue[next]
                next += 1
                let fd = open(directory, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
                guard fd >= 0 else { continue }
                guard let stream = fdopendir(fd) else { close(fd); continue }
                defer { closedir(stream) }
                while let item = readdir(stream) {
                    let name = withUnsafeBytes(of: item.pointee.d_name) { raw in
                        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                    }
                    if name == "." || name == ".." { continue }
                    let type = Int32(item.pointee.d_type)
                    guard type == Int32(DT_DIR) || type == Int32(DT_UNKNOWN) else { continue }
                    var st = stat()
                    guard fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0, (st.st_mode & S_IFMT) == S_IFDIR else { continue }
                    if found >= limit { canvasTruncated = true; return }
                    found += 1
                    let path = directory == "/" ? "/" + name : directory + "/" + name
                    guard seen.insert(path).inserted else { continue }
                    entries.append(Entry(path: path, role: .canvasDirectory, uid: st.st_uid, mode: UInt32(st.st_mode & 0o7777)))
                    queue.append(path)
                }
            }
        }
    }

    static func currentDirectory() -> String? {
        guard let cwd = getcwd(nil, 0) else { return nil }
        defer { free(cwd) }
        return String(cString: cwd)
    }

    /// `readlink(2)` of `path`; nil when it is not a readable symlink.
    static func linkTarget(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
