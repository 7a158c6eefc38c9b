/// Why the instance lock could not be used. Each case names the path and what to do.
public enum LockError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The lock directory or file is a symbolic link (refused: a symlink could redirect the lock elsewhere).
    case symlink(path: String)
    /// The lock directory or file belongs to another user.
    case foreignOwner(path: String, uid: UInt32, expectedUid: UInt32)
    /// The path exists but is not a directory (for the directory) or not a regular file (for the file).
    case wrongType(path: String, expected: String)
    /// A system call failed.
    case system(call: String, path: String, errno: Int32)

    /// True for refusals that a restart cannot fix (a configuration problem: exit 78).
    public var isConfiguration: Bool {
        switch self {
        case .symlink, .foreignOwner, .wrongType: return true
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
        case .system(let call, let path, let code):
            return "Gateway lock \(path): \(call) failed: \(SystemError.describe(code)) (errno \(code))"
        }
    }
}
