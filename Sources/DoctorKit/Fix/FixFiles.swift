import FoundationEssentials
import NetProbe
import Gateway
import GatewayLive
#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// The file operations of `--fix` (the edge). Each re-checks what it changes through a descriptor opened with
/// `O_NOFOLLOW` and `fstat`, changes only what is ours, and never deletes: an old file is kept under a new name.
public enum FixFiles {
    /// `fchmod 0700` of the gateway's own lock directory: a real directory (not a symlink, no symlink on the way),
    /// owned by us, holding only `gateway-*.lock` files. Anything else is reported and left as it is.
    static func tightenGatewayDirectory(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else {
            return errno == ELOOP || errno == ENOTDIR ? "\(path) is a symbolic link or not a directory; not changed"
                : "open \(path): \(Errno(rawValue: errno).description)"
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFDIR else { return "\(path) is not a directory; not changed" }
        guard st.st_uid == geteuid() else { return "\(path) is owned by uid \(st.st_uid), not by this user; not changed" }
        guard LiveGatherer.isGatewayOwned(path) else {
            return "\(path) is not the gateway's own directory (it holds other files or is reached through a symlink); not changed"
        }
        return fchmod(fd, 0o700) == 0 ? nil : "chmod \(path): \(Errno(rawValue: errno).description)"
    }

    /// Writes the unit: refuses a symlink, a non-regular file, a file with other hard links and another user's file
    /// at `path`; keeps the old file (a hard link under `backupName`, made before the new file is renamed over the
    /// name, so it never overwrites anything); writes a temporary file with `O_EXCL` and renames it into place.
    static func writeUnit(path: String, contents: String, replacing: Bool) -> String? {
        let directory = PathText.parent(path)
        if case .failure(let failure) = PrivateDirectory.create(directory) {
            return "\(failure.call) \(failure.path): \(Errno(rawValue: failure.errno).description)"
        }
        var st = stat()
        let exists: Bool
        if lstat(path, &st) == 0 {
            exists = true
            let type = st.st_mode & S_IFMT
            if type == S_IFLNK { return "\(path) is a symbolic link; not replaced (edit or remove it yourself)" }
            if type != S_IFREG { return "\(path) is not a regular file; not replaced" }
            if st.st_uid != geteuid() { return "\(path) is owned by uid \(st.st_uid), not by this user; not replaced" }
            if st.st_nlink != 1 { return "\(path) has \(st.st_nlink) hard links; not replaced" }
        } else if errno == ENOENT {
            exists = false
        } else {
            return "lstat \(path): \(Errno(rawValue: errno).description)"
        }
        if exists != replacing { return "\(path) changed since it was checked; not touched" }
        if exists {
            guard let backup = backupName(for: path) else { return "no unused backup name for \(path); not replaced" }
            if link(path, backup) != 0 { return "keeping \(path) as \(backup): \(Errno(rawValue: errno).description); not replaced" }
        }
        let temporary = directory + "/.\(PathText.lastComponent(path)).\(getpid()).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return "create \(temporary): \(Errno(rawValue: errno).description)" }
        let bytes = Array(contents.utf8)
        var offset = 0
        var failure: String?
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { failure = "write \(temporary): \(Errno(rawValue: errno).description)"; break }
            offset += n
        }
        if failure == nil && fsync(fd) != 0 { failure = "fsync \(temporary): \(Errno(rawValue: errno).description)" }
        close(fd)
        if failure == nil && rename(temporary, path) != 0 { failure = "rename to \(path): \(Errno(rawValue: errno).description)" }
        if let failure {
            unlink(temporary)  // our own temporary file, made above with O_EXCL
            return failure
        }
        return nil
    }

    /// The first of `PATH.bak`, `PATH.bak.1`, `PATH.bak.2`, ... that names nothing (`lstat`: not even a dangling
    /// symlink or a directory).
    public static func backupName(for path: String) -> String? {
        for index in 0..<1000 {
            let candidate = path + ".bak" + (index == 0 ? "" : ".\(index)")
            var st = stat()
            if lstat(candidate, &st) != 0 && errno == ENOENT { return candidate }
        }
        return nil
    }
}
