#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// The file-system checks shared by taking and reading the lock: `lstat`, `open(O_NOFOLLOW)`, `fstat`.
enum LockFileIO {
    /// Creates (mode 0700) or checks the lock directory and returns an fd for it (`O_DIRECTORY | O_NOFOLLOW`).
    /// Refuses a symlink, a non-directory and a directory owned by another user. Taking the lock (`create`)
    /// tightens looser modes to 0700; reading it (`create == false`, `LockInspector`) never changes anything.
    static func openDirectory(_ path: String, create: Bool) throws(LockError) -> Int32 {
        if create {
            let parent = (path as NSString).deletingLastPathComponent
            if !parent.isEmpty {
                try? FileManager.default.createDirectory(
                    atPath: parent, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            }
            if mkdir(path, 0o700) != 0 && errno != EEXIST {
                throw .system(call: "mkdir", path: path, errno: errno)
            }
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
        do {
            try checkOwnerAndMode(fd: fd, path: path, expectDirectory: true, mode: create ? 0o700 : nil)
        } catch {
            close(fd)
            throw error
        }
        return fd
    }

    /// Opens the lock file inside `dirFD` with `O_NOFOLLOW`: read-write and created 0600, or read-only.
    /// Returns nil when opening read-only and the file does not exist.
    static func openFile(dirFD: Int32, name: String, path: String, create: Bool) throws(LockError) -> Int32? {
        let flags = create ? (O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC) : (O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        let fd = openat(dirFD, name, flags, 0o600)
        if fd < 0 {
            let code = errno
            if code == ELOOP { throw .symlink(path: path) }
            if code == ENOENT && !create { return nil }
            throw .system(call: "open", path: path, errno: code)
        }
        do {
            try checkOwnerAndMode(fd: fd, path: path, expectDirectory: false, mode: create ? 0o600 : nil)
        } catch {
            close(fd)
            throw error
        }
        return fd
    }

    /// `fstat` checks: the right type, owned by the effective uid; optionally tightens the mode with `fchmod`.
    private static func checkOwnerAndMode(fd: Int32, path: String, expectDirectory: Bool, mode: mode_t?) throws(LockError) {
        var st = stat()
        if fstat(fd, &st) != 0 { throw .system(call: "fstat", path: path, errno: errno) }
        let type = st.st_mode & S_IFMT
        if expectDirectory && type != S_IFDIR { throw .wrongType(path: path, expected: "directory") }
        if !expectDirectory && type != S_IFREG { throw .wrongType(path: path, expected: "regular file") }
        let me = geteuid()
        if st.st_uid != me { throw .foreignOwner(path: path, uid: st.st_uid, expectedUid: me) }
        if let mode, (st.st_mode & 0o777) != mode {
            if fchmod(fd, mode) != 0 { throw .system(call: "fchmod", path: path, errno: errno) }
        }
    }

    /// Reads the metadata line (JSON up to the first newline) without changing the file.
    static func readMetadata(fd: Int32) -> InstanceMetadata? {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        let bytes = buffer[0..<count]
        let line = bytes.firstIndex(of: UInt8(ascii: "\n")).map { bytes[..<$0] } ?? bytes
        return try? JSONDecoder().decode(InstanceMetadata.self, from: Data(line))
    }
}
