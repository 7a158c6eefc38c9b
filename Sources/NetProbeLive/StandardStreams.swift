import NetProbe
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Standard output (fd 1) or standard error (fd 2).
public enum StandardStream: Int32, Sendable, CaseIterable {
    case output = 1
    case error = 2

    /// "standard output" / "standard error".
    public var name: String { self == .output ? "standard output" : "standard error" }
}

/// The first write to a standard stream that failed: which stream, the `errno`, and what the descriptor was
/// (`/proc/self/fd/N`'s target at the time, such as `/dev/full` or `pipe:[1234]`; `closed` when the process was
/// started with it closed).
public struct StreamFailure: Sendable, Equatable, CustomStringConvertible {
    public var stream: StandardStream
    public var errno: Int32
    public var target: String

    /// "cannot write standard output (/dev/full): No space left on device (errno 28)".
    public var description: String {
        "cannot write \(stream.name) (\(target)): \(DescriptorWrite.describe(errno))"
    }
}

/// Writes to standard output and standard error through `DescriptorWrite`, and remembers the first failure of each
/// stream so a command can turn it into its exit code at the end. A failed write never ends the process.
///
/// `prepare()` (called by every executable before anything else, and implied by the first write) ignores `SIGPIPE`,
/// so a reader that went away is `EPIPE` on the next write rather than death by signal, and puts `/dev/null` on each
/// of fds 0, 1 and 2 that was closed at start: a later `open(2)` or `socket(2)` would otherwise get fd 1 and receive
/// the output meant for the terminal. A stream found closed is not written to; the first write to it is recorded
/// as an `EBADF` failure.
public enum StandardStreams {
    struct State {
        var prepared = false
        var closedAtStart: Set<StandardStream> = []
        var failures: [StandardStream: StreamFailure] = [:]
    }

    private static let state = Mutex(State())

    /// Ignores `SIGPIPE` and fills closed standard descriptors with `/dev/null` (idempotent).
    public static func prepare() {
        state.withLock { prepareLocked(&$0) }
    }

    private static func prepareLocked(_ s: inout State) {
        guard !s.prepared else { return }
        s.prepared = true
        signal(SIGPIPE, SIG_IGN)
        for fd: Int32 in 0...2 where fcntl(fd, F_GETFD) == -1 && errno == EBADF {
            let null = open("/dev/null", O_RDWR | O_CLOEXEC)
            if null >= 0 && null != fd {
                _ = dup2(null, fd)
                close(null)
            }
            if let stream = StandardStream(rawValue: fd) { s.closedAtStart.insert(stream) }
        }
    }

    /// Writes `text` to `stream`. Returns false (and records the first failure) when it could not.
    @discardableResult
    public static func write(_ text: String, to stream: StandardStream) -> Bool {
        // Under the lock: lines from several threads (the gateway's log) never interleave.
        state.withLock { s in
            prepareLocked(&s)
            if s.closedAtStart.contains(stream) {
                if s.failures[stream] == nil { s.failures[stream] = StreamFailure(stream: stream, errno: EBADF, target: "closed") }
                return false
            }
            guard let code = DescriptorWrite.all(stream.rawValue, text) else { return true }
            if s.failures[stream] == nil {
                s.failures[stream] = StreamFailure(stream: stream, errno: code, target: describeTarget(stream.rawValue))
            }
            return false
        }
    }

    /// The first failed write to `stream`, if any.
    public static func failure(of stream: StandardStream) -> StreamFailure? {
        state.withLock { $0.failures[stream] }
    }

    /// The first failed write to standard output, else to standard error.
    public static var firstFailure: StreamFailure? {
        state.withLock { $0.failures[.output] ?? $0.failures[.error] }
    }

    /// What `fd` refers to: the target of `/proc/self/fd/N` (a path, `pipe:[N]`, `socket:[N]`), else `fd N`.
    static func describeTarget(_ fd: Int32) -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/fd/\(fd)", &buffer, buffer.count - 1)
        guard count > 0 else { return "fd \(fd)" }
        return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
