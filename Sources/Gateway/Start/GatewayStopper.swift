/// Stops the gateway that holds a port's lock: SIGTERM (then SIGCONT, so a stopped gateway wakes up to handle it)
/// only to the process `StopVerification` accepts (the kernel's lock holder, a gateway executable, start time and
/// boot id as in the metadata), then waits until it is gone. The outcomes are here (pure values the clash decision,
/// `status` and the doctor read); the reads and the signals (`verifyHolder`, `stop`, `isSameProcess`) are in
/// GatewayLive.
public enum GatewayStopper {
    public enum Outcome: Sendable, Equatable {
        case notRunning
        case stopped(pid: Int32)
        /// The lock is held but its metadata cannot be read, or the kernel's lock table cannot: nothing is signalled.
        case unverifiable(String)
        /// The holder is not the gateway the metadata describes (or not a gateway at all): nothing is signalled.
        case mismatch(String)
        case stillRunning(pid: Int32)
        case signalFailed(pid: Int32, errno: Int32)
    }

    /// What `verifyHolder` found: the lock is not held, the holder is verified (`StopVerification`), or why not.
    public enum HolderVerification: Sendable, Equatable {
        case notHeld
        case verified(pid: Int32, startTime: UInt64)
        /// The lock is held but its metadata or the kernel's lock table cannot be read.
        case unverifiable(String)
        /// The holder is not the gateway the metadata describes (or not a gateway at all).
        case mismatch(String)
    }
}
