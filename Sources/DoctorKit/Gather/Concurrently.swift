import Dispatch
import FoundationEssentials
import NetProbe

/// Runs blocking jobs concurrently on their own threads, each with its own time limit.
///
/// A job that outlives its limit is reported as `.timedOut` and abandoned (its thread finishes on
/// its own; nothing waits for it). Blocking work stays off Swift's cooperative pool, which has only
/// as many threads as cores.
final class TimedJob<Value: Sendable>: @unchecked Sendable {
    private let lock = ThreadCondition()
    private var result: Observation<Value>?
    private let done = DispatchSemaphore(value: 0)
    private let limitMilliseconds: Int
    private let started = DispatchTime.now()

    init(limitMilliseconds: Int, _ work: @escaping @Sendable () -> Observation<Value>) {
        self.limitMilliseconds = limitMilliseconds
        DetachedThread.start { [self] in
            let value = work()
            lock.withLock { result = value }
            done.signal()
        }
    }

    /// The job's observation, or `.timedOut` once its limit (counted from its start) has passed.
    func wait() -> Observation<Value> {
        let deadline = started + .milliseconds(limitMilliseconds)
        if done.wait(timeout: deadline) == .timedOut { return .timedOut(milliseconds: limitMilliseconds) }
        return lock.withLock { result ?? .failed("no result") }
    }
}
