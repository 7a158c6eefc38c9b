import NetProbe
import Foundation

/// One blocking read started on a thread of its own and joined later: the caller reads other things meanwhile, so
/// two edges that each spawn processes with deadlines cost the longer of the two, not their sum. Blocking work stays
/// off Swift's cooperative pool. `wait()` has no deadline of its own: the work must bound itself (the supervisor
/// reader's `showTimeout` and `journalTimeout`).
final class BackgroundRead<Value: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var value: Value?

    init(_ work: @escaping @Sendable () -> Value) {
        let thread = Thread { [self] in
            let result = work()
            condition.withLock {
                value = result
                condition.broadcast()
            }
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// The value, once the work has returned.
    func wait() -> Value {
        condition.withLock {
            while true {
                if let value { return value }
                condition.wait()
            }
        }
    }
}
