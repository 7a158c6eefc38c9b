import Gateway

/// One connection's handle on the gateway's failed-auth record (`AuthFailureLimiter`, per peer address and global).
struct PeerAuthRecord: Sendable {
    let runtime: GatewayRuntime
    /// The peer's IP address (`unknown` when the socket has none).
    let peer: String

    /// Admits one attempt (counted as a failure until refunded), or says why the peer may not try now.
    func admit() -> Result<Duration, AuthFailureLimiter.Block> { runtime.admitAuthAttempt(peer: peer) }

    /// Takes back the attempt admitted at `time`: it did not fail auth.
    func refund(_ time: Duration) { runtime.refundAuthAttempt(peer: peer, at: time) }
}
