/// Counts failed WebSocket auth attempts per peer address (loopback included) and blocks a peer that failed too
/// often. A plain value with the clock injected (`now` is any monotonic offset), so every decision is testable.
///
/// Policy (docs/gateway-startup.md, "Failed auth"): at most `maxFailures` (10) failures within `window` (60 s) per
/// peer address; at the limit the peer's next `connect` is refused (close 1008 `too many failed auth attempts`)
/// before its token is even compared, until its oldest failure leaves the window. At most `maxPeers` (4096)
/// addresses are tracked; beyond that the one whose last failure is oldest is forgotten (memory stays bounded).
public struct AuthFailureLimiter: Sendable, Equatable {
    public var maxFailures: Int
    public var window: Duration
    public var maxPeers: Int
    private var failures: [String: [Duration]] = [:]

    public init(maxFailures: Int = 10, window: Duration = .seconds(60), maxPeers: Int = 4096) {
        self.maxFailures = maxFailures
        self.window = window
        self.maxPeers = maxPeers
    }

    /// The number of peers tracked.
    public var trackedPeers: Int { failures.count }

    /// How long `peer` stays blocked at `now`; nil when it may try.
    public mutating func blocked(peer: String, now: Duration) -> Duration? {
        prune(peer, now: now)
        guard let times = failures[peer], times.count >= maxFailures, let oldest = times.first else { return nil }
        return oldest + window - now
    }

    /// Records one failed attempt of `peer` at `now`.
    public mutating func recordFailure(peer: String, now: Duration) {
        prune(peer, now: now)
        failures[peer, default: []].append(now)
        if failures.count > maxPeers,
           let stalest = failures.min(by: { ($0.value.last ?? .zero) < ($1.value.last ?? .zero) })?.key {
            failures.removeValue(forKey: stalest)
        }
    }

    private mutating func prune(_ peer: String, now: Duration) {
        guard var times = failures[peer] else { return }
        times.removeAll { $0 + window <= now }
        failures[peer] = times.isEmpty ? nil : times
    }
}
