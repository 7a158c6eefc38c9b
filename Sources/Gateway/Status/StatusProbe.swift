import NetProbe

/// One loopback probe as `gateway status` reports it.
///
/// `status` passes the lock holder's instance id as NetProbe's `selfInstanceId`, so NetProbe's `isSelf` means "is
/// the lock holder" there, never "is this `status` process". It is reported as `isLockHolder` (computed from the
/// instance ids, so it does not depend on what the caller passed).
public struct StatusProbe: Sendable, Equatable, Encodable {
    /// The numeric address probed (`127.0.0.1`, `::1`).
    public var host: String
    /// NetProbe's verdict name: `refused`, `timeout`, `http-not-websocket`, `gateway`, ... (`ProbeOutcome.name`).
    public var verdict: String
    /// The verdict's category (`ProbeOutcome.category`): `no-listener`, `timeout`, `not-a-gateway`, `gateway`.
    public var category: ProbeCategory
    /// One line for humans, e.g. `gateway, the lock holder (instance X, pid N)`, `gateway, not the lock holder
    /// (instance X; holder unverified: the socket tables show ...)` or `http-not-websocket (HTTP 404)`.
    public var summary: String
    /// For a gateway answer: its instance id, as it claims it.
    public var instanceId: String?
    /// For a gateway answer: the pid it claims, only when the socket tables confirm that it holds the port's
    /// listening socket (`ListenerConfirmation`); nil otherwise (`holder` says why).
    public var pid: Int32?
    /// For a gateway answer: `ListenerConfirmation.words`: `pid N`, or `holder unverified: the socket tables show ...`.
    public var holder: String?
    /// For a gateway answer: whether it is the process holding the port's lock (same instance id as the lock
    /// metadata). Nil when nothing answered as a gateway here, or when the lock holder's instance id is unknown
    /// (lock held, metadata not written yet).
    public var isLockHolder: Bool?
    /// How long the probe took, in milliseconds.
    public var elapsedMs: Int64

    public init(
        host: String, verdict: String, category: ProbeCategory, summary: String, instanceId: String? = nil, pid: Int32? = nil,
        holder: String? = nil, isLockHolder: Bool? = nil, elapsedMs: Int64
    ) {
        self.holder = holder
        self.host = host
        self.verdict = verdict
        self.category = category
        self.summary = summary
        self.instanceId = instanceId
        self.pid = pid
        self.isLockHolder = isLockHolder
        self.elapsedMs = elapsedMs
    }
}
