import NetProbe
import SystemPackage

/// Whether the gateway may trust the files of its state directory, as trusted daemons decide it (OpenSSH's
/// `StrictModes` for `~/.ssh`, PostgreSQL's data directory check): a root gateway must not serve, read or lock
/// through a path another account can change.
///
/// The rule (`judge`, pure) for each path the gateway uses (the `stat` edge, `inspection`, is in `GatewayLive`):
/// - every directory above the state directory (above its real path, and above the path as given up to its first
///   symlink) and above the canvas root's real path:
///   owned by the effective user or by root, and not writable by group or others unless sticky (`/tmp`: nobody can
///   rename or replace what others made in it);
/// - the state directory itself, the canvas root (`<state>/canvas`) and the configuration file
///   (`<state>/openclaw.json`), when they exist: owned by the effective user (so a root gateway accepts root-owned
///   ones only) and not writable by group or others. The canvas root may be a symlink; its target is judged;
/// - every directory beneath the canvas root's real path (symlinks not followed; at most `canvasDirectoryLimit`):
///   owned by the effective user or root (as `CanvasFiles.isTrusted` accepts a file) and not writable by group or
///   others, sticky or not (a world-writable subdirectory lets anyone add what the gateway would serve). The files
///   in them are judged per request (`CanvasFiles.isTrusted`: 403 for a file another account could have written).
///
/// - every symlink met while resolving the state directory, the canvas root, the configuration file and the token
///   file (each component as the kernel follows it, links inside links too): owned by the effective user or root.
///   A symlink's target is its owner's choice, and in a sticky directory (`/tmp`) only its owner can replace it, so
///   another account's link would let it re-point the path after the start's check (a root gateway serving
///   `/tmp/LINK/canvas` would follow a link swapped to `canvas -> /etc`).
///
/// The lock directory is judged by the lock itself (`LockFileIO`: not a symlink, the effective user's, not
/// writable by group or others); the token file by `TokenFile`.
public enum StatePathTrust {
    /// What the gateway uses the path for, for the message: each refusal names the path in the role it was judged
    /// in (the state directory is never called "the directory above" anything, although it is above the canvas root).
    public enum Role: String, Sendable, Equatable {
        case stateDirectory = "state directory"
        case ancestor = "directory above the state directory"
        case canvasAncestor = "directory above the canvas root"
        case canvasRoot = "canvas root"
        /// A directory beneath the canvas root's real path (every one, at start: `canvasDirectoryLimit`).
        case canvasDirectory = "directory in the canvas root"
        case configFile = "configuration file"
        /// A directory above `--token-file`'s file (`TokenFile` judges the file itself).
        case tokenFileAncestor = "directory above the token file"
        /// A symlink met while resolving the state directory, the canvas root or the configuration file.
        case symlink = "symlink on the state directory's path"
        /// A symlink met while resolving `--token-file`'s path (the file itself included).
        case tokenFileSymlink = "symlink on the token file's path"

        /// A directory the gateway only passes through (above the state directory, the canvas root or the token
        /// file): root's or the user's, and a sticky one may be writable by others.
        public var isAncestor: Bool { self == .ancestor || self == .canvasAncestor || self == .tokenFileAncestor }

        /// A symlink: judged by its owner only (a symlink's own mode is always 777 and means nothing).
        public var isSymlink: Bool { self == .symlink || self == .tokenFileSymlink }

        /// On the token file's path (the fix names `--token-file`, not `--state-dir`).
        var isTokenFile: Bool { self == .tokenFileAncestor || self == .tokenFileSymlink }
    }

    /// One path as `stat(2)` shows it (the target, for a symlink that is followed). Plain values, so `judge` is pure.
    public struct Entry: Sendable, Equatable {
        public var path: String
        public var role: Role
        /// `st_uid`.
        public var uid: UInt32
        /// `st_mode & 07777`.
        public var mode: UInt32

        public init(path: String, role: Role, uid: UInt32, mode: UInt32) {
            self.path = path
            self.role = role
            self.uid = uid
            self.mode = mode
        }
    }

    /// Why a path is refused: the path, its owner and mode, what is wrong and the fix. `gateway run` exits 78 with
    /// `description`; the doctor's `gateway.state` check fails with `problemText` and `fix`.
    public struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        public enum Problem: String, Sendable, Equatable {
            case foreignOwner = "foreign-owner"
            case writableByOthers = "writable-by-others"
            case unreadable
        }
        public var entry: Entry
        public var problem: Problem
        public var effectiveUID: UInt32
        /// The errno of a failed `stat` (`unreadable`).
        public var errno: Int32
        /// The owner's and the effective user's names from the password database (`getpwuid_r(3)`), looked up by
        /// the edge that read the entry (`inspection` in `GatewayLive`); nil: not looked up or not known.
        public var ownerName: String?
        public var effectiveUserName: String?

        public init(entry: Entry, problem: Problem, effectiveUID: UInt32, errno: Int32 = 0,
                    ownerName: String? = nil, effectiveUserName: String? = nil) {
            self.entry = entry
            self.problem = problem
            self.effectiveUID = effectiveUID
            self.errno = errno
            self.ownerName = ownerName
            self.effectiveUserName = effectiveUserName
        }

        /// The owner as `uid N (name)`, or `uid N` when its name is not known.
        public var ownerText: String { Self.userText(entry.uid, name: ownerName) }

