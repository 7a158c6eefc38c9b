/// What `gateway stop` knows about one candidate process, read from procfs.
public struct HolderFacts: Sendable, Equatable {
    /// `/proc/<pid>/stat`, nil when the process is gone.
    public var stat: ProcessStat?
    public var executable: ExecutableMatch

    public init(stat: ProcessStat?, executable: ExecutableMatch) {
        self.stat = stat
        self.executable = executable
    }
}

/// Decides which process `gateway stop` may signal. Pure.
///
/// A process is signalled only when all three hold:
/// 1. the kernel says it holds the lock: it is the one pid `/proc/locks` lists with an exclusive `flock` on the lock
///    file's device and inode (the metadata's pid is never used on its own: a forged or stale line, or a pid from
///    another PID namespace, names nobody);
/// 2. it is a gateway of this project (`ExecutableMatch.isGateway`);
/// 3. its start time (`/proc/<pid>/stat` field 22) and the boot id equal the metadata's (it is the process that
///    wrote the metadata, not a recycled pid); a zombie counts as gone.
public enum StopVerification {
    /// The pid to signal, or why not (a sentence for the user).
    public static func decide(
        metadata: InstanceMetadata, lockPath: String, holders: [Int32], facts: [Int32: HolderFacts], bootId: String
    ) -> Result<Int32, Refusal> {
        guard let pid = holders.first else {
            return .failure(Refusal(
                "the kernel lists no process holding \(lockPath) that is visible from here (/proc/locks); "
                + "the holder may run in another PID namespace"))
        }
        guard holders.count == 1 else {
            return .failure(Refusal("/proc/locks lists several holders of \(lockPath) (pids \(holders.map { String($0) }.joined(separator: ", ")))"))
        }
        let samePidNote = pid == metadata.pid ? "" : " (the lock metadata names pid \(metadata.pid))"
        guard let fact = facts[pid], let stat = fact.stat, stat.state != "Z", stat.state != "X" else {
            return .failure(Refusal("the lock holder, pid \(pid)\(samePidNote), has exited"))
        }
        switch fact.executable {
        case .sameAsCaller, .named:
            break
        case .other(let path):
            return .failure(Refusal("the lock holder, pid \(pid)\(samePidNote), runs \(path), not an OpenClaw gateway"))
        case .unreadable(let code):
            return .failure(Refusal("the executable of the lock holder, pid \(pid), cannot be read (/proc/\(pid)/exe: errno \(code))"))
        }
        guard stat.startTime == metadata.processStartTime else {
            return .failure(Refusal("the lock holder, pid \(pid)\(samePidNote), started at tick \(stat.startTime), not at tick "
                + "\(metadata.processStartTime) as the lock metadata says"))
        }
        guard !bootId.isEmpty, bootId == metadata.bootId else {
            return .failure(Refusal("the boot id in the lock metadata (\(metadata.bootId.isEmpty ? "none" : metadata.bootId)) is not "
                + "this boot's (\(bootId.isEmpty ? "unreadable" : bootId))"))
        }
        return .success(pid)
    }

    /// Why nothing is signalled.
    public struct Refusal: Error, Sendable, Equatable {
        public var reason: String
        public init(_ reason: String) { self.reason = reason }
    }
}
