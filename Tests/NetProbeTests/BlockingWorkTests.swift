import Synchronization
import Testing
@testable import NetProbeLive

/// `BlockingWork`, the edges' one utility for blocking work with a limit: a passed limit abandons the work without
/// waiting for it, the value arrives once the work returns, `all` keeps the order, `value` serves async callers.
@Suite("BlockingWork: blocking work with a limit")
struct BlockingWorkTests {
    /// A gate the work blocks on until the test opens it (no clock involved).
    private final class Gate: Sendable {
        private let condition = ThreadCondition()
        private let state = Mutex(false)
        func open() {
            condition.withLock {
                state.withLock { $0 = true }
                condition.broadcast()
            }
        }
        func pass() {
            condition.withLock {
                while !state.withLock({ $0 }) { condition.wait() }
            }
        }
    }

    @Test("a deadline that has passed returns nil while the work is blocked; the value comes once it returns")
    func abandonedThenJoined() {
        let gate = Gate()
        let work = BlockingWork<Int> {
            gate.pass()
            return 42
        }
        #expect(work.wait(until: work.started) == nil)
        #expect(work.wait(limit: .zero) == nil)
        gate.open()
        #expect(work.wait() == 42)
        #expect(work.wait(limit: .zero) == 42)
    }

    @Test("all() runs the pieces at once (each waits for the next one's start) and keeps their order")
    func allAtOnce() {
        let count = 6
        let started = Mutex(0)
        let condition = ThreadCondition()
        // Each piece waits until every piece has started: sequential execution would never finish.
        let values = BlockingWork<Int>.all((0..<count).map { index -> @Sendable () -> Int in
            {
                condition.withLock {
                    started.withLock { $0 += 1 }
                    condition.broadcast()
                    while started.withLock({ $0 }) < count { condition.wait() }
                }
                return index * index
            }
        })
        #expect(values == (0..<count).map { $0 * $0 })
    }

    @Test("value() hands the result of blocking work to an async caller")
    func asyncValue() async {
        let value = await BlockingWork<String>.value { "done on thread" }
        #expect(value == "done on thread")
    }
}
