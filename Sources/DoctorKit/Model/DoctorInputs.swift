import Gateway
import NetProbe
import NetProbeLive

/// A live observation gathered at the edge: its value, or why there is none.
public enum Observation<Value: Sendable>: Sendable {
    case value(Value)
    /// Not gathered, and why (a snapshot, `--only` did not need it).
    case notGathered(String)
    /// Gathering failed; the error text.
    case failed(String)
    /// Gathering did not finish within its time limit.
    case timedOut(milliseconds: Int)

    public var value: Value? {
        if case .value(let v) = self { return v }
        return nil
    }

    /// Why there is no value, for a `skip` or `fail` result.
    public var problem: String? {
        switch self {
        case .value: return nil
        case .notGathered(let why): return why
        case .failed(let error): return error
        case .timedOut(let ms): return "did not finish within \(ms) ms"
        }
    }
}

/// A systemd unit file (`*.service`) with its drop-ins (`NAME.service.d/*.conf`), as read from a unit directory.
public struct UnitFile: Sendable, Equatable {
    public var path: String
    public var text: String
    /// Drop-in files, in the order systemd applies them.
    public var dropIns: [UnitFile]

    public init(path: String, text: String, dropIns: [UnitFile] = []) {
        self.path = path
        self.text = text
        self.dropIns = dropIns
    }
}

/// What the live machine showed beyond `MachineFacts`: gathered concurrently, each with a time limit.
public struct LiveObservations: Sendable {
    public var probes: Observation<[ProbeResult]>
    public var portOwners: Observation<[PortOwner]>
    /// A trial bind of the port on 127.0.0.1 (no listen), only when no Linux process holds it.
    public var bindAttempt: Observation<BindAttempt>
    public var lock: Observation<LockState>
    /// The lock holder as `gateway stop` judges it (`GatewayStopper.verifyHolder`: the kernel's lock holder, a gateway
    /// executable, start time and boot id as in the metadata), gathered with the lock; its pid is named only when
    /// `.verified` (`lockHolderWords`): the metadata's pid is a claim.
    public var lockHolder: Observation<GatewayStopper.HolderVerification>
    /// Whether the lock directory is private (0700, owned by us, not a symlink).
    public var lockDirectory: Observation<LockDirectoryState>
    public var units: Observation<[UnitFile]>
    /// The reachability probes (`gateway.reach`).
    public var reach: Observation<ReachGathered>
    /// The state directory as `gateway run` judges it (`StatePathTrust.inspection`), for `gateway.state`.
    public var stateDirectory: Observation<StatePathTrust.Inspection>
    /// The command lines of the port's listeners and of the verified lock holder, masked, for `gateway.cmdline`.
    public var holderCommandLines: Observation<[HolderCommandLine]>

    public init(
        probes: Observation<[ProbeResult]>, portOwners: Observation<[PortOwner]>, bindAttempt: Observation<BindAttempt>,
        lock: Observation<LockState>, lockDirectory: Observation<LockDirectoryState>, units: Observation<[UnitFile]>,
        reach: Observation<ReachGathered> = .notGathered("not gathered"),
        stateDirectory: Observation<StatePathTrust.Inspection> = .notGathered("not gathered"),
        holderCommandLines: Observation<[HolderCommandLine]> = .notGathered("not gathered"),
        lockHolder: Observation<GatewayStopper.HolderVerification> = .notGathered("not gathered")
    ) {
        self.lockHolder = lockHolder
        self.reach = reach
        self.stateDirectory = stateDirectory
        self.holderCommandLines = holderCommandLines
        self.probes = probes
        self.portOwners = portOwners
        self.bindAttempt = bindAttempt
        self.lock = lock
        self.lockDirectory = lockDirectory
        self.units = units
    }

    /// Nothing gathered (a replayed snapshot).
    public static func none(_ why: String) -> LiveObservations {
        LiveObservations(probes: .notGathered(why), portOwners: .notGathered(why), bindAttempt: .notGathered(why),
                         lock: .notGathered(why), lockDirectory: .notGathered(why), units: .notGathered(why),
                         reach: .notGathered(why), stateDirectory: .notGathered(why), holderCommandLines: .notGathered(why),
                         lockHolder: .notGathered(why))
    }

    /// The lock holder's pid once `gateway stop`'s verification confirms it (`lockHolder` is `.verified`), else nil.
    public var verifiedLockHolderPid: Int32? {
        if case .value(.verified(let pid, _)) = lockHolder { return pid }
        return nil
    }

    /// The lock holder as every check names it: `pid N` when verified, else `instance X, pid unverified` (never the
    /// metadata's pid on its own).
    public func lockHolderWords(_ metadata: InstanceMetadata) -> String {
        verifiedLockHolderPid.map { "pid \($0)" } ?? "instance \(metadata.instanceId), pid unverified"
    }
}

/// What the reachability probes found: one observation per candidate row, and this kernel's boot id (to tell where
/// another gateway runs).
public struct ReachGathered: Sendable, Equatable {
    public var observations: [ReachObservation]
    public var bootId: String?

