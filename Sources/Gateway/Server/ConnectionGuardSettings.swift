import NIOCore
import Synchronization

/// What every connection's `ConnectionGuardHandler` needs: the head deadlines, the site (own addresses, port,
/// allowed origins), the readiness for reserve answers, and the shared connection count against the budget.
struct ConnectionGuardSettings: Sendable {
    /// Time to deliver the first request head on a served connection (`--request-head-timeout`).
    var headTimeout: TimeAmount
    /// Time to deliver the head on a reserve connection.
    var reserveHeadTimeout: TimeAmount = .seconds(1)
    /// How long a refused connection may keep sending (read and discarded) after the answer before it is closed,
    /// so the answer is not destroyed by a reset.
    var linger: TimeAmount = .seconds(2)
    var bindAddresses: [String]
    var port: UInt16
    var allowedOrigins: Set<String>
    var isReady: @Sendable () -> Bool
    /// Nil: no connection limit of our own.
    var budget: ConnectionBudget?
    let counter = ConnectionCounter()

    /// The site as seen by a connection that arrived on `localAddress`.
    func site(localAddress: SocketAddress?) -> RequestSite {
        RequestSite(
            ownAddresses: bindAddresses + (localAddress?.ipAddress.map { [$0] } ?? []), port: port,
            allowedOrigins: allowedOrigins)
    }
}

/// The number of open connections of one gateway (all listeners together).
final class ConnectionCounter: Sendable {
    private let open = Atomic<Int>(0)

    /// Counts one more; returns the new number.
    func opened() -> Int { open.add(1, ordering: .relaxed).newValue }

    func closed() { open.subtract(1, ordering: .relaxed) }

    var current: Int { open.load(ordering: .relaxed) }
}
