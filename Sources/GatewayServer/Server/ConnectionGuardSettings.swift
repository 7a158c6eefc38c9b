import Gateway
import NIOCore

/// What every connection's `ConnectionGuardHandler` needs: the head deadlines, the site (own addresses, port,
/// allowed origins), and the readiness for reserve answers.
struct ConnectionGuardSettings: Sendable {
    /// Time to deliver the first request head on a served connection (`--request-head-timeout`).
    var headTimeout: TimeAmount
    /// Time to deliver the head on a reserve connection.
    var reserveHeadTimeout: TimeAmount = .seconds(1)
    /// How long a connection that is ending (refused, `Connection: close`, a body, idle, shut down) may keep sending
    /// (read and discarded) after the answer before it is closed,
    /// so the answer is not destroyed by a reset.
    var linger: TimeAmount = .seconds(2)
    var bindAddresses: [String]
    var port: UInt16
    var allowedOrigins: Set<String>
    var isReady: @Sendable () -> Bool
    /// Nil: no connection limit of our own.
    var budget: ConnectionBudget?

    /// The site as seen by a connection that arrived on `localAddress`.
    func site(localAddress: SocketAddress?) -> RequestSite {
        RequestSite(
            ownAddresses: bindAddresses + (localAddress?.ipAddress.map { [$0] } ?? []), port: port,
            allowedOrigins: allowedOrigins)
    }
}
