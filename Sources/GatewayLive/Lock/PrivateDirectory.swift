#if canImport(Glibc)
import Glibc
#endif
import Gateway

/// Creates a directory and its missing parents with mode 0700, and never changes one that exists.
///
/// Used by the gateway's lock (`InstanceLock`) and by the doctor's `--fix`. An existing component, whoever owns it
/// (`/run`, a home directory, the target of a symlinked state directory), keeps its mode and owner: only what this
/// call made is `fchmod`ed to 0700 (so a umask cannot change the mode), through a descriptor opened with
/// `O_NOFOLLOW` and checked with `fstat` to be the directory just made.
public enum PrivateDirectory {
    /// Whether the last component was made by this call or was already there.
    public enum Outcome: Sendable, Equatable {
        case created
        case existed
    }

    /// A `mkdir(2)` (or the check after it) that failed: the path it was making and the errno.
    public struct Failure: Error, Sendable, Equatable {
        public var call: String
        public var path: String
        public var errno: Int32
    }

    /// Makes every missing component of `path` (absolute or relative) with mode 0700.
    public static func create(_ path: String) -> Result<Outcome, Failure> {
        let absolute = path.hasPrefix("/")
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        guard !parts.isEmpty else { return .success(.existed) }
        var prefix = absolute ? "" : "."
        var last = Outcome.existed
        for part in parts {
            prefix += "/" + String(part)
            if mkdir(prefix, 0o700) == 0 {
                last = .created
                if let failure = settle(prefix) { return .failure(failure) }
            } else if errno == EEXIST {
                last = .existed
            } else {
                return .failure(Failure(call: "mkdir", path: prefix, errno: errno))
            }
        }
        return .success(last)
    }

    /// `fchmod 0700` of the directory this call has just made (checked: a directory of ours, not a symlink).
    private static func settle(_ path: String) -> Failure? {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return Failure(call: "open", path: path, errno: errno) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return Failure(call: "fstat", path: path, errno: errno) }
        guard st.st_uid == geteuid() else { return Failure(call: "fstat", path: path, errno: EPERM) }
        if st.st_mode & 0o777 != 0o700 && fchmod(fd, 0o700) != 0 { return Failure(call: "fchmod", path: path, errno: errno) }
        return nil
    }
}
