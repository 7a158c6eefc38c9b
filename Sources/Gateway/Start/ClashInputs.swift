import NetProbe

/// The lock as the start found it.
public enum LockOutcome: Sendable, Equatable {
    case acquired
    /// Another live process holds the flock; its metadata when readable.
    case held(path: String, metadata: InstanceMetadata?)
    /// The lock could not be used (symlink, foreign owner, I/O error).
    case refused(LockError)
}

/// The result of binding the plan's addresses.
public enum BindOutcome: Sendable, Equatable {
    case succeeded
    case addressInUse(address: String)
    case failed(address: String, errno: Int32)
}

extension PortHolder {
    /// Who holds the port after an `EADDRINUSE`, from the port-owner table with this process left out
    /// (`PortHolder.classify` of the others): `linuxProcesses`, `hiddenLinuxProcess`, or `outsideLinux` when no
    /// other LISTEN row shows. Pure.
    public static func afterAddressInUse(owners: [PortOwner]) -> PortHolder {
        classify(bindResult: .addressInUse, owners: owners.filter { !$0.isSelf })
    }

    /// No LISTEN row of this network namespace names a holder: `outsideLinux` (and `free` or `bindFailed`, which
    /// say the same of the table). The clash decision's "no Linux process holds it" and the start's rule for
    /// consulting Windows read this one predicate.
    public var showsNoLinuxListener: Bool {
        switch self {
        case .outsideLinux, .free, .bindFailed: return true
        case .linuxProcesses, .hiddenLinuxProcess: return false
        }
    }
}

/// Everything the clash decision looks at. Fields after `lock` are nil until the start reaches that step.
public struct ClashInputs: Sendable, Equatable {
    public var port: UInt16
    public var verdict: EnvironmentVerdict
    public var strategy: InstanceCheckStrategy
    public var lock: LockOutcome
    /// NetProbe's loopback probe results (`isSelf`: this process's own instance id).
    public var probes: [ProbeResult]
    public var bind: BindOutcome?
    /// Who holds the port after `EADDRINUSE` (`PortHolder.afterAddressInUse`: this process left out).
    public var holder: PortHolder?
    /// The Windows half, consulted on WSL after a refused bind with no Linux holder; `nil` when not consulted.
    public var windows: WindowsConsult?
    /// The lock holder as `gateway stop` judges it (`GatewayStopper.verifyHolder`), read when the lock is held;
    /// nil when not read. Only a `.verified` holder's pid is printed.
    public var lockHolder: GatewayStopper.HolderVerification?
    /// The port's LISTEN rows and their visible owners (`PortOwners.listeners`), read when a message might name a
    /// peer's pid (a held lock, a foreign gateway's answer, `EADDRINUSE`); nil when not read.
    /// `ListenerConfirmation.judge` confirms a claimed pid against them.
    public var listeners: [PortOwner]?

    public init(
        port: UInt16, verdict: EnvironmentVerdict, strategy: InstanceCheckStrategy, lock: LockOutcome,
        probes: [ProbeResult] = [], bind: BindOutcome? = nil, holder: PortHolder? = nil,
        windows: WindowsConsult? = nil, lockHolder: GatewayStopper.HolderVerification? = nil, listeners: [PortOwner]? = nil
    ) {
        self.windows = windows
        self.lockHolder = lockHolder
        self.listeners = listeners
        self.port = port
        self.verdict = verdict
        self.strategy = strategy
        self.lock = lock
        self.probes = probes
        self.bind = bind
        self.holder = holder
    }
}

/// The clash decision: go on, or stop with an exit code and a message.
public enum StartDecision: Sendable, Equatable {
    /// Continue; `notes` are diagnostics to print (e.g. a loopback answer that does not stop a pidfile start).
    case proceed(notes: [String])
    case stop(exitCode: Int32, message: String)
}
