import NetProbe

/// One reachability probe as the edge made it: the target, and what answered (a `ProbeResult`: the same outcome
/// vocabulary for Linux's socket probe and Windows' `curl.exe`), or why it was not tried.
///
/// JSON shape: `{"target":{"source":"windows","role":"loopback","host":"127.0.0.1"},"result":{...}}` or
/// `{"target":...,"notTried":"interop is off: ..."}`.
public struct ReachObservation: Sendable, Equatable, Codable {
    public var target: ReachTarget
    /// What answered; `nil` when not tried.
    public var result: ProbeResult?
    /// Why it was not tried (interop off, not WSL, no LAN address); `nil` when tried.
    public var notTried: String?

    public init(target: ReachTarget, result: ProbeResult) {
        self.target = target
        self.result = result
        self.notTried = nil
    }

    public init(target: ReachTarget, notTried reason: String) {
        self.target = target
        self.result = nil
        self.notTried = reason
    }
}
