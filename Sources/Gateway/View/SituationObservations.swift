import NetProbe

/// What was observed on the live machine beyond `MachineFacts`, as plain optionals (`nil`: not observed: a replay,
/// a check that did not need it, a failure). The input of `SituationView.derive`; DoctorKit fills it from its
/// `LiveObservations`, `gateway status` from the lock and its probe.
public struct SituationObservations: Sendable, Equatable {
    /// The port's lock file (for `gateway run`'s wording).
    public var lockPath: String
    /// The lock as `LockInspector` read it.
    public var lock: LockState?
    /// The loopback probes of 127.0.0.1 and ::1, in that order.
    public var probes: [ProbeResult]?
    /// The port's LISTEN rows with their processes (`PortOwners.listeners`), live or from a capture's
    /// `/proc/net/tcp{,6}`.
    public var portOwners: [PortOwner]?
    /// A trial bind of 127.0.0.1 on the port (made only when no Linux socket listens on it).
    public var bindAttempt: BindAttempt?
    /// The reachability probes (`ReachObservation`: from Linux and from Windows), when made.
    public var reach: [ReachObservation]?
    /// This kernel's `/proc/sys/kernel/random/boot_id`, to tell where another gateway runs.
    public var bootId: String?

    public init(lockPath: String, lock: LockState? = nil, probes: [ProbeResult]? = nil, portOwners: [PortOwner]? = nil,
                bindAttempt: BindAttempt? = nil, reach: [ReachObservation]? = nil, bootId: String? = nil) {
        self.reach = reach
        self.bootId = bootId
        self.lockPath = lockPath
        self.lock = lock
        self.probes = probes
        self.portOwners = portOwners
        self.bindAttempt = bindAttempt
    }

    /// The lock holder's metadata, when a live process holds the lock and its metadata is written.
    public var holder: InstanceMetadata? {
        if case .held(let metadata)? = lock { return metadata }
        return nil
    }

    /// Whether a live process holds the lock (`nil`: the lock was not read).
    public var lockHeld: Bool? {
        switch lock {
        case .held?: return true
        case .free?, .absent?: return false
        case nil: return nil
        }
    }
}
