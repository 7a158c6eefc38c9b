import Gateway

/// One connection's handle on the gateway's failed-auth record of its peer address.
struct PeerAuthRecord: Sendable {
    let runtime: GatewayRuntime
    /// The peer's IP address (`unknown` when the socket has none).
    let peer: String

    func isBlocked() -> Bool { runtime.authBlocked(peer: peer) }

    func recordFailure() { runtime.recordAuthFailure(peer: peer) }
}
