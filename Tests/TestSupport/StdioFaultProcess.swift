import Foundation
import NetProbeLive
#if canImport(Glibc)
import Glibc
#endif

/// A child process whose standard output (or error) is what a hostile or careless parent leaves it: closed
/// (`>&-`), a full device (`>/dev/full`), or a pipe whose reader goes away. Spawned with `ChildSpawn` (file actions
/// applied after the standard three), reaped with `waitpid`. The other stream goes to a file the test reads.
public final class StdioFaultProcess: @unchecked Sendable {
    /// What a standard stream of the child is.
    public enum Stream: Sendable {
        /// Captured to a temporary file (readable with `stdout`/`stderr`).
        case captured
        /// Closed when the child starts (`>&-`).
        case closed
        /// Opened write-only on this path (`/dev/full`).
        case path(String)
        /// This descriptor of the test process (a pipe's write end), duplicated onto the stream.
        case descriptor(Int32)
    }

    /// How the child ended.
    public enum Ending: Equatable, Sendable, CustomStringConvertible {
        case exited(Int32)
        case signalled(Int32)

        public var description: String {
            switch self {
            case .exited(let code): return "exit \(code)"
            case .signalled(let signal): return "signal \(signal)"
            }
        }
    }

    public let pid: pid_t
    private let outPath: String
    private let errPath: String
    private let lock = NSLock()
    private var recorded: Ending?

    public init(_ executable: String, _ arguments: [String], environment: [String: String],
                stdout: Stream = .captured, stderr: Stream = .captured) throws {
        let dir = TestDirectory.make("stdio-fault")
        outPath = dir + "/stdout"
        errPath = dir + "/stderr"
        func target(_ stream: Stream, captured: String) -> ProcessSpawn.Stream {
            switch stream {
            case .captured: return .file(captured, append: false)
            case .closed: return .closed
            case .path(let path): return .write(path)
            case .descriptor(let source): return .descriptor(source)
            }
        }
        let result = ChildSpawn.spawn(
            path: executable, arguments: [executable] + arguments, environment: environment,
            stdout: target(stdout, captured: outPath), stderr: target(stderr, captured: errPath))
        switch result {
        case .success(let pid): self.pid = pid
        case .failure(let failure): throw POSIXError(POSIXErrorCode(rawValue: failure.errno) ?? .EIO)
        }
    }

    /// The captured standard output / error so far.
    public var stdout: String { (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "" }
    public var stderr: String { (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "" }

    /// Polls `waitpid(WNOHANG)` until the child ends or `timeout` passes (then one last look); nil if it still runs.
    public func waitForExit(timeout: Duration = .seconds(60)) async -> Ending? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let ending = reap() { return ending }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return reap()
    }

    /// Waits until the captured stream contains `text` (event: the file grows; polled), with a last look.
    public func waitForOutput(_ text: String, inStandardError: Bool = false, timeout: Duration = .seconds(60)) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if (inStandardError ? stderr : stdout).contains(text) { return true }
            if reap() != nil { break }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return (inStandardError ? stderr : stdout).contains(text)
    }

    /// How the child ended, if it has (no waiting).
    public var endedNow: Ending? { reap() }

    public func signal(_ signal: Int32) { if reap() == nil { kill(pid, signal) } }

    private func reap() -> Ending? {
        lock.withLock {
            if let recorded { return recorded }
            var status: Int32 = 0
            guard waitpid(pid, &status, WNOHANG) == pid else { return nil }
            let signal = status & 0x7f
            recorded = signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal)
            return recorded
        }
    }

    deinit {
        if reap() == nil {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        try? FileManager.default.removeItem(atPath: (outPath as NSString).deletingLastPathComponent)
    }
}
