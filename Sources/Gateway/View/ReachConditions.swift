import NetProbe

/// What decides who can reach the gateway here: the environment (and its WSL2 networking mode), the `.wslconfig`
/// keys that change the paths, and where the gateway listens. A plain value built once by `SituationView.derive`.
public struct ReachConditions: Sendable, Equatable {
    /// The network paths, per environment and WSL2 mode.
    public enum Mode: String, Sendable, Equatable, Codable {
        case native, container, wsl1, nat, mirrored, virtioproxy, bridged, none, unknown
    }

    public var mode: Mode
    public var port: UInt16
    /// `[wsl2] localhostForwarding` (`nil`: unset, WSL's default `true`).
    public var localhostForwarding: Bool?
    /// `[experimental] hostAddressLoopback` (`nil`: unset, WSL's default `false`).
    public var hostAddressLoopback: Bool?
    /// Where the gateway listens: the lock holder's bind addresses when one runs, else what `gateway run` would bind.
    public var binds: [String]
    /// Whether a gateway holds this port's lock (its bind addresses are `binds`).
    public var running: Bool
    /// Whether the lock was read (`SituationObservations.lockHeld != nil`): when not (another user's HOME, a
    /// replay), `running == false` means unknown, not free, and no cell says that no gateway holds the lock.
    public var lockKnown: Bool
    /// The lock holder's instance id: an answer with it is THIS gateway.
    public var instanceId: String?
    public var holderPid: Int32?
    /// Whether `::1` can be used here (`EnvironmentView.ipv6Loopback`).
    public var ipv6Loopback: Bool

    public init(mode: Mode, port: UInt16, localhostForwarding: Bool? = nil, hostAddressLoopback: Bool? = nil,
                binds: [String], running: Bool, lockKnown: Bool = true, instanceId: String? = nil, holderPid: Int32? = nil,
                ipv6Loopback: Bool = true) {
        self.mode = mode
        self.port = port
        self.localhostForwarding = localhostForwarding
        self.hostAddressLoopback = hostAddressLoopback
        self.binds = binds
        self.running = running
        self.lockKnown = lockKnown
        self.instanceId = instanceId
        self.holderPid = holderPid
        self.ipv6Loopback = ipv6Loopback
    }

    /// Whose rules the expectations follow, as a cell says it: `by WSL's rules` under WSL, `by Linux's rules` on
    /// native Linux and in a container, `by the rules of an unknown environment` when the mode is unknown.
    public var rulesName: String {
        switch mode {
        case .native, .container: return "by Linux's rules"
        case .unknown: return "by the rules of an unknown environment"
        case .wsl1, .nat, .mirrored, .virtioproxy, .bridged, .none: return "by WSL's rules"
        }
    }

    /// The mode for a verdict. Pure.
    public static func mode(_ verdict: EnvironmentVerdict) -> Mode {
        switch verdict.kind {
        case .native: return .native
        case .container: return .container
        case .wsl1: return .wsl1
        case .unknown: return .unknown
        case .wsl2:
            switch verdict.wslNetworkingMode ?? .unknown {
            case .nat: return .nat
            case .mirrored: return .mirrored
            case .virtioproxy: return .virtioproxy
            case .bridged: return .bridged
            case .none: return Mode.none
            case .unknown: return .unknown
            }
        }
    }

    /// The verdict a mode stands for (the inverse of `mode(_:)`), for the judgements made per verdict.
    public static func verdict(_ mode: Mode) -> EnvironmentVerdict {
        func wsl2(_ networking: WSLNetworkingMode) -> EnvironmentVerdict {
            EnvironmentVerdict(kind: .wsl2, wslNetworkingMode: networking, confidence: .high, evidence: [])
        }
        switch mode {
        case .native: return EnvironmentVerdict(kind: .native, confidence: .high, evidence: [])
        case .container: return EnvironmentVerdict(kind: .container, confidence: .high, evidence: [])
        case .wsl1: return EnvironmentVerdict(kind: .wsl1, confidence: .high, evidence: [])
        case .unknown: return EnvironmentVerdict(kind: .unknown, confidence: .low, evidence: [])
        case .nat: return wsl2(.nat)
        case .mirrored: return wsl2(.mirrored)
        case .virtioproxy: return wsl2(.virtioproxy)
        case .bridged: return wsl2(.bridged)
        case .none: return wsl2(.none)
        }
    }

    /// Whether Linux's 127.0.0.1 reaches Windows in this mode: `LoopbackCrossing`, the one predicate the doctor's
    /// checks, `gateway run`'s clash wording and `gateway status` read (never a list of modes here).
    public var loopback: LoopbackCrossing { LoopbackCrossing.judge(Self.verdict(mode)) }

    /// Whether the gateway binds only loopback addresses (the default `--bind loopback`).
    public var loopbackOnly: Bool {
        !binds.isEmpty && binds.allSatisfy { IPAddressText.isLoopback($0) }
    }

    /// Whether a listener on `binds` accepts a connection to `host` (`BindCoverage`).
    public func covers(_ host: String) -> Bool { BindCoverage.covers(binds, host) }

    /// The words for where it listens: `127.0.0.1 and ::1`.
    public var bindWords: String {
        binds.isEmpty ? "no address (the plan is refused)" : binds.joined(separator: " and ")
    }

    /// How to serve the LAN safely, in one line: bind every interface, with a token.
    public var lanFix: String {
        "to serve the LAN, start it with a strong token and every interface: `export OPENCLAW_GATEWAY_TOKEN=\"$(openssl rand -hex 32)\"`, then `openclaw gateway run --bind lan --port \(port)` "
            + "(`gateway run` refuses a LAN bind without a token; clients, the Control UI among them, then need that token); "
            + "keep `--bind loopback` when only this machine needs it"
    }
}
