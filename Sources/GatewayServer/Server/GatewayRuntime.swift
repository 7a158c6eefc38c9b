import Gateway
import FoundationEssentials
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

    /// Who this gateway is, as it serves it at `/__openclaw__/identity` (NetProbe's `GatewayIdentity`, the type a
    /// probe reads back; every field set).
    public let identity: GatewayIdentity
    /// The same values, none optional: what the `status` payload and `hello-ok` carry (`snapshot`, `version`).
    private let served: GatewaySnapshot
    /// The identity route's two bodies (`GatewayIdentity.jsonValue`'s text): with the pid, for a loopback peer, and
    /// without it. Written once here, so a request encodes nothing.
    private let identityBodies: (loopback: [UInt8], other: [UInt8])
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

    /// - Parameters: this gateway's instance id, pid, version, start time (ISO 8601), boot id and port; its verdict,
    ///   plan and token (nil: no auth).
    public init(
        instanceId: String, pid: Int32, version: String = GatewayVersion.string, startedAt: String, bootId: String, port: UInt16,
        verdict: EnvironmentVerdict, plan: StartPlan, token: String?,
        handshakeTimeout: Duration = GatewayTimeouts.handshake, allowedOrigins: Set<String> = []
    ) {
        self.allowedOrigins = allowedOrigins
        let identity = GatewayIdentity(
            instanceId: instanceId, pid: pid, version: version, startedAt: startedAt, bootId: bootId, port: Int(port))
        self.identity = identity
        var withoutPid = identity
        withoutPid.pid = nil
        identityBodies = (Array(identity.jsonValue.text.utf8), Array(withoutPid.jsonValue.text.utf8))
        served = GatewaySnapshot(
            instanceId: instanceId, pid: pid, port: port, version: version, startedAt: startedAt, status: .starting,
            environment: verdict, plan: plan)
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
        var snapshot = served
        snapshot.status = status
        return snapshot
    }

    /// This gateway's version (what `hello-ok` names).
    public var version: String { served.version }

    /// The body of `GET /__openclaw__/identity` for a peer: the pid only for a loopback one.
    func identityBody(peerIsLoopback: Bool) -> [UInt8] {
        peerIsLoopback ? identityBodies.loopback : identityBodies.other
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
