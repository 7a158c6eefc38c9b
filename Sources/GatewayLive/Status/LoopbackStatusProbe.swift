import FoundationEssentials
import NetProbe
import NetProbeLive

/// The probe half of `gateway status`: NetProbe's `LoopbackProbe.probeBoth` (127.0.0.1 and ::1, one thread each,
/// blocking sockets with `poll(2)`), run off the caller's executor.
public enum LoopbackStatusProbe {
    /// Probes both loopback addresses on `port`. `lockHolderInstanceId` goes in as NetProbe's `selfInstanceId`, so its
    /// `isSelf` means "is the lock holder".
    public static func run(port: UInt16, timeout: Duration, lockHolderInstanceId: String?) async -> [ProbeResult] {
        await withCheckedContinuation { continuation in
            DetachedThread.start {
                continuation.resume(returning: LoopbackProbe.probeBoth(
                    port: port, timeout: timeout, selfInstanceId: lockHolderInstanceId))
            }
        }
    }
}
