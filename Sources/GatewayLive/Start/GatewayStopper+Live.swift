#if canImport(Glibc)
import Glibc
#endif
import Gateway

/// The edge of `GatewayStopper`: the lock (`LockInspector`), `/proc/locks`, `/proc/<pid>/stat` and `/exe`, the boot
/// id, and `kill(2)`.
extension GatewayStopper {
    /// Whether the process `metadata` names is alive (not a zombie) and is the same process (pid, start time, boot id).
    /// Metadata only (the lock's own liveness test for a holder's line); it does not verify a holder: `verifyHolder`
    /// does, for `stop` and `status`.
    public static func isSameProcess(_ metadata: InstanceMetadata) -> Bool {
        guard let stat = ProcessInfoReader.stat(pid: metadata.pid), stat.state != "Z", stat.state != "X" else { return false }
        let boot = ProcessInfoReader.bootId()
        return stat.startTime == metadata.processStartTime && (metadata.bootId.isEmpty || boot.isEmpty || boot == metadata.bootId)
    }

    /// Reads the lock (`LockInspector`), the kernel's lock table (`/proc/locks`), the holder's `/proc/<pid>/stat` and
    /// `/proc/<pid>/exe`, and the boot id, and judges the holder by `StopVerification`. `gateway stop` signals only a
    /// `.verified` holder; `gateway status` reports `processVerified` from the same answer.
    public static func verifyHolder(paths: GatewayPaths, port: UInt16) throws(LockError) -> HolderVerification {
        let lockPath = paths.lockFile(port: port)
        let inspected = try LockInspector.inspectFile(paths: paths, port: port)
        guard case .held(let found) = inspected.state else { return .notHeld }
        guard let metadata = found else {
            return .unverifiable("the lock \(lockPath) is held but its metadata cannot be read yet")
        }
        guard let file = inspected.file else { return .unverifiable("the lock \(lockPath) could not be identified") }
        guard let table = ProcessInfoReader.procLocks() else {
            return .unverifiable("/proc/locks cannot be read, so the lock holder cannot be verified")
        }
        let holders = ProcLocks.exclusiveFlockHolders(of: file, in: ProcLocks.parse(table).entries)
        var facts: [Int32: HolderFacts] = [:]
        for pid in holders {
            facts[pid] = HolderFacts(stat: ProcessInfoReader.stat(pid: pid), executable: GatewayExecutable.match(pid: pid))
        }
        switch StopVerification.decide(
            metadata: metadata, lockPath: lockPath, holders: holders, facts: facts, bootId: ProcessInfoReader.bootId()) {
        case .failure(let refusal): return .mismatch(refusal.reason)
        case .success(let pid):
            guard let started = facts[pid]?.stat?.startTime else { return .mismatch("pid \(pid) has exited") }
            return .verified(pid: pid, startTime: started)
        }
    }

    /// Verifies the holder (`verifyHolder`); signals only a verified one and waits up to `timeout` for it to exit.
    public static func stop(paths: GatewayPaths, port: UInt16, timeout: Duration) async throws(LockError) -> Outcome {
        let pid: Int32
        let started: UInt64
        switch try verifyHolder(paths: paths, port: port) {
        case .notHeld: return .notRunning
        case .unverifiable(let why): return .unverifiable(why)
        case .mismatch(let why): return .mismatch(why)
        case .verified(let holder, let startTime): pid = holder; started = startTime
        }
        if kill(pid, SIGTERM) != 0 { return .signalFailed(pid: pid, errno: errno) }
        // A stopped (SIGSTOP, Ctrl-Z) gateway keeps SIGTERM pending until it runs again.
        _ = kill(pid, SIGCONT)
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            if !isAlive(pid: pid, startTime: started) { return .stopped(pid: pid) }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return isAlive(pid: pid, startTime: started) ? .stillRunning(pid: pid) : .stopped(pid: pid)
    }

    /// The process `pid` that started at `startTime` still exists and is not a zombie.
    static func isAlive(pid: Int32, startTime: UInt64) -> Bool {
        guard let stat = ProcessInfoReader.stat(pid: pid) else { return false }
        return stat.startTime == startTime && stat.state != "Z" && stat.state != "X"
    }
}
