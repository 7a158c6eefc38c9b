import FoundationEssentials
import NetProbe
import NetProbeLive

/// The probe half of `gateway status`: NetProbe's `LoopbackProbe.probeBoth` (127.0.0.1 and ::1, one thread each,
/// blocking sockets with `poll(2)`), run off the caller's executor.
public enum LoopbackStatusProbe {
    /// Probes both loopback addresses on `port`. `lockHolderInstanceId` goes in as NetProbe's `selfInstanceId`, so its
    /// `isSelf` means "is the lock holder".
    public static func run(port: UInt16, timeout: Duration, lockHolderInstanceId: String?) async -> [ProbeResult] {
        await BlockingWork.value {
            LoopbackProbe.probeBoth(port: port, timeout: timeout, selfInstanceId: lockHolderInstanceId)
        }
    }

    /// The port's LISTEN rows with their visible owners (`PortOwners.listeners`), read when a gateway answered one of
    /// `results` (its claimed pid is then judged by `ListenerConfirmation` against them); nil when none did. Edge.
    public static func listeners(for results: [ProbeResult]?, port: UInt16) -> [PortOwner]? {
        guard let results, results.contains(where: { $0.outcome.gatewayIdentity != nil }) else { return nil }
        return PortOwners.listeners(port: port)
    }
}
