import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Deadlines of the tests' waits. Every wait ends as soon as its event is seen (a line printed, a process gone), so
/// a generous deadline costs nothing when things work; it only bounds a failure. CI runs on a loaded 2-core
/// machine: `TEST_DEADLINE_SCALE` (a number, default 1) multiplies every deadline for slower machines still.
public enum TestDeadline {
    /// `base` times `TEST_DEADLINE_SCALE`.
    public static func scaled(_ base: Duration) -> Duration {
        let scale = ProcessInfo.processInfo.environment["TEST_DEADLINE_SCALE"].flatMap(Double.init) ?? 1
        return scale > 0 && scale != 1 ? base * scale : base
    }

    /// For a child to print a line or exit (starting a gateway, running a command).
    public static var process: Duration { scaled(.seconds(120)) }
}

/// Failure to start a child.
public struct SpawnError: Error, CustomStringConvertible {
    public let executable: String
    public let errno: Int32
    public var description: String { "cannot start \(executable): \(String(cString: strerror(errno)))" }
}

/// What a finished child left: its exit status and everything it wrote.
public struct ChildResult: Sendable, CustomStringConvertible {
    /// Exit status; for a process ended by a signal, 128 + the signal number (as a shell reports it).
    public let status: Int32
    public let stdout: String
    public let stderr: String
    /// True when the child outlived its deadline and was terminated.
    public let timedOut: Bool

    public var description: String {
        "status \(status)\(timedOut ? " (timed out)" : "")\n--- stdout\n\(stdout)--- stderr\n\(stderr)"
    }
}

/// The one child-process helper of the tests: started with `posix_spawn(3)` (`ChildSpawn`) and reaped with
/// `waitpid(2)`, never with Foundation's `Process`. Standard output and error go to files in a private temporary
/// directory, so a child that writes a lot never blocks on a full pipe, a grandchild that keeps a descriptor open
/// never blocks the test, and the output's tail is never lost.
///
/// Waits poll the event (the child's exit, text in its output) every few milliseconds and take a last look after
/// the deadline, so an event that happened just before it is never missed. The child is killed (`SIGKILL`) and
/// reaped when this object goes away while it still runs, so a failed `#require` never leaves a process behind.
public final class SpawnedChild: Sendable {
    /// The child's pid (stays the pid of the program after an `exec` by a start gate's shell).
    public let pid: pid_t
    private let directory: String
    private let reaped = Mutex<Int32?>(nil)

    private init(pid: pid_t, directory: String) {
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

    /// Starts `executable` with `arguments` and `environment` (default: the runner's). `stdin` is a file to read
    /// (`/dev/null` unless given; `input` writes one first). With a `gate`, the child first runs `/bin/sh`, which
    /// waits for the gate to open and then `exec`s the executable (the pid stays the same).
    public static func start(
        _ executable: String, _ arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment,
        input: String? = nil, gate: StartGate? = nil
    ) throws -> SpawnedChild {
        let directory = TestDirectory.make("child")
        var stdin = "/dev/null"
        if let input {
            stdin = directory + "/stdin"
            try Data(input.utf8).write(to: URL(fileURLWithPath: stdin))
        }
        var argvStrings = [executable] + arguments
        var path = executable
        if gate != nil {
            // `read` returns at EOF, i.e. when the gate's write end closes; then fd 3 is closed and the program runs.
            argvStrings = ["/bin/sh", "-c", "read x <&3; exec 3<&-; exec \"$0\" \"$@\""] + argvStrings
            path = "/bin/sh"
        }
        switch ChildSpawn.spawn(path: path, arguments: argvStrings, environment: environment, stdin: stdin,
                                stdout: .file(directory + "/stdout", append: false), stderr: .file(directory + "/stderr", append: false),
                                gateFD: gate?.readFD) {
        case .success(let pid):
            return SpawnedChild(pid: pid, directory: directory)
        case .failure(let failure):
            try? FileManager.default.removeItem(atPath: directory)
            throw SpawnError(executable: path, errno: failure.errno)
        }
    }

    /// Runs to completion (terminated after `timeout`) and returns status and output.
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment,
        input: String? = nil, timeout: Duration = TestDeadline.process
    ) async throws -> ChildResult {
        let child = try start(executable, arguments, environment: environment, input: input)
        return await child.finish(timeout: timeout)
    }

    /// `run` for synchronous callers (blocks the calling thread, polling `waitpid`).
    public static func runBlocking(
        _ executable: String, _ arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment,
        input: String? = nil, timeout: Duration = TestDeadline.process
    ) throws -> ChildResult {
        let child = try start(executable, arguments, environment: environment, input: input)
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while child.reapNow() == nil && clock.now < deadline { usleep(2_000) }
        let timedOut = child.reapNow() == nil
        if timedOut { child.killNow() }
        return ChildResult(status: child.reapNow() ?? -1, stdout: child.stdout, stderr: child.stderr, timedOut: timedOut)
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

    /// Waits for the exit; nil when the child still runs after `timeout` (a last look is taken at the deadline).
    public func waitForExit(timeout: Duration = TestDeadline.process) async -> Int32? {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            if let status = reapNow() { return status }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return reapNow()
    }

    /// Waits until standard output contains `text`; false when the child exits without printing it or `timeout`
    /// passes (a last look is taken at the deadline).
    public func waitForOutput(_ text: String, timeout: Duration = TestDeadline.process) async -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            if stdout.contains(text) { return true }
            if reapNow() != nil { return stdout.contains(text) }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return stdout.contains(text)
    }

    /// Waits for the exit; after `timeout`, SIGTERM, then SIGKILL 5 s later. Returns status and output.
    public func finish(timeout: Duration = TestDeadline.process) async -> ChildResult {
        var status = await waitForExit(timeout: timeout)
        let timedOut = status == nil
        if timedOut {
            signal(SIGTERM)
            status = await waitForExit(timeout: .seconds(5))
            if status == nil { status = await killAndReap() }
        }
        return ChildResult(status: status ?? -1, stdout: stdout, stderr: stderr, timedOut: timedOut)
    }

    /// `SIGKILL`, then waits (bounded) for the exit. Returns the status, nil if the kernel did not deliver in time.
    @discardableResult
    public func killAndReap(timeout: Duration = .seconds(30)) async -> Int32? {
        signal(SIGKILL)
        return await waitForExit(timeout: timeout)
    }

    /// Test clean-up: `SIGKILL` if it still runs, and reap it (blocking until the kernel has delivered it).
    public func terminate() { killNow() }

    private func killNow() {
        reaped.withLock { status in
            guard status == nil else { return }
            kill(pid, SIGKILL)
            var raw: Int32 = 0
            while waitpid(pid, &raw, 0) < 0 && errno == EINTR {}
            let signal = raw & 0x7f
            status = signal == 0 ? (raw >> 8) & 0xff : 128 + signal
        }
    }
}
