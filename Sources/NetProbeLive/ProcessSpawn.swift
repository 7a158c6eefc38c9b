import NetProbe
import SystemPackage
#if canImport(Glibc)
import Glibc
#endif

/// The one `posix_spawn(3)` of the product, the tests and the bench: `TimedProcess` (the product's programs with a
/// deadline), the tests' `ChildSpawn` / `SpawnedChild` and the bench's `ChildProcess` start their children here.
///
/// The child gets its standard streams as asked (`/dev/null` by default for input), default dispositions for the
/// signals a parent may ignore or catch (`defaultedSignals`) and an empty signal mask; optionally its own process
/// group (so a deadline can kill everything it started), a descriptor of the parent as its fd 3, and no other
/// inherited descriptor (glibc 2.34's `posix_spawn_file_actions_addclosefrom_np`, looked up with `dlsym` because the
/// Glibc module does not export it; where it is missing, only `O_CLOEXEC` descriptors are kept from the child).
public enum ProcessSpawn {
    /// Where one of the child's standard streams comes from or goes to.
    public enum Stream: Sendable, Equatable {
        /// `/dev/null`.
        case null
        /// A file opened in the child: input read-only; output created (mode 0600) and truncated, or appended to.
        case file(String, append: Bool)
        /// An existing file or device opened write-only, neither created nor truncated (`/dev/full`, a FIFO).
        case write(String)
        /// A descriptor of the parent duplicated onto the stream (a pipe's write end).
        case descriptor(Int32)
        /// Closed in the child.
        case closed
    }

    /// How the child starts besides its streams.
    public struct Options: Sendable {
        /// The child leads a new process group (`POSIX_SPAWN_SETPGROUP`, group 0): `kill(-pid, ...)` reaches all it starts.
        public var newProcessGroup: Bool
        /// A descriptor of the parent that becomes the child's fd 3 (the tests' start gate).
        public var descriptor3: Int32?
        /// Closes every other inherited descriptor (from 3, or 4 with `descriptor3`), where the C library can.
        public var closeOtherDescriptors: Bool

        public init(newProcessGroup: Bool = false, descriptor3: Int32? = nil, closeOtherDescriptors: Bool = false) {
            self.newProcessGroup = newProcessGroup
            self.descriptor3 = descriptor3
            self.closeOtherDescriptors = closeOtherDescriptors
        }
    }

    /// A spawn that failed, with the `errno` that explains it (`posix_spawn`'s result, or `pipe2`'s).
    public struct SpawnFailure: Error, Sendable, Equatable, CustomStringConvertible {
        public var errno: Int32
        public init(errno: Int32) { self.errno = errno }
        /// The `strerror(3)` text (SystemPackage's `Errno.description`).
        public var description: String { Errno(rawValue: errno).description }
    }

    /// Signals whose disposition the child gets back to the default (the parent may ignore `SIGPIPE`, as
    /// `StandardStreams` does, or catch `SIGINT`/`SIGTERM`).
    public static let defaultedSignals: [Int32] = [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGCHLD, SIGALRM]

    /// Starts `executable` (a path, never looked up in `PATH`) with `arguments` (argv, `arguments[0]` included) and
    /// `environment` (`KEY=VALUE`); the pid, or the `posix_spawn` error number.
    public static func spawn(
        _ executable: String, arguments: [String], environment: [String], stdin: Stream = .null, stdout: Stream,
        stderr: Stream, options: Options = Options()
    ) -> Result<pid_t, SpawnFailure> {
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        for (fd, stream) in [(Int32(0), stdin), (1, stdout), (2, stderr)] {
            switch stream {
            case .null: posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0)
            case .file(let path, let append):
                if fd == 0 {
                    posix_spawn_file_actions_addopen(&actions, fd, path, O_RDONLY, 0)
                } else {
                    posix_spawn_file_actions_addopen(&actions, fd, path, O_WRONLY | O_CREAT | (append ? O_APPEND : O_TRUNC), 0o600)
                }
            case .write(let path): posix_spawn_file_actions_addopen(&actions, fd, path, O_WRONLY, 0)
            case .descriptor(let source): posix_spawn_file_actions_adddup2(&actions, source, fd)
            case .closed: posix_spawn_file_actions_addclose(&actions, fd)
            }
        }
        if let gate = options.descriptor3 { posix_spawn_file_actions_adddup2(&actions, gate, 3) }
        if options.closeOtherDescriptors, let closeFrom = closeFromAction {
            _ = closeFrom(&actions, options.descriptor3 == nil ? 3 : 4)
        }

        var emptyMask = sigset_t(), defaults = sigset_t()
        sigemptyset(&emptyMask)
        sigemptyset(&defaults)
        for signal in defaultedSignals { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF
        if options.newProcessGroup {
            posix_spawnattr_setpgroup(&attributes, 0)
            flags |= POSIX_SPAWN_SETPGROUP
        }
        posix_spawnattr_setflags(&attributes, Int16(flags))

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid = pid_t()
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        return status == 0 ? .success(pid) : .failure(SpawnFailure(errno: status))
    }

    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+), nil where the C library lacks it.
    private static let closeFromAction: CloseFrom? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: CloseFrom.self)
    }()
}
