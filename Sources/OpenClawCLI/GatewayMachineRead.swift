import NetProbe
import NetProbeLive
import Synchronization

/// The facts and verdict `openclaw gateway run` plans with, read while its arguments are parsed.
///
/// The read depends on no argument (`GatewayEnvironment.liveFacts()`: the same options for every start) and takes
/// 1.5-2.5 ms of CPU with the classification, as long as ArgumentParser's parse of the command line; started first
/// thing (`GatewayRunExecutor.prepare`) on a thread of its own, it overlaps the parse instead of following it
/// (docs/performance.md, "Gateway ready"). The plan, the lock and the instance decision still come after it and
/// before any bind: only the read moved.
enum GatewayMachineRead {
    struct Result: Sendable {
        var facts: MachineFacts
        var verdict: EnvironmentVerdict
    }

    private static let started = Mutex<BlockingWork<Result>?>(nil)

    /// Starts the read; a second call does nothing.
    static func start() {
        started.withLock { work in
            if work == nil { work = BlockingWork { read() } }
        }
    }

    /// The read `start()` began (waited for), else a read now. Each started read is handed out once.
    static func take() -> Result {
        let work = started.withLock { work in
            defer { work = nil }
            return work
        }
        return work?.wait() ?? read()
    }

    private static func read() -> Result {
        let facts = GatewayEnvironment.liveFacts()
        return Result(facts: facts, verdict: Classifier.classify(facts))
    }
}
