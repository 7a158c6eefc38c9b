import NetProbe
import CNetlink
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// Runs a program as a child process with a hard deadline (`wslinfo`, `systemctl`, `journalctl`).
///
/// Uses `ProcessSpawn` (`posix_spawn(3)`: the child leads a new process group, with stdin on `/dev/null` and a
/// minimal environment), `poll(2)` on its stdout and stderr pipes, `waitid(2)` and `kill(2)`.
/// When the deadline passes, the whole process group is killed with `SIGKILL`: a hang costs at
/// most the timeout and is reported as `timedOut`, never waited out. Output beyond the limit is
/// read and dropped (so the child never blocks on a full pipe) and reported as `truncated`.
public enum TimedProcess {
    /// Most bytes kept from each output stream by default.
    public static let outputLimit = 64 * 1024

    /// What a finished (or killed) child left.
    public struct Outcome: Sendable, Equatable {
        /// Standard output (the first `limit` bytes).
        public var stdout: [UInt8]
        /// Standard error (the first `limit` bytes).
        public var stderr: [UInt8]
        /// Exit status; `nil` when it was killed or died of a signal.
        public var exitStatus: Int32?
        /// Whether it was killed at the deadline.
        public var timedOut: Bool
        /// Whether standard output was longer than the limit.
        public var truncated: Bool

        public func text(_ bytes: [UInt8]) -> String {
            String(decoding: bytes, as: UTF8.self).trimmingSpacesAndNewlines()
        }
    }

    /// Runs `executable` with `arguments` (argv[1...]) and `environment` (`KEY=VALUE`); the outcome, or the
    /// `errno` of a failed spawn.
    public static func run(
        _ executable: String, arguments: [String], timeout: Duration,
        environment: [String] = ["PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin"], limit: Int = outputLimit
    ) -> Result<Outcome, SpawnFailure> {
        var outPipe: [Int32] = [-1, -1], errPipe: [Int32] = [-1, -1]
        guard cnetlink_pipe2(&outPipe, O_CLOEXEC) == 0 else { return .failure(SpawnFailure(errno: errno)) }
        guard cnetlink_pipe2(&errPipe, O_CLOEXEC) == 0 else {
            let code = errno
            close(outPipe[0]); close(outPipe[1])
            return .failure(SpawnFailure(errno: code))
        }
        defer { close(outPipe[0]); close(errPipe[0]) }

        let argv = [executable] + arguments
        var spawned = spawn(executable, argv, environment, stdout: outPipe[1], stderr: errPipe[1])
        // ETXTBSY: some process still holds the file open for writing (an update in progress, or a
        // descriptor inherited by a concurrent fork). It clears quickly: retry a few times.
        for _ in 0..<5 {
            guard case .failure(let failure) = spawned, failure.errno == ETXTBSY else { break }
            usleep(20_000)
            spawned = spawn(executable, argv, environment, stdout: outPipe[1], stderr: errPipe[1])
        }
        close(outPipe[1]); close(errPipe[1])
        guard case .success(let pid) = spawned else {
            if case .failure(let failure) = spawned { return .failure(failure) }
            return .failure(SpawnFailure(errno: EINVAL))
        }

        let deadline = ContinuousClock.now + timeout
        var streams = [OutputStream(fd: outPipe[0], limit: limit), OutputStream(fd: errPipe[0], limit: limit)]
        var exited = false
        while ContinuousClock.now < deadline {
            let slice = min(deadline - ContinuousClock.now, .milliseconds(10))
            pump(&streams, waitMilliseconds: Int32(max(0, slice.components.attoseconds / 1_000_000_000_000_000)))
            if hasExited(pid) {
                exited = true
                // Everything written before exiting (netstat and tasklist print more than one 4 KiB read): read
                // until end of file or until nothing more is ready (a grandchild may still hold the pipe).
                while ContinuousClock.now < deadline, streams.contains(where: \.open), pump(&streams, waitMilliseconds: 0) {}
                break
            }
        }
        // Kill the group while the (possibly zombie) leader still reserves its id: on timeout this
        // stops the child, otherwise it stops anything the child left running.
        kill(-pid, SIGKILL)
        let status = reap(pid)
        return .success(Outcome(
            stdout: streams[0].bytes, stderr: streams[1].bytes, exitStatus: exited ? status : nil,
            timedOut: !exited, truncated: streams[0].dropped))
    }

    /// A spawn that failed, with the `errno` that explains it (`ProcessSpawn`'s).
    public typealias SpawnFailure = ProcessSpawn.SpawnFailure

    /// `ProcessSpawn.spawn`: stdin on `/dev/null`, the pipes' write ends as stdout and stderr, a new process group.
    private static func spawn(
        _ executable: String, _ arguments: [String], _ environment: [String], stdout: Int32, stderr: Int32
    ) -> Result<pid_t, SpawnFailure> {
        ProcessSpawn.spawn(executable, arguments: arguments, environment: environment, stdin: .null,
                           stdout: .descriptor(stdout), stderr: .descriptor(stderr),
                           options: ProcessSpawn.Options(newProcessGroup: true))
    }

    /// One child output pipe and what has been read from it.
    private struct OutputStream {
        var fd: Int32
        var limit: Int
        var bytes: [UInt8] = []
        var open = true
        /// Whether bytes beyond `limit` were read and dropped.
        var dropped = false
    }

    /// Reads what is ready on the open streams, waiting at most `waitMilliseconds`; whether anything was ready.
    @discardableResult
    private static func pump(_ streams: inout [OutputStream], waitMilliseconds: Int32) -> Bool {
        var fds = streams.map { pollfd(fd: $0.open ? $0.fd : -1, events: Int16(POLLIN), revents: 0) }
        if streams.allSatisfy({ !$0.open }) {
            if waitMilliseconds > 0 { usleep(useconds_t(waitMilliseconds) * 1000) }
            return false
        }
        guard poll(&fds, nfds_t(fds.count), waitMilliseconds) > 0 else { return false }
        var chunk = [UInt8](repeating: 0, count: 4096)
        for index in streams.indices where streams[index].open && fds[index].revents != 0 {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(streams[index].fd, $0.baseAddress, $0.count) }
            if count > 0 {
                let room = max(0, streams[index].limit - streams[index].bytes.count)
                streams[index].bytes.append(contentsOf: chunk[0..<min(count, room)])
                if count > room { streams[index].dropped = true }
            } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                streams[index].open = false
            }
        }
        return true
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
        DetachedThread.start {
            var status: Int32 = 0
            _ = waitpid(pid, &status, 0)
        }
        return nil
    }
}
