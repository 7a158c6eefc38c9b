import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What a finished subprocess left: its exit status and everything it wrote.
public struct SimProcessResult: Sendable, CustomStringConvertible {
    /// Exit status; for a process ended by a signal, 128 + the signal number (as a shell reports it).
    public let status: Int32
    public let stdout: String
    public let stderr: String
    /// True when the process outlived its timeout and was terminated.
    public let timedOut: Bool

    public var description: String {
        "status \(status)\(timedOut ? " (timed out)" : "")\n--- stdout\n\(stdout)--- stderr\n\(stderr)"
    }
}

/// Failure to start a subprocess.
public struct SimSpawnError: Error, CustomStringConvertible {
    public let executable: String
    public let errno: Int32
    public var description: String { "cannot start \(executable): \(String(cString: strerror(errno)))" }
}

/// Runs subprocesses for the simulator tests without ever hanging a test.
///
/// Uses `posix_spawn(3)` and polls `waitpid(2)` with `WNOHANG` (Foundation's `Process` was seen to miss child exits
/// when many ran in parallel). Output goes to temporary files, not pipes, so a background grandchild that keeps a
/// descriptor open cannot block the caller. After the timeout: SIGTERM, then SIGKILL 5 s later.
public enum SimProcess {
    /// Starts `executable` with `arguments` (stdin `/dev/null`, `/usr/sbin` on PATH, default signal dispositions).
    public static func start(_ executable: String, _ arguments: [String]) throws -> Started {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("simproc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let out = dir.appendingPathComponent("stdout").path
        let err = dir.appendingPathComponent("stderr").path

        switch ChildSpawn.spawn(path: executable, arguments: [executable] + arguments,
                                environment: ProcessInfo.processInfo.environment, stdout: out, stderr: err) {
        case .success(let pid):
            return Started(pid: pid, directory: dir)
        case .failure(let failure):
            try? FileManager.default.removeItem(at: dir)
            throw SimSpawnError(executable: executable, errno: failure.errno)
        }
    }

    /// Runs to completion (bounded by `timeout`) and returns status and output.
    public static func run(
        _ executable: String, _ arguments: [String], timeout: Duration = .seconds(60)
    ) async throws -> SimProcessResult {
        let started = try start(executable, arguments)
        return await started.finish(timeout: timeout)
    }

    /// A process started by `SimProcess.start`. Call `finish` exactly once to reap it.
    public struct Started: Sendable {
        /// The child's pid.
        public let pid: pid_t
        let directory: URL

        /// Sends `signal` to the child.
        public func signal(_ signal: Int32) {
            kill(pid, signal)
        }

        /// Waits for the exit (terminating the process after `timeout`), collects the output, removes the files.
        public func finish(timeout: Duration) async -> SimProcessResult {
            let clock = ContinuousClock()
            let deadline = clock.now.advanced(by: timeout)
            var status = reap()
            var timedOut = false
            while status == nil {
                if !timedOut && clock.now >= deadline {
                    timedOut = true
                    kill(pid, SIGTERM)
                } else if timedOut && clock.now >= deadline.advanced(by: .seconds(5)) {
                    kill(pid, SIGKILL)
                }
                try? await Task.sleep(for: .milliseconds(10))
                status = reap()
            }
            let out = (try? String(contentsOf: directory.appendingPathComponent("stdout"), encoding: .utf8)) ?? ""
            let err = (try? String(contentsOf: directory.appendingPathComponent("stderr"), encoding: .utf8)) ?? ""
            try? FileManager.default.removeItem(at: directory)
            return SimProcessResult(status: status ?? -1, stdout: out, stderr: err, timedOut: timedOut)
        }

        /// `waitpid(pid, WNOHANG)`: the shell-style status once the child has exited, nil while it runs.
        private func reap() -> Int32? {
            var raw: Int32 = 0
            let rc = waitpid(pid, &raw, WNOHANG)
            if rc == 0 { return nil }
            if rc < 0 { return errno == EINTR ? nil : -1 }
            let signal = raw & 0x7f
            return signal == 0 ? (raw >> 8) & 0xff : 128 + signal
        }
    }
}
