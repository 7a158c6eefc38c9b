import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The one `posix_spawn` of the test helpers (`SimProcess`, `ReliabilitySpawn`): stdin `/dev/null`, stdout and
/// stderr to files, default signal dispositions and an empty signal mask, `PATH` with the sbin directories first.
/// Foundation's `Process` missed child exits under heavy parallelism here; these helpers reap with `waitpid`.
enum ChildSpawn {
    /// Spawns `argv[0]`-named `path`; returns the pid, or the `posix_spawn` error number.
    /// `extraActions` adds file actions after the three standard descriptors (a gate on fd 3, closefrom).
    static func spawn(
        path: String, arguments argvStrings: [String], environment: [String: String], stdout: String, stderr: String,
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
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        extraActions(&actions)

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
