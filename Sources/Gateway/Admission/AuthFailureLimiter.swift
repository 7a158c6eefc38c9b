import NetProbe

/// Counts failed WebSocket auth attempts per peer address and over all peers together, and refuses attempts beyond
/// either limit. A plain value with the clock injected (`now` is any monotonic offset), so every decision is testable.
///
/// Policy (docs/gateway-startup.md, "Failed auth"):
/// - per peer: at most `maxFailures` (10) failures within `window` (60 s) per peer (`peerKey`: an IPv4 address, an
///   IPv6 /64 prefix), loopback included;
/// - globally: at most `maxGlobalFailures` (100) failures within the same window over every address together, so a
///   client that rotates its source address (all of 127.0.0.0/8 is loopback; a LAN host may hold a whole IPv6
///   prefix) gets no more guesses than that;
/// - at a limit the next `connect` is refused (close 1008) before its token is compared, so a right guess is not
///   learnt, until the oldest failure leaves the window. While the global budget is spent every peer is refused,
///   a legitimate one too (`Block.global`): that is the price of a bound an attacker cannot sidestep.
///
/// `admit` and `refund` make the count exact under concurrency: an admitted attempt counts as a failure at once and is
/// refunded when it turns out not to be one, so attempts judged at the same moment on different threads can never
/// exceed a budget together. At most `maxPeers` (4096) addresses are tracked; beyond that the one whose last failure
/// is oldest is forgotten (memory stays bounded; the global count is kept apart and is not forgotten).
public struct AuthFailureLimiter: Sendable, Equatable {
    /// Why an attempt is refused, with how long the refusal lasts.
    public enum Block: Error, Sendable, Equatable {
        /// This peer address failed `maxFailures` times within the window.
        case peer(Duration)
        /// All peers together failed `maxGlobalFailures` times within the window.
        case global(Duration)

        /// How long the refusal lasts from now.
        public var remaining: Duration {
            switch self {
            case .peer(let d), .global(let d): return d
            }
        }
    }

    public var maxFailures: Int
    public var maxGlobalFailures: Int
    public var window: Duration
    public var maxPeers: Int
    private var failures: [String: [Duration]] = [:]
    /// Every failure within the window, all peers together (at most `maxGlobalFailures` kept).
    private var recent: [Duration] = []

    public init(maxFailures: Int = 10, maxGlobalFailures: Int = 100, window: Duration = .seconds(60), maxPeers: Int = 4096) {
        self.maxFailures = maxFailures
        self.maxGlobalFailures = maxGlobalFailures
        self.window = window
        self.maxPeers = maxPeers
    }

    /// The number of peers tracked.
    public var trackedPeers: Int { failures.count }

    /// The failures within the window over all peers, as of the last call.
    public var globalFailures: Int { recent.count }

    /// The key a peer address is counted under: an IPv4 address as it is (an IPv4-mapped IPv6 address as its IPv4
    /// address), an IPv6 address by its /64 prefix (`2001:db8:1:2::/64`: one host or one LAN segment holds a whole
    /// /64, so counting single IPv6 addresses would let it rotate), anything else (`unknown`) as it is.
    public static func peerKey(_ address: String) -> String {
        guard let parsed = IPAddress(address) else { return address }
        if let mapped = parsed.mappedIPv4 { return mapped.text }
        guard parsed.family == .inet6 else { return parsed.text }
        let prefix = IPAddress(bytes: Array(parsed.bytes[0..<8]) + Array(repeating: 0, count: 8)) ?? parsed
        return prefix.text + "/64"
    }

    /// Why `peer` may not try at `now`, or nil when it may.
    public mutating func blocked(peer address: String, now: Duration) -> Block? {
        let peer = Self.peerKey(address)
        prune(peer, now: now)
        if let times = failures[peer], times.count >= maxFailures, let oldest = times.min() {
            return .peer(oldest + window - now)
        }
        if recent.count >= maxGlobalFailures, let oldest = recent.min() {
            return .global(oldest + window - now)
        }
        return nil
    }

    /// One attempt of `peer` at `now`: the block when it may not try; else nil, and the attempt is counted as a
    /// failure until `refund(peer:at:)` takes it back.
    public mutating func admit(peer: String, now: Duration) -> Block? {
        if let block = blocked(peer: peer, now: now) { return block }
        recordFailure(peer: peer, now: now)
        return nil
    }

    /// Takes back one attempt admitted at `at` that did not fail auth (it succeeded, or was no auth attempt).
    public mutating func refund(peer address: String, at: Duration) {
        let peer = Self.peerKey(address)
        if var times = failures[peer], let index = times.lastIndex(of: at) {
            times.remove(at: index)
            failures[peer] = times.isEmpty ? nil : times
        }
        if let index = recent.lastIndex(of: at) { recent.remove(at: index) }
    }

    /// Records one failed attempt of `peer` at `now`.
    public mutating func recordFailure(peer address: String, now: Duration) {
        let peer = Self.peerKey(address)
        prune(peer, now: now)
        failures[peer, default: []].append(now)
        recent.append(now)
        if recent.count > maxGlobalFailures, let oldest = recent.indices.min(by: { recent[$0] < recent[$1] }) {
            recent.remove(at: oldest)
        }
        if failures.count > maxPeers,
           let stalest = failures.min(by: { ($0.value.max() ?? .zero) < ($1.value.max() ?? .zero) })?.key {
            failures.removeValue(forKey: stalest)
        }
    }

    private mutating func prune(_ peer: String, now: Duration) {
        recent.removeAll { $0 + window <= now }
        guard var times = failures[peer] else { return }
        times.removeAll { $0 + window <= now }
        failures[peer] = times.isEmpty ? nil : times
    }
}
