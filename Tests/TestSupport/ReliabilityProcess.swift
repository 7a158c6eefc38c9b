import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A child process for the reliability tests, started with `posix_spawn(3)` and reaped with `waitpid(2)`
/// (`WNOHANG` polling), never with Foundation's `Process` (which was seen to miss child exits when many children
/// ran in parallel). Standard output and error go to files in a private temporary directory, so a child that
/// keeps writing can never block on a full pipe.
///
/// The child is killed (`SIGKILL`) and reaped when this object goes away while the child still runs, so a failed
/// `#require` never leaves a gateway behind.
public final class ReliabilityChild: Sendable {
    /// The child's pid (stays the pid of the gateway after an `exec` by a start gate wrapper).
    public let pid: pid_t
    private let directory: String
    private let reaped = Mutex<Int32?>(nil)

    fileprivate init(pid: pid_t, directory: String) {
        self.pid = pid
        self.directory = directory
    }

    deinit {
        if reapNow() == nil {
            kill(pid, SIGKILL)
            var raw: Int32 = 0
            while waitpid(pid, &raw, 0) < 0 && errno == EINTR {}
        }
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Everything the child wrote to standard output so far.
    public var stdout: String { Self.read(directory + "/stdout") }
    /// Everything the child wrote to standard error so far.
    public var stderr: String { Self.read(directory + "/stderr") }

    private static func read(_ path: String) -> String {
        (FileManager.default.contents(atPath: path)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    /// The exit status once the child has exited (128 + signal for a signal death), nil while it runs.
    /// Reaps the child the first time it sees the exit; later calls return the same status.
    @discardableResult
    public func reapNow() -> Int32? {
        reaped.withLock { status in
            if let status { return status }
            var raw: Int32 = 0
            var rc: pid_t
            repeat { rc = waitpid(pid, &raw, WNOHANG) } while rc < 0 && errno == EINTR
            if rc == 0 { return nil }
            if rc < 0 {
                status = -1  // not our child any more (should not happen): treat as gone
                return status
            }
            let signal = raw & 0x7f
            status = signal == 0 ? (raw >> 8) & 0xff : 128 + signal
            return status
        }
    }

    /// True while the child has not been reaped.
    public var isRunning: Bool { reapNow() == nil }

    /// Sends `signal` unless the child was already reaped (so a recycled pid is never signalled).
    public func signal(_ signal: Int32) {
        reaped.withLock { status in
            if status == nil { kill(pid, signal) }
        }
    }

    /// Waits for the exit; nil when the child still runs after `timeout`.
    public func waitForExit(timeout: Duration) async -> Int32? {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while true {
            if let status = reapNow() { return status }
            if clock.now >= deadline { return nil }
            try? await Task.sleep(for: .milliseconds(5))
        }
    }

    /// `SIGKILL`, then waits (bounded) for the exit. Returns the status, nil if the kernel did not deliver in time.
    @discardableResult
    public func killAndReap(timeout: Duration = .seconds(10)) async -> Int32? {
        signal(SIGKILL)
        return await waitForExit(timeout: timeout)
    }

    /// Waits until standard output contains `text`; false when the child exits first or `timeout` passes.
    public func waitForOutput(_ text: String, timeout: Duration) async -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            if stdout.contains(text) { return true }
            if reapNow() != nil { return stdout.contains(text) }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return stdout.contains(text)
    }
}

/// A start gate: children spawned behind it block reading a socket until `open()` closes the other end, so many
/// children can be released at the same instant.
public final class ReliabilityStartGate: Sendable {
    /// The read end, given to each gated child as its fd 3.
    let readFD: Int32
    private let writeFD: Mutex<Int32>

    /// Makes the channel: a `socketpair(2)` with both ends close-on-exec from the start (so no child spawned
    /// concurrently elsewhere can inherit the write end); a gated child gets a plain dup of the read end as fd 3.
    public init() throws {
        var fds: [Int32] = [0, 0]
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        guard socketpair(AF_UNIX, type, 0, &fds) == 0 else { throw ReliabilitySpawnError(executable: "socketpair", errno: errno) }
        readFD = fds[0]
        writeFD = Mutex(fds[1])
    }

    /// Releases every child waiting behind the gate (EOF on their fd 3).
    public func open() {
        writeFD.withLock { fd in
            if fd >= 0 {
                close(fd)
                fd = -1
            }
        }
    }

    deinit {
        open()
        close(readFD)
    }
}

/// Failure to start a child.
public struct ReliabilitySpawnError: Error, CustomStringConvertible {
    public let executable: String
    public let errno: Int32
    public var description: String { "cannot start \(executable): \(String(cString: strerror(errno)))" }
}

/// Starting children for the reliability tests. A child gets fds 0-2 (and 3 behind a gate) only: every other
/// descriptor of the test runner is closed in it (`posix_spawn_file_actions_addclosefrom_np`).
public enum ReliabilitySpawn {
    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+), looked up with `dlsym` because the Glibc module
    /// does not export it; nil where it is missing (then the child inherits the runner's non-CLOEXEC descriptors).
    private static let closeFromAction: CloseFrom? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: CloseFrom.self)
    }()

    /// Starts `executable` with `arguments` and `environment` (stdin `/dev/null`, default signal dispositions, an
    /// empty signal mask). With a `gate`, the child first runs `/bin/sh`, which waits for the gate to open and then
    /// `exec`s the executable (the pid stays the same).
    public static func start(
        _ executable: String, _ arguments: [String], environment: [String: String], gate: ReliabilityStartGate? = nil
    ) throws -> ReliabilityChild {
        let directory = NSTemporaryDirectory() + "reliab-\(UUID().uuidString.prefix(12))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)

        var argvStrings = [executable] + arguments
        var path = executable
        if gate != nil {
            // `read` returns at EOF, i.e. when the gate's write end closes; then fd 3 is closed and the gateway runs.
            argvStrings = ["/bin/sh", "-c", "read x <&3; exec 3<&-; exec \"$0\" \"$@\""] + argvStrings
            path = "/bin/sh"
        }
        let spawned = ChildSpawn.spawn(
            path: path, arguments: argvStrings, environment: environment,
            stdout: directory + "/stdout", stderr: directory + "/stderr"
        ) { actions in
            if let gate { posix_spawn_file_actions_adddup2(&actions, gate.readFD, 3) }
            // Nothing else of the test runner (other tests' pipes and sockets) leaks into the child.
            if let closeFrom = closeFromAction { _ = closeFrom(&actions, gate == nil ? 3 : 4) }
        }
        switch spawned {
        case .success(let pid):
            return ReliabilityChild(pid: pid, directory: directory)
        case .failure(let failure):
            try? FileManager.default.removeItem(atPath: directory)
            throw ReliabilitySpawnError(executable: path, errno: failure.errno)
        }
    }
}
