import Foundation
import NetProbeLive
#if canImport(Glibc)
import Glibc
#endif

/// A child process started with the product's `ProcessSpawn` (standard input from /dev/null, output appended to a
/// log file or /dev/null), stopped with `kill(2)` and reaped with `waitpid(2)`.
final class ChildProcess {
    let pid: pid_t
    private var exitStatus: Int32?

    /// Starts `arguments[0]` (an absolute path) with `environment`; stdout and stderr go to `logPath`.
    init(_ arguments: [String], environment: [String: String], logPath: String = "/dev/null") throws {
        let spawned = ProcessSpawn.spawn(
            arguments[0], arguments: arguments, environment: environment.map { "\($0.key)=\($0.value)" },
            stdin: .null, stdout: .file(logPath, append: true), stderr: .file(logPath, append: true))
        switch spawned {
        case .success(let child): pid = child
        case .failure(let failure): throw BenchError("posix_spawn \(arguments[0]): \(failure.description)")
        }
    }

    /// Non-blocking: the exit status once the child has ended (reaping it), else nil.
    func exited() -> Int32? {
        if let exitStatus { return exitStatus }
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        guard result == pid else { return nil }
        exitStatus = Self.code(status)
        return exitStatus
    }

    /// Sends `signal` (once) and waits up to `timeout` for the exit, then SIGKILL. Returns the exit status.
    @discardableResult
    func stop(signal: Int32 = SIGTERM, timeout: Duration = .seconds(10)) -> Int32 {
        if let exitStatus { return exitStatus }
        kill(pid, signal)
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let code = exited() { return code }
            usleep(1_000)
        }
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        exitStatus = Self.code(status)
        return exitStatus ?? -1
    }

    deinit { if exitStatus == nil { stop(signal: SIGKILL, timeout: .seconds(2)) } }

    /// The exit code, or 128 + signal number for a killed child.
    private static func code(_ status: Int32) -> Int32 {
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }

    /// This process's environment without `XDG_RUNTIME_DIR`, so a gateway keeps its lock inside `--state-dir`.
    static func benchEnvironment() -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_RUNTIME_DIR"] = nil
        return environment
    }
}
