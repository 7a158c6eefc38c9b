import Gateway
import Foundation
import NetProbe
import Synchronization

/// The live state the HTTP handlers and WebSocket sessions read: lifecycle status, the snapshot for `status`, and
/// the open sessions (so shutdown can close them). Thread-safe through one `Mutex`.
public final class GatewayRuntime: Sendable {
    private struct State {
        var status: InstanceStatus = .starting
        var sessions: [Int: WebSocketSessionHandle] = [:]
        var nextSession = 0
        var shuttingDown = false
    }

    public let identity: IdentityDocument
    public let verdict: EnvironmentVerdict
    public let plan: StartPlan
    public let token: String?
    /// How long a WebSocket client may take to send `connect`.
    public let handshakeTimeout: Duration
    /// Foreign origins allowed to open the WebSocket (normalised); their host and port also pass the `Host` check.
    public let allowedOrigins: Set<String>
    private let state = Mutex(State())
    private let authFailures = Mutex(AuthFailureLimiter())
    private let clockStart = ContinuousClock.now

    public init(
        identity: IdentityDocument, verdict: EnvironmentVerdict, plan: StartPlan, token: String?,
        handshakeTimeout: Duration = GatewayTimeouts.handshake, allowedOrigins: Set<String> = []
    ) {
        self.allowedOrigins = allowedOrigins
        self.identity = identity
        self.verdict = verdict
        self.plan = plan
        self.token = token
        self.handshakeTimeout = handshakeTimeout
    }

    public var status: InstanceStatus { state.withLock { $0.status } }

    public func setStatus(_ status: InstanceStatus) { state.withLock { $0.status = status } }

    /// `starting` -> `ready`; false (and no change) when the gateway is already stopping or ready.
    public func markReady() -> Bool {
        state.withLock { s in
            guard s.status == .starting else { return false }
            s.status = .ready
            return true
        }
    }

    /// The value `status` requests answer with.
    public var snapshot: GatewaySnapshot {
        GatewaySnapshot(
            instanceId: identity.instanceId, pid: identity.pid ?? 0, port: identity.port, version: identity.version,
            startedAt: identity.startedAt, status: status, environment: verdict, plan: plan)
    }

    /// One auth attempt of `peer` (an IP address), judged by the failed-auth limiter (`AuthFailureLimiter.admit`):
    /// the block when it may not try now; else the attempt's time, counted as a failure until `refundAuthAttempt`.
    func admitAuthAttempt(peer: String) -> Result<Duration, AuthFailureLimiter.Block> {
        authFailures.withLock { limiter in
            // The clock is read under the lock, so the limiter sees its times in order.
            let now = ContinuousClock.now - clockStart
            if let block = limiter.admit(peer: peer, now: now) { return .failure(block) }
            return .success(now)
        }
    }

    /// Takes back an admitted attempt of `peer` that did not fail auth.
    func refundAuthAttempt(peer: String, at time: Duration) {
        authFailures.withLock { $0.refund(peer: peer, at: time) }
    }

    /// Registers a session; nil when the gateway is already shutting down (the caller closes at once).
    func register(_ session: WebSocketSessionHandle) -> Int? {
        state.withLock { s in
            if s.shuttingDown { return nil }
            s.nextSession += 1
            s.sessions[s.nextSession] = session
            return s.nextSession
        }
    }

    func unregister(_ id: Int) { _ = state.withLock { $0.sessions.removeValue(forKey: id) } }

    var openSessions: Int { state.withLock { $0.sessions.count } }

    /// Sends every open session the `shutdown` event and close 1001, then waits (up to `grace`) until they are gone.
    public func closeAllSessions(grace: Duration = .seconds(3)) async {
        let sessions = state.withLock { s in
            s.shuttingDown = true
            return Array(s.sessions.values)
        }
        for session in sessions { session.shutdown() }
        let clock = ContinuousClock()
        let deadline = clock.now + grace
        while openSessions > 0 && clock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
    }
}
