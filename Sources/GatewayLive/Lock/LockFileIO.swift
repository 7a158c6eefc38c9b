#if canImport(Glibc)
import Glibc
#endif
import FoundationEssentials
import Gateway
import NetProbe

/// The file-system checks shared by every opener of the lock (`InstanceLock`, `LockInspector`, and through it
/// `gateway status`, `gateway stop` and the doctor): look without following (`lstat`, `fstatat(AT_SYMLINK_NOFOLLOW)`),
/// open with `O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC`, then `fstat` the descriptor actually opened.
///
/// The lock file must be a regular file with exactly one link, owned by the effective uid. A FIFO, socket, device
/// or directory is refused before it is opened, and the open is non-blocking anyway, so nothing can make a reader
/// wait (a FIFO used to hang `status` and `stop`). A file with a second hard link is refused before anything is
/// written (the metadata would overwrite the other name's contents).
enum LockFileIO {
    /// Checks (and with `create`, makes) the lock directory and returns an fd for it (`O_DIRECTORY | O_NOFOLLOW`).
    ///
    /// Refuses a symlink, a non-directory and a directory owned by another user. Taking the lock (`create`) makes
    /// missing directories 0700 (`PrivateDirectory`) and refuses an existing directory that group or others can
    /// write; it never changes the mode of a directory that existed. Reading (`create == false`, `LockInspector`)
    /// changes nothing and accepts any mode (the file's own checks protect the read).
    static func openDirectory(_ path: String, create: Bool) throws(LockError) -> Int32 {
        if create, case .failure(let failure) = PrivateDirectory.create(path) {
            throw .system(call: failure.call, path: failure.path, errno: failure.errno)
        }
        var st = stat()
        if lstat(path, &st) != 0 { throw .system(call: "lstat", path: path, errno: errno) }
        if (st.st_mode & S_IFMT) == S_IFLNK { throw .symlink(path: path) }
        if (st.st_mode & S_IFMT) != S_IFDIR { throw .wrongType(path: path, expected: "directory") }
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        if fd < 0 {
            let code = errno
            if code == ELOOP || code == ENOTDIR { throw .symlink(path: path) }
            throw .system(call: "open", path: path, errno: code)
        }
        do throws(LockError) {
            let opened = try fstatChecked(fd: fd, path: path, expected: S_IFDIR)
            if create && opened.st_mode & 0o022 != 0 {
                throw LockError.unsafeMode(path: path, mode: UInt32(opened.st_mode & 0o7777))
            }
        } catch {
            close(fd)
            throw error
        }
        return fd
    }

    /// Opens the lock file inside `dirFD`: read-write and created 0600 (`create`), or read-only.
    /// Returns nil when opening read-only and the file does not exist.
    static func openFile(dirFD: Int32, name: String, path: String, create: Bool) throws(LockError) -> Int32? {
        // Look before opening: a FIFO or device is never opened at all.
        var before = stat()
        if fstatat(dirFD, name, &before, AT_SYMLINK_NOFOLLOW) == 0 {
            try checkType(before.st_mode, path: path, expected: S_IFREG)
        } else if errno == ENOENT {
            if !create { return nil }
        } else {
            throw .system(call: "fstatat", path: path, errno: errno)
        }
        let access = create ? (O_RDWR | O_CREAT) : O_RDONLY
        let fd = openat(dirFD, name, access | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0o600)
        if fd < 0 {
            let code = errno
            switch code {
            case ELOOP: throw .symlink(path: path)
            case EISDIR, ENXIO, ENODEV: throw .wrongType(path: path, expected: "regular file")
            case ENOENT where !create: return nil
            default: throw .system(call: "open", path: path, errno: code)
            }
        }
        do throws(LockError) {
            let opened = try fstatChecked(fd: fd, path: path, expected: S_IFREG)
            if opened.st_nlink != 1 { throw LockError.hardLinked(path: path, links: UInt64(opened.st_nlink)) }
            // Ours: a regular file with one link, owned by us, in the checked directory. Only then is its mode set.
            if create && opened.st_mode & 0o777 != 0o600 && fchmod(fd, 0o600) != 0 {
                throw LockError.system(call: "fchmod", path: path, errno: errno)
            }
        } catch {
            close(fd)
            throw error
        }
        return fd
    }

    /// `fstat` of the opened descriptor: the expected type (a symlink cannot appear here: `O_NOFOLLOW`), owned by
    /// the effective uid.
    private static func fstatChecked(fd: Int32, path: String, expected: mode_t) throws(LockError) -> stat {
        var st = stat()
        if fstat(fd, &st) != 0 { throw .system(call: "fstat", path: path, errno: errno) }
        try checkType(st.st_mode, path: path, expected: expected)
        let me = geteuid()
        if st.st_uid != me { throw .foreignOwner(path: path, uid: st.st_uid, expectedUid: me) }
        return st
    }

    private static func checkType(_ mode: mode_t, path: String, expected: mode_t) throws(LockError) {
        let type = mode & S_IFMT
        if type == S_IFLNK { throw .symlink(path: path) }
        if type != expected { throw .wrongType(path: path, expected: expected == S_IFDIR ? "directory" : "regular file") }
    }

    /// Reads the metadata line (JSON up to the first newline) without changing the file, through the one JSON reader
    /// (`JSONReader`, strict RFC 8259: a repeated key's last value) and `JSONValueDecoder`; nil when it is not metadata.
    static func readMetadata(fd: Int32) -> InstanceMetadata? {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        return InstanceMetadata.read(lockFileBytes: buffer[0..<count])
    }
}
