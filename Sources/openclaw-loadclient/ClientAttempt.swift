import NIOCore
import Synchronization

/// Counts open connections and remembers the most that were open at once (thread-safe).
final class OpenConnections: Sendable {
    private let state = Mutex((open: 0, peak: 0))

    func opened() {
        state.withLock { s in
            s.open += 1
            s.peak = max(s.peak, s.open)
        }
    }

    func closed() { state.withLock { $0.open -= 1 } }

    var peak: Int { state.withLock { $0.peak } }
}

/// The outcomes collected so far (thread-safe).
final class OutcomeLog: Sendable {
    private let state = Mutex([ClientOutcome]())

    func append(_ outcome: ClientOutcome) { state.withLock { $0.append(outcome) } }

    var all: [ClientOutcome] { state.withLock { $0 } }
}

/// Holds every client's close until all clients have their `status` answer or have failed (`--hold`), so that
/// all connections are open at the same moment.
final class HoldBarrier: Sendable {
    private let total: Int
    private let state = Mutex((arrived: 0, waiting: [@Sendable () -> Void]()))

    init(total: Int) { self.total = total }

    /// Counts one client; `release` runs once every client has arrived (at once when this was the last).
    func arrive(release: (@Sendable () -> Void)?) {
        let toRun: [@Sendable () -> Void] = state.withLock { s in
            s.arrived += 1
            if let release { s.waiting.append(release) }
            guard s.arrived >= total else { return [] }
            let all = s.waiting
            s.waiting = []
            return all
        }
        for action in toRun { action() }
    }
}

/// One client's bookkeeping: its outcome promise (completed once), its start time, its channel (for the
/// timeout), and whether it has been counted at the hold barrier.
final class ClientAttempt: Sendable {
    let promise: EventLoopPromise<ClientOutcome>
    let startedAt: ContinuousClock.Instant
    let barrier: HoldBarrier?
    private let state = Mutex((finished: false, arrived: false, channel: Channel?.none, phase: "connect"))

    init(promise: EventLoopPromise<ClientOutcome>, barrier: HoldBarrier?) {
        self.promise = promise
        self.barrier = barrier
        self.startedAt = ContinuousClock.now
    }

    var elapsedMs: Double {
        let d = ContinuousClock.now - startedAt
        return Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
    }

    func attach(_ channel: Channel) { state.withLock { $0.channel = channel } }

    /// Where the client is (`connect`, `upgrade`, `challenge`, `hello`, `status`, `holding`, `closing`): a
    /// timeout is reported as `timeout-<phase>`.
    var phase: String {
        get { state.withLock { $0.phase } }
        set { state.withLock { $0.phase = newValue } }
    }

    /// Counts this client at the barrier once; `release` runs when everybody has arrived.
    func arrive(release: (@Sendable () -> Void)?) {
        let first = state.withLock { s in
            defer { s.arrived = true }
            return !s.arrived
        }
        if first { barrier?.arrive(release: release) }
    }

    /// Records the outcome (the first one wins) and closes the channel on failure.
    func finish(_ outcome: ClientOutcome) {
        let (first, channel) = state.withLock { s in
            defer { s.finished = true }
            return (!s.finished, s.channel)
        }
        guard first else { return }
        arrive(release: nil)
        if case .failure = outcome { channel?.close(promise: nil) }
        promise.succeed(outcome)
    }
}
