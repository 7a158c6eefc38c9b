import SystemPackage

/// Why the instance lock could not be used. Each case names the path and what to do.
public enum LockError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The lock directory or file is a symbolic link (refused: a symlink could redirect the lock elsewhere).
    case symlink(path: String)
    /// The lock directory or file belongs to another user.
    case foreignOwner(path: String, uid: UInt32, expectedUid: UInt32)
    /// The path exists but is not a directory (for the directory) or not a regular file (for the file: a FIFO, a
    /// socket, a device or a directory is refused before anything could block on it).
    case wrongType(path: String, expected: String)
    /// The lock file has more than one hard link: another name elsewhere points at the same file, which the lock
    /// would overwrite with its metadata.
    case hardLinked(path: String, links: UInt64)
    /// The existing lock directory can be written by group or others (someone else could replace the lock file).
    /// The gateway never changes the mode of a directory it did not create.
    case unsafeMode(path: String, mode: UInt32)
    /// A system call failed.
    case system(call: String, path: String, errno: Int32)

    /// True for refusals that a restart cannot fix (a configuration problem: exit 78).
    public var isConfiguration: Bool {
        switch self {
        case .symlink, .foreignOwner, .wrongType, .hardLinked, .unsafeMode: return true
        case .system: return false
        }
    }

    public var description: String {
        switch self {
        case .symlink(let path):
            return "Refusing to use the gateway lock: \(path) is a symbolic link. Remove it; the gateway creates a private directory itself."
        case .foreignOwner(let path, let uid, let expected):
            return "Refusing to use the gateway lock: \(path) is owned by uid \(uid), not by this user (uid \(expected)). Remove it or use --state-dir."
        case .wrongType(let path, let expected):
            return "Refusing to use the gateway lock: \(path) is not a \(expected)."
        case .hardLinked(let path, let links):
            return "Refusing to use the gateway lock: \(path) has \(links) hard links (another name points at the same file, "
                + "which the lock would overwrite). Remove it; the gateway creates its own."
        case .unsafeMode(let path, let mode):
            return "Refusing to use the gateway lock: the directory \(path) (mode \(String(mode, radix: 8)), owned by this user) can be written by "
                + "other users. The gateway changes no mode of a directory it did not create: run `chmod go-w \(path)` if "
                + "it is yours, or use --state-dir."
        case .system(let call, let path, let code):
            return "Gateway lock \(path): \(call) failed: \(Errno(rawValue: code).description) (errno \(code))"
        }
    }
}
