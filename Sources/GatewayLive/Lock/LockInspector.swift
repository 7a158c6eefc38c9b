#if canImport(Glibc)
import Glibc
#endif
import Gateway

/// Reads a lock for `status`, `stop` and messages: opens read-only with `O_NOFOLLOW | O_NONBLOCK` after the checks of
/// `LockFileIO` (a FIFO, device or hard-linked file is refused, never waited on), never creates or truncates,
/// and learns whether it is held with `flock(LOCK_SH | LOCK_NB)` (released at once).
public enum LockInspector {
    /// The state of the lock for `port`.
    public static func inspect(paths: GatewayPaths, port: UInt16) throws(LockError) -> LockState {
        try inspectFile(paths: paths, port: port).state
    }

    /// The state of the lock for `port` and the lock file's identity as `/proc/locks` names it (nil when absent).
    public static func inspectFile(paths: GatewayPaths, port: UInt16) throws(LockError) -> (state: LockState, file: FileIdentity?) {
        var st = stat()
        if lstat(paths.lockDirectory, &st) != 0 {
            if errno == ENOENT { return (.absent, nil) }
            throw .system(call: "lstat", path: paths.lockDirectory, errno: errno)
        }
        let dirFD = try LockFileIO.openDirectory(paths.lockDirectory, create: false)
        defer { close(dirFD) }
        let path = paths.lockFile(port: port)
        guard let fd = try LockFileIO.openFile(dirFD: dirFD, name: "gateway-\(port).lock", path: path, create: false) else {
            return (.absent, nil)
        }
        defer { close(fd) }
        var opened = stat()
        let file = fstat(fd, &opened) == 0 ? FileIdentity(device: UInt64(opened.st_dev), inode: UInt64(opened.st_ino)) : nil
        let metadata = LockFileIO.readMetadata(fd: fd)
        while true {
            if flock(fd, LOCK_SH | LOCK_NB) == 0 {
                _ = flock(fd, LOCK_UN)
                return (.free(metadata: metadata), file)
            }
            let code = errno
            if code == EINTR { continue }
            if code == EWOULDBLOCK { return (.held(metadata: metadata), file) }
            throw .system(call: "flock", path: path, errno: code)
        }
    }
}
