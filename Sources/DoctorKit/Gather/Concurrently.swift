import NetProbe
import NetProbeLive

/// One gathering job of the doctor: `BlockingWork` (its own thread, off Swift's cooperative pool) with the job's time
/// limit, counted from its start. A job that outlives its limit is reported as `.timedOut` and abandoned (its thread
/// finishes on its own; nothing waits for it).
struct TimedJob<Value: Sendable>: Sendable {
    private let work: BlockingWork<Observation<Value>>
    private let limitMilliseconds: Int

    init(limitMilliseconds: Int, _ work: @escaping @Sendable () -> Observation<Value>) {
        self.limitMilliseconds = limitMilliseconds
        self.work = BlockingWork(work)
    }

    /// The job's observation, or `.timedOut` once its limit (counted from its start) has passed.
    func wait() -> Observation<Value> {
        work.wait(limit: .milliseconds(limitMilliseconds)) ?? .timedOut(milliseconds: limitMilliseconds)
    }
}