    public init(observations: [ReachObservation], bootId: String?) {
        self.observations = observations
        self.bootId = bootId
    }
}

/// The lock directory as `lstat` sees it.
public struct LockDirectoryState: Sendable, Equatable {
    public var path: String
    public var exists: Bool
    public var isSymlink: Bool
    public var isDirectory: Bool
    /// Permission bits (`0o700`).
    public var mode: UInt32
    public var ownerUID: UInt32
    public var currentUID: UInt32
    /// The gateway's own directory: its path has no symlink in it (`realpath` is the path itself) and it holds
    /// nothing but `gateway-*.lock` files. Only such a directory may have its mode changed by `--fix`.
    public var gatewayOwned: Bool

    public init(path: String, exists: Bool, isSymlink: Bool, isDirectory: Bool, mode: UInt32, ownerUID: UInt32, currentUID: UInt32,
                gatewayOwned: Bool = false) {
        self.gatewayOwned = gatewayOwned
        self.path = path
        self.exists = exists
        self.isSymlink = isSymlink
        self.isDirectory = isDirectory
        self.mode = mode
        self.ownerUID = ownerUID
        self.currentUID = currentUID
    }

    /// Private: a real directory, ours, with no group or other permission bits.
    public var isPrivate: Bool { exists && !isSymlink && isDirectory && ownerUID == currentUID && mode & 0o077 == 0 }
}

/// The doctor's configuration: what the gateway would be started with here.
public struct DoctorConfiguration: Sendable, Equatable {
    public var port: UInt16
    public var start: StartConfiguration
    public var paths: GatewayPaths
    public var probeTimeoutMilliseconds: Int
    /// `--state-dir` as given (written into a generated systemd unit).
    public var stateDirOverride: String?
    /// The gateway's refusal of the configured token before it plans (`TokenPolicy.blankRefusal`: a set but blank
    /// `OPENCLAW_GATEWAY_TOKEN=`); nil: no token or a usable one. Makes `gateway.plan` fail with that sentence.
    public var tokenRefusal: PlanRefusal?
    /// The configured token as `gateway run` resolves it (measured for the plan's token-strength refusal, never
    /// printed); nil: none, or only `start.tokenPresent` is known.
    public var token: TokenSetting?

    public init(port: UInt16, start: StartConfiguration, paths: GatewayPaths, probeTimeoutMilliseconds: Int = 500,
                stateDirOverride: String? = nil, tokenRefusal: PlanRefusal? = nil, token: TokenSetting? = nil) {
        self.port = port
        self.token = token
        self.tokenRefusal = tokenRefusal
        self.stateDirOverride = stateDirOverride
        self.start = start
        self.paths = paths
        self.probeTimeoutMilliseconds = probeTimeoutMilliseconds
    }
}

/// Everything the checks look at: facts, the verdict, the plan, and live observations, with the derived view of
/// them (`view`), computed once: checks read their judgements there and never re-derive them.
public struct DoctorInputs: Sendable {
    public let facts: MachineFacts
    public let verdict: EnvironmentVerdict
    public let configuration: DoctorConfiguration
    public let live: LiveObservations
    /// The derived view (`SituationView.derive`): every judgement a check needs.
    public let view: SituationView

    public init(facts: MachineFacts, verdict: EnvironmentVerdict, configuration: DoctorConfiguration, live: LiveObservations) {
        self.facts = facts
        self.verdict = verdict
        self.configuration = configuration
        self.live = live
        // A replay shows the matrix as it was seen: the capture's `reach` section stands in for the probes.
        let replayed = facts.origin.isLive ? nil : facts.reach.map(ReachSection.parse)
        self.view = SituationView.derive(
            facts: facts, verdict: verdict, configuration: configuration.start, token: configuration.token,
            // `gateway run` refuses a blank token before it plans (exit 78); so does the doctor's plan.
            tokenRefusal: configuration.tokenRefusal,
            observations: SituationObservations(
                lockPath: configuration.paths.lockFile(port: configuration.port), lock: live.lock.value,
                probes: live.probes.value,
                // A replay has no live port owners: the capture's LISTEN rows stand in (no processes, no trial bind).
                portOwners: live.portOwners.value ?? (facts.origin.isLive ? nil : CapturedPortOwners.owners(facts, port: configuration.port)),
                bindAttempt: live.bindAttempt.value, reach: live.reach.value?.observations ?? replayed?.observations,
                bootId: live.reach.value?.bootId ?? replayed?.bootId))
    }

    /// The plan `gateway run` would make here, or its refusal (`view.plan`).
    public var plan: Result<StartPlan, PlanRefusal> { view.plan }
    public var isLive: Bool { facts.origin.isLive }
    public var port: UInt16 { configuration.port }
    /// The environment judgements (`view.environment`).
    public var environment: EnvironmentView { view.environment }

    /// The parsed `.wslconfig`, when one was found.
    public var wslConfig: WslConfig? { facts.wslconfig.map { WslConfig(parsing: $0.text) } }
}
