import NetProbe

/// The lock as the start found it.
public enum LockOutcome: Sendable, Equatable {
    case acquired
    /// Another live process holds the flock; its metadata when readable.
    case held(path: String, metadata: InstanceMetadata?)
    /// The lock could not be used (symlink, foreign owner, I/O error).
    case refused(LockError)
}

/// What the loopback probe found at one address.
public struct ProbeFinding: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        /// Nothing listens (refused, timeout, reset, self-connect, unreachable); the words say which.
        case noListener(String)
        /// Something answered but is not a gateway (not HTTP, HTTP without WebSocket, WebSocket without hello).
        case otherService(String)
        /// A gateway answered with this identity; `isSelf` when it is this process's own instance id.
        case gateway(IdentityDocument, isSelf: Bool)
    }

    public var host: String
    public var outcome: Outcome

    public init(host: String, outcome: Outcome) {
        self.host = host
        self.outcome = outcome
    }
}

/// The result of binding the plan's addresses.
public enum BindOutcome: Sendable, Equatable {
    case succeeded
    case addressInUse(address: String)
    case failed(address: String, errno: Int32)
}

/// One Linux process that listens on the port.
public struct PortHolderProcess: Sendable, Equatable {
    public var pid: Int32
    public var command: String
    /// `nil` when a pasted listener table does not show it.
    public var uid: UInt32?
    public var localAddress: String

    public init(pid: Int32, command: String, uid: UInt32?, localAddress: String) {
        self.pid = pid
        self.command = command
        self.uid = uid
        self.localAddress = localAddress
    }
}

/// Who holds the port, from the port-owner table (`/proc/net/tcp{,6}` and `/proc/*/fd`).
public enum PortHolderFinding: Sendable, Equatable {
    /// Visible Linux processes listen on it.
    case processes([PortHolderProcess])
    /// A LISTEN row exists but its process is not visible to this user.
    /// `uid` is `nil` when the listener table was pasted without the process (no `-p`): the holder is not in the paste.
    case hiddenProcess(uid: UInt32?)
    /// No LISTEN row in this network namespace at all.
    case noLinuxListener
}

/// Everything the clash decision looks at. Fields after `lock` are nil until the start reaches that step.
public struct ClashInputs: Sendable, Equatable {
    public var port: UInt16
    public var verdict: EnvironmentVerdict
    public var strategy: InstanceCheckStrategy
    public var lock: LockOutcome
    public var probes: [ProbeFinding]
    public var bind: BindOutcome?
    public var holder: PortHolderFinding?
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
        probes: [ProbeFinding] = [], bind: BindOutcome? = nil, holder: PortHolderFinding? = nil,
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
