import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The one `posix_spawn` of the tests (used only by `SpawnedChild`): stdin from a file (`/dev/null` unless given),
/// stdout and stderr to files, default signal dispositions and an empty signal mask, `PATH` with the sbin
/// directories first, and no other descriptor of the test runner (`posix_spawn_file_actions_addclosefrom_np`).
/// Foundation's `Process` missed child exits and lost the tails of pipes under heavy parallelism here; children are
/// reaped with `waitpid` and their output is read back from files, so nothing written is ever lost.
enum ChildSpawn {
    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+), looked up with `dlsym` because the Glibc module
    /// does not export it; nil where it is missing (then the child inherits the runner's non-CLOEXEC descriptors).
    private static let closeFromAction: CloseFrom? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: CloseFrom.self)
    }()

    /// Spawns `path` with `argvStrings` (argv[0] included); returns the pid, or the `posix_spawn` error number.
    /// `gateFD`, when given, becomes the child's fd 3. `extraActions` runs after the standard streams are set up
    /// (a test that closes or redirects fd 1 or 2 of the child does it there).
    static func spawn(
        path: String, arguments argvStrings: [String], environment: [String: String], stdin: String = "/dev/null",
        stdout: String, stderr: String, gateFD: Int32? = nil,
        extraActions: (inout posix_spawn_file_actions_t) -> Void = { _ in }
    ) -> Result<pid_t, SpawnFailure> {
        var env = environment
        env["PATH"] = "/usr/sbin:/sbin:/usr/bin:/bin:" + (env["PATH"] ?? "")
        let argv = argvStrings.map { strdup($0) } + [nil]
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        extraActions(&actions)
        if let gateFD { posix_spawn_file_actions_adddup2(&actions, gateFD, 3) }
        if let closeFrom = closeFromAction { _ = closeFrom(&actions, gateFD == nil ? 3 : 4) }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGCHLD, SIGQUIT] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var pid: pid_t = 0
        let rc = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        return rc == 0 ? .success(pid) : .failure(SpawnFailure(errno: rc))
    }

    struct SpawnFailure: Error {
        var errno: Int32
    }
}
