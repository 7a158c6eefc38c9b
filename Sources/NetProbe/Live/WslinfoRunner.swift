import CNetlink
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs `wslinfo --networking-mode` (and, through `run(_:arguments:environment:deadline:)`, the Windows tools of
/// `WindowsToolRunner`) as a child process with a hard deadline.
///
/// Uses `posix_spawn(3)` (the child leads a new process group, with stdin on `/dev/null` and a
/// minimal environment), `poll(2)` on its stdout and stderr pipes, `waitid(2)` and `kill(2)`.
/// When the deadline passes, the whole process group is killed with `SIGKILL`: a hang costs at
/// most the timeout and is reported as `timedOut`, never waited out.
enum WslinfoRunner {
    /// Most bytes kept from each output stream.
    static let outputLimit = 64 * 1024

    /// The result, or the `errno` of a failed spawn.
    static func run(_ executable: String, timeout: Duration) -> Result<WslinfoResult, SpawnFailure> {
        run(executable, arguments: ["--networking-mode"], deadline: ContinuousClock.now + timeout).map { raw in
            let stdout = raw.stdoutText, stderr = raw.stderrText
            return WslinfoResult(output: stdout.isEmpty ? stderr : stdout, exitStatus: raw.exitStatus, timedOut: raw.timedOut)
        }
    }

    /// What a child printed (raw bytes, at most `outputLimit` per stream) and how it ended.
    struct RawOutput: Sendable {
        var stdout: [UInt8]
        var stderr: [UInt8]
        /// Exit status; `nil` when killed at the deadline or by a signal.
        var exitStatus: Int32?
        var timedOut: Bool

        var stdoutText: String { String(decoding: stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) }
        var stderrText: String { String(decoding: stderr, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    /// Runs `executable` with `arguments` (argv[0] is the executable path) and a minimal environment plus
    /// `environment`, killing its process group at `deadline`. Shared by `wslinfo` and the Windows tools.
    static func run(
        _ executable: String, arguments: [String], environment: [String] = [], deadline: ContinuousClock.Instant
    ) -> Result<RawOutput, SpawnFailure> {
        var outPipe: [Int32] = [-1, -1], errPipe: [Int32] = [-1, -1]
        guard cnetlink_pipe2(&outPipe, O_CLOEXEC) == 0 else { return .failure(SpawnFailure(errno: errno)) }
        guard cnetlink_pipe2(&errPipe, O_CLOEXEC) == 0 else {
            let code = errno
            close(outPipe[0]); close(outPipe[1])
            return .failure(SpawnFailure(errno: code))
        }
        defer { close(outPipe[0]); close(errPipe[0]) }

        var spawned = spawn(executable, arguments: arguments, environment: environment, stdout: outPipe[1], stderr: errPipe[1])
        // ETXTBSY: some process still holds the file open for writing (an update in progress, or a
        // descriptor inherited by a concurrent fork). It clears quickly: retry a few times.
        for _ in 0..<5 {
            guard case .failure(let failure) = spawned, failure.errno == ETXTBSY else { break }
            usleep(20_000)
            spawned = spawn(executable, arguments: arguments, environment: environment, stdout: outPipe[1], stderr: errPipe[1])
        }
        close(outPipe[1]); close(errPipe[1])
        guard case .success(let pid) = spawned else {
            if case .failure(let failure) = spawned { return .failure(failure) }
            return .failure(SpawnFailure(errno: EINVAL))
        }

        var streams = [OutputStream(fd: outPipe[0]), OutputStream(fd: errPipe[0])]
        var exited = false
        while ContinuousClock.now < deadline {
            let slice = min(deadline - ContinuousClock.now, .milliseconds(10))
            pump(&streams, waitMilliseconds: Int32(max(0, slice.components.attoseconds / 1_000_000_000_000_000)))
            if hasExited(pid) {
                exited = true
                break
            }
        }
        // Kill the group while the (possibly zombie) leader still reserves its id: on timeout this
        // stops the child, otherwise it stops anything the child left running.
        kill(-pid, SIGKILL)
        if exited {
            // What was written just before exiting (more than one read's worth for netstat or tasklist): read to end
            // of file, which comes at once now that the group is gone; bounded all the same.
            let limit = max(deadline, ContinuousClock.now + .milliseconds(100))
            while streams.contains(where: { $0.open }) && ContinuousClock.now < limit {
                pump(&streams, waitMilliseconds: 5)
            }
        }
        let status = reap(pid)
        return .success(RawOutput(stdout: streams[0].bytes, stderr: streams[1].bytes,
                                  exitStatus: exited ? status : nil, timedOut: !exited))
    }

    /// A spawn that failed, with the `errno` that explains it.
    struct SpawnFailure: Error, Sendable, Equatable, CustomStringConvertible {
        var errno: Int32
        var description: String { String(cString: strerror(errno)) }
    }

    private static func spawn(
        _ executable: String, arguments extra: [String], environment extraEnvironment: [String], stdout: Int32, stderr: Int32
    ) -> Result<pid_t, SpawnFailure> {
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, stdout, 1)
        posix_spawn_file_actions_adddup2(&actions, stderr, 2)
        var emptyMask = sigset_t(), defaults = sigset_t()
        sigemptyset(&emptyMask)
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGCHLD, SIGALRM] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let arguments = [executable] + extra
        let environment = ["PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin"] + extraEnvironment
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid = pid_t()
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        return status == 0 ? .success(pid) : .failure(SpawnFailure(errno: status))
    }

    /// One child output pipe and what has been read from it.
    private struct OutputStream {
        var fd: Int32
        var bytes: [UInt8] = []
        var open = true

    }

    /// Waits up to `waitMilliseconds` for output, then reads what is there (keeping `outputLimit` bytes).
    private static func pump(_ streams: inout [OutputStream], waitMilliseconds: Int32) {
        var fds = streams.map { pollfd(fd: $0.open ? $0.fd : -1, events: Int16(POLLIN), revents: 0) }
        if streams.allSatisfy({ !$0.open }) {
            if waitMilliseconds > 0 { usleep(useconds_t(waitMilliseconds) * 1000) }
            return
        }
        guard poll(&fds, nfds_t(fds.count), waitMilliseconds) > 0 else { return }
        var chunk = [UInt8](repeating: 0, count: 4096)
        for index in streams.indices where streams[index].open && fds[index].revents != 0 {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(streams[index].fd, $0.baseAddress, $0.count) }
            if count > 0 {
                let room = max(0, outputLimit - streams[index].bytes.count)
                streams[index].bytes.append(contentsOf: chunk[0..<min(count, room)])
            } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                streams[index].open = false
            }
        }
    }

    /// Whether the child has exited, without reaping it (`waitid` with `WNOWAIT`).
    private static func hasExited(_ pid: pid_t) -> Bool {
        var info = siginfo_t()
        guard waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 else { return true }
        return info._sifields._sigchld.si_pid == pid
    }

    /// Reaps the child and returns its exit status (`nil` when it died of a signal). A child that
    /// does not die at once (stuck in the kernel) is left to a background thread to reap.
    private static func reap(_ pid: pid_t) -> Int32? {
        for _ in 0..<200 {
            var status: Int32 = 0
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid {
                return status & 0x7F == 0 ? (status >> 8) & 0xFF : nil
            }
            if result < 0 && errno != EINTR { return nil }
            usleep(1000)
        }
        Thread.detachNewThread {
            var status: Int32 = 0
            _ = waitpid(pid, &status, 0)
        }
        return nil
    }
}