        /// `uid N (name)`, or `uid N` without a name. Pure.
        public static func userText(_ uid: UInt32, name: String?) -> String {
            name.map { "uid \(uid) (\($0))" } ?? "uid \(uid)"
        }

        /// What is wrong, with the path's owner and mode.
        public var problemText: String {
            let mode = String(entry.mode, radix: 8)
            switch problem {
            case .foreignOwner:
                let me = Self.userText(effectiveUID, name: effectiveUserName)
                let allowed = entry.role.isAncestor || entry.role.isSymlink || entry.role == .canvasDirectory ? "not by this user (\(me)) or root"
                    : "not by this user (\(me))"
                return "owned by \(ownerText), \(allowed) (mode \(mode))"
            case .writableByOthers:
                return "writable by group or others (mode \(mode), owner \(ownerText))"
            case .unreadable:
                return "stat failed (\(Errno(rawValue: errno).description), errno \(errno)), so its owner and mode cannot be checked"
            }
        }

        /// What to do.
        public var fix: String {
            let token = entry.role.isTokenFile
            switch problem {
            case .foreignOwner where entry.role.isSymlink:
                return "give the path without \(entry.path) (its owner can re-point it at any time): "
                    + (token ? "a --token-file" : "a --state-dir") + " of this user's own, reached through no other account's symlink"
            case .foreignOwner:
                return (token ? "keep the --token-file in a directory of this user's own" : "use a --state-dir of this user's own")
                    + ", or, if \(entry.path) is meant to be this user's, `chown \(effectiveUID) \(entry.path)`"
            case .writableByOthers:
                return "`chmod go-w \(entry.path)`, or " + (token ? "move the --token-file elsewhere" : "use another --state-dir")
            case .unreadable:
                return token ? "use a --token-file this user can read" : "use a --state-dir this user can read"
            }
        }

        public var description: String {
            "Refusing to use the \(entry.role.rawValue) \(entry.path): it is \(problemText); another account could change "
                + "what the gateway serves, reads or locks there. Fix: \(fix)."
        }
    }

    /// What `inspect` saw and the one judgement of it (`firstRefusal`), for `gateway run` and the doctor's
    /// `gateway.state` check.
    public struct Inspection: Sendable, Equatable {
        public var entries: [Entry]
        /// nil: every entry may be trusted.
        public var refusal: Refusal?
        public var effectiveUID: UInt32
        /// The canvas holds more than `canvasDirectoryLimit` directories: the ones past it were not judged at start
        /// (their files are still judged per request).
        public var canvasDirectoriesUnchecked: Bool

        public init(entries: [Entry], refusal: Refusal?, effectiveUID: UInt32, canvasDirectoriesUnchecked: Bool = false) {
            self.entries = entries
            self.refusal = refusal
            self.effectiveUID = effectiveUID
            self.canvasDirectoriesUnchecked = canvasDirectoriesUnchecked
        }
    }

    /// How many directories beneath the canvas root are judged at start, at most (breadth first).
    public static let canvasDirectoryLimit = 10_000

    /// The refusal for one entry, or nil when it may be trusted. Pure.
    public static func judge(_ entry: Entry, effectiveUID: UInt32) -> Refusal? {
        // A sticky directory (`/tmp`) owned by root or the user: others may add entries, but never rename or remove
        // the user's.
        let sticky = entry.mode & 0o1000 != 0
        switch entry.role {
        case .ancestor, .canvasAncestor, .tokenFileAncestor:
            if entry.uid != effectiveUID && entry.uid != 0 {
                return Refusal(entry: entry, problem: .foreignOwner, effectiveUID: effectiveUID)
            }
            if entry.mode & 0o022 != 0 && !sticky {
                return Refusal(entry: entry, problem: .writableByOthers, effectiveUID: effectiveUID)
            }
        case .symlink, .tokenFileSymlink:
            if entry.uid != effectiveUID && entry.uid != 0 {
                return Refusal(entry: entry, problem: .foreignOwner, effectiveUID: effectiveUID)
            }
        case .canvasDirectory:
            if entry.uid != effectiveUID && entry.uid != 0 {
                return Refusal(entry: entry, problem: .foreignOwner, effectiveUID: effectiveUID)
            }
            if entry.mode & 0o022 != 0 { return Refusal(entry: entry, problem: .writableByOthers, effectiveUID: effectiveUID) }
        case .stateDirectory, .canvasRoot, .configFile:
            if entry.uid != effectiveUID { return Refusal(entry: entry, problem: .foreignOwner, effectiveUID: effectiveUID) }
            if entry.mode & 0o022 != 0 { return Refusal(entry: entry, problem: .writableByOthers, effectiveUID: effectiveUID) }
        }
        return nil
    }

    /// The first refusal among `entries` in their order (directories above first, then the state directory, the
    /// canvas root and the configuration file), or nil. Pure.
    public static func firstRefusal(_ entries: [Entry], effectiveUID: UInt32) -> Refusal? {
        entries.lazy.compactMap { judge($0, effectiveUID: effectiveUID) }.first
    }

    /// `/`, `/a`, `/a/b` for `/a/b/c` (the directories above an absolute path; pure).
    public static func ancestors(of path: String) -> [String] {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        guard !parts.isEmpty else { return [] }
        var out = ["/"]
        var prefix = ""
        for part in parts.dropLast() {
            prefix += "/" + part
            out.append(prefix)
        }
        return out
    }
}
