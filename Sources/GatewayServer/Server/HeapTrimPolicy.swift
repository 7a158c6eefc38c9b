import Gateway

/// When to hand the heap's free memory back to the kernel (`malloc_trim(0)`): glibc keeps what a burst of
/// connections freed (1,000 held WebSocket connections left the gateway tens of MiB above idle), so the gateway trims
/// once the open connections fall to zero after at least `burst` were open at once since the last trim. Pure.
struct HeapTrimPolicy: Sendable, Equatable {
    /// The least peak of open connections worth a trim.
    static let burst = 64

    private var peak = 0

    /// A connection opened; `open` counts it.
    mutating func opened(open: Int) {
        peak = max(peak, open)
    }

    /// A connection closed, leaving `open`; true when the heap should be trimmed now.
    mutating func closed(open: Int) -> Bool {
        guard open == 0, peak >= Self.burst else { return false }
        peak = 0
        return true
    }
}
