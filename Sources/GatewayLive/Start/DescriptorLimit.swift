import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif
import Gateway

/// The process's descriptor limit (`RLIMIT_NOFILE`, getrlimit(2)/setrlimit(2)) and the descriptors in use
/// (`/proc/self/fd`). Edge code.
public enum DescriptorLimit {
    public struct Outcome: Sendable, Equatable {
        /// The soft limit now in force.
        public var soft: Int
        public var hard: Int
        /// The soft limit before, when it was raised.
        public var raisedFrom: Int?
    }

    /// Raises the soft limit to the hard limit (capped at 1,048,576 when the hard limit is unlimited). A failure
    /// leaves the limit as it was.
    public static func raiseSoftToHard() -> Outcome {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return Outcome(soft: 1024, hard: 1024, raisedFrom: nil) }
        let cap: rlim_t = 1 << 20
        let target = limit.rlim_max == rlim_t.max ? cap : limit.rlim_max
        let before = Int(clamping: limit.rlim_cur == rlim_t.max ? cap : limit.rlim_cur)
        guard limit.rlim_cur != rlim_t.max, limit.rlim_cur < target else {
            return Outcome(soft: before, hard: Int(clamping: target), raisedFrom: nil)
        }
        var raised = limit
        raised.rlim_cur = target
        if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 {
            return Outcome(soft: Int(clamping: target), hard: Int(clamping: target), raisedFrom: before)
        }
        return Outcome(soft: before, hard: Int(clamping: target), raisedFrom: nil)
    }

    /// The number of open descriptors of this process (entries of `/proc/self/fd`); 64 when it cannot be read.
    public static func inUse() -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? 64
    }
}
