/// A point on the monotonic clock after which a probe stops waiting.
package struct ProbeDeadline: Sendable {
    package let start: ContinuousClock.Instant
    package let end: ContinuousClock.Instant

    package init(after timeout: Duration, from start: ContinuousClock.Instant = .now) {
        self.start = start
        self.end = start.advanced(by: max(timeout, .zero))
    }

    /// Milliseconds left for `poll(2)`, rounded up so that a wait never ends before the deadline; 0 once passed.
    package var remainingMillis: Int32 {
        let left = end - .now
        guard left > .zero else { return 0 }
        let (seconds, attoseconds) = left.components
        let millis = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(clamping: millis)
    }

    /// An earlier deadline: this one, or `now + limit` if that comes first.
    package func capped(at limit: Duration) -> ProbeDeadline {
        let now = ContinuousClock.now
        let candidate = now.advanced(by: limit)
        return ProbeDeadline(start: start, end: min(end, candidate))
    }

    private init(start: ContinuousClock.Instant, end: ContinuousClock.Instant) {
        self.start = start
        self.end = end
    }

    /// Microseconds since `start`.
    package var elapsedMicros: Int64 {
        let (seconds, attoseconds) = (ContinuousClock.now - start).components
        return seconds * 1_000_000 + attoseconds / 1_000_000_000_000
    }
}
