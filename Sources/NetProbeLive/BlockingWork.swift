import NetProbe

/// Blocking work (sockets with `poll(2)`, `posix_spawn` with deadlines, reads under `/mnt/c`) started on a thread of
/// its own (`DetachedThread`: off Swift's cooperative pool, which has only as many threads as cores) and joined
/// later: with no limit (`wait()`: the work bounds itself, as the probe's and `TimedProcess`'s deadlines do), until a
/// deadline (`wait(until:)`), or within a time limit counted from its start (`wait(limit:)`). Work that outlives its
/// wait is abandoned: its thread finishes on its own and nothing waits for it. The edges' one "blocking work with a
/// limit" utility: the live reader, the probes, the Windows tools, the doctor's gathering and the CLI all use it.
public final class BlockingWork<Value: Sendable>: @unchecked Sendable {
    private let condition = ThreadCondition()
    private var value: Value?
    /// When the work was started (`wait(limit:)` counts from here).
    public let started = ContinuousClock.now

    /// Starts `work` at once on a new thread (on the calling thread when none can be made: `DetachedThread.start`).
    public init(_ work: @escaping @Sendable () -> Value) {
        DetachedThread.start { [self] in
            let result = work()
            condition.withLock {
                value = result
                condition.broadcast()
            }
        }
    }

    /// The value, once the work has returned. No deadline of its own: the work must bound itself.
    public func wait() -> Value {
        condition.withLock {
            while true {
                if let value { return value }
                condition.wait()
            }
        }
    }

    /// The value, or `nil` when `deadline` passed first (the work goes on, abandoned).
    public func wait(until deadline: ContinuousClock.Instant) -> Value? {
        condition.withLock {
            while value == nil {
                if !condition.wait(until: deadline) { break }
            }
            return value
        }
    }

    /// The value, or `nil` when `limit` (counted from the start of the work) passed first.
    public func wait(limit: Duration) -> Value? {
        wait(until: started + limit)
    }

    /// Runs every piece of `work` at once, one thread each, and returns their values in order once all returned.
    public static func all(_ work: [@Sendable () -> Value]) -> [Value] {
        work.map { BlockingWork($0) }.map { $0.wait() }
    }

    /// Runs `work` on a thread of its own and resumes the (async) caller with its value: blocking work never holds a
    /// thread of the cooperative pool.
    public static func value(_ work: @escaping @Sendable () -> Value) async -> Value {
        await withCheckedContinuation { continuation in
            DetachedThread.start { continuation.resume(returning: work()) }
        }
    }
}
