#if canImport(Glibc)
import Glibc
#endif

/// Stops the gateway that holds a port's lock: SIGTERM only to a process whose pid, start time and boot id match
/// the lock metadata (never to a recycled pid), then waits until it is gone.
public enum GatewayStopper {
    public enum Outcome: Sendable, Equatable {
        case notRunning
        case stopped(pid: Int32)
        /// The lock is held but its metadata cannot be read: nothing is signalled.
        case unverifiable(String)
        /// The pid in the metadata is not the process that took the lock.
        case mismatch(String)
        case stillRunning(pid: Int32)
        case signalFailed(pid: Int32, errno: Int32)
    }

    /// Whether the process `metadata` names is alive (not a zombie) and is the same process (pid, start time, boot id).
    public static func isSameProcess(_ metadata: InstanceMetadata) -> Bool {
        guard let stat = ProcessInfoReader.stat(pid: metadata.pid), stat.state != "Z", stat.state != "X" else { return false }
        let boot = ProcessInfoReader.bootId()
        return stat.startTime == metadata.processStartTime && (metadata.bootId.isEmpty || boot.isEmpty || boot == metadata.bootId)
    }

    public static func stop(paths: GatewayPaths, port: UInt16, timeout: Duration) async throws(LockError) -> Outcome {
        guard case .held(let found) = try LockInspector.inspect(paths: paths, port: port) else { return .notRunning }
        guard let metadata = found else {
            return .unverifiable("the lock \(paths.lockFile(port: port)) is held but its metadata cannot be read yet")
        }
        guard isSameProcess(metadata) else {
            return .mismatch("pid \(metadata.pid) does not match the lock metadata (start time or boot id differ)")
        }
        if kill(metadata.pid, SIGTERM) != 0 { return .signalFailed(pid: metadata.pid, errno: errno) }
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            if !isSameProcess(metadata) { return .stopped(pid: metadata.pid) }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return .stillRunning(pid: metadata.pid)
    }
}
