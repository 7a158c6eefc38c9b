/// Whether a Linux connection to 127.0.0.1 can reach a WINDOWS listener here, per environment, with its reason.
///
/// The one predicate behind "does loopback go through Windows": the planner's strategy reasons, the clash wording of
/// `gateway run`, the doctor's `gateway.port`/`gateway.probe`/`gateway.bind` and the Windows checks, `gateway status`
/// and `gateway probe` all read it from `EnvironmentView.loopback` (source: docs/wsl-networking reference, section 3):
///
/// | environment | path | crosses to Windows |
/// |---|---|---|
/// | WSL2 mirrored | `routedThroughWindows` (table 127 via `loopback0`) | yes |
/// | WSL2 virtioproxy | `routedThroughWindows` (proxied through Windows) | yes |
/// | WSL1 | `sharedWithWindows` (one TCP/IP stack) | yes |
/// | WSL2 nat, bridged, none; native; container | `staysInLinux` | no |
/// | unknown kind, WSL2 with an unknown mode | `unknown` | unknown |
public struct LoopbackCrossing: Sendable, Equatable {
    public enum Path: String, Sendable, Equatable, Codable {
        /// Linux sends 127.0.0.1 out to Windows, which hands it to a Windows listener or back to Linux.
        case routedThroughWindows = "routed-through-windows"
        /// Linux and Windows share one TCP/IP stack: a Windows port is this Linux's port.
        case sharedWithWindows = "shared-with-windows"
        /// 127.0.0.1 stays inside this kernel (or network namespace).
        case staysInLinux = "stays-in-linux"
        /// The environment (or its WSL2 networking mode) is unknown.
        case unknown
    }

    public var path: Path
    /// One sentence: why, for this environment.
    public var reason: String
    /// Where it applies, for wording: `under WSL2 mirrored networking`, `on WSL1`; empty when it stays in Linux.
    public var context: String

    public init(path: Path, reason: String, context: String) {
        self.path = path
        self.reason = reason
        self.context = context
    }

    /// `true` routed through or shared with Windows, `false` stays in Linux, `nil` unknown.
    public var crossesToWindows: Bool? {
        switch path {
        case .routedThroughWindows, .sharedWithWindows: return true
        case .staysInLinux: return false
        case .unknown: return nil
        }
    }

    /// Whether a connection from Linux to `host` may be answered by a WINDOWS listener: under a routed mode only
    /// 127.0.0.1 goes to Windows (other 127.x addresses and `::1` stay in Linux: WSL issue 11766); on WSL1 every
    /// address is shared; `nil` when the path is unknown.
    public func crossesToWindows(host: String) -> Bool? {
        switch path {
        case .routedThroughWindows: return Self.isIPv4Loopback1(host)
        case .sharedWithWindows: return true
        case .staysInLinux: return false
        case .unknown: return nil
        }
    }

    /// Whether a connection to `host` leaves Linux and comes back through Windows, so that a refusal or a hang there
    /// proves nothing about Linux's own listeners (a closed port can hang, a Linux listener may not be reached). On
    /// WSL1 (one shared stack) answers are real, so this is false there.
    public func routedThroughWindows(host: String) -> Bool? {
        switch path {
        case .routedThroughWindows: return Self.isIPv4Loopback1(host)
        case .sharedWithWindows, .staysInLinux: return false
        case .unknown: return Self.isIPv4Loopback1(host) ? nil : false
        }
    }

    /// `127.0.0.1`, also as `::ffff:127.0.0.1` (any spelling `IPAddress` reads).
    private static func isIPv4Loopback1(_ host: String) -> Bool {
        guard let address = IPAddress(host) else { return false }
        return (address.mappedIPv4 ?? address) == .loopbackV4
    }

    /// The context in short, as the probe's wording has it: `under mirrored networking`, `on WSL1` ("" where loopback
    /// stays in Linux).
    public var briefContext: String { context.replacing("under WSL2 ", with: "under ") }

    /// Whether `.wslconfig`'s `[experimental] ignoredPorts` is the way to let Linux bind a port Windows holds: the
    /// modes that route loopback through Windows (a reservation per Linux bind).
    public var ignoredPortsApplies: Bool { path == .routedThroughWindows }

    /// The same answer as an `Applicability` (yes / no / unknown, with the reason).
    public var applicability: Applicability {
        switch crossesToWindows {
        case true?: return .yes(reason)
        case false?: return .no(reason)
        case nil: return .unknown(reason)
        }
    }

    /// The judgement for a verdict. Pure; one case per environment and WSL2 mode.
    public static func judge(_ verdict: EnvironmentVerdict) -> LoopbackCrossing {
        switch verdict.kind {
        case .native:
            return LoopbackCrossing(path: .staysInLinux, reason: "on native Linux 127.0.0.1 and ::1 stay inside this kernel", context: "")
        case .container:
            return LoopbackCrossing(path: .staysInLinux, reason: "a container's loopback is private to its network namespace", context: "")
        case .wsl1:
            return LoopbackCrossing(path: .sharedWithWindows,
                                    reason: "WSL1 shares one TCP/IP stack with Windows: 127.0.0.1 is the same for Linux and Windows",
                                    context: "on WSL1")
        case .unknown:
            return LoopbackCrossing(path: .unknown,
                                    reason: "the environment is unknown, so whether 127.0.0.1 reaches Windows is unknown", context: "")
        case .wsl2:
            switch verdict.wslNetworkingMode ?? .unknown {
            case .mirrored:
                return LoopbackCrossing(path: .routedThroughWindows,
                                        reason: "under WSL2 mirrored networking Linux sends 127.0.0.1 through loopback0 to Windows, which may hand it to a Windows listener",
                                        context: "under WSL2 mirrored networking")
            case .virtioproxy:
                return LoopbackCrossing(path: .routedThroughWindows,
                                        reason: "under WSL2 virtioproxy networking loopback traffic is proxied through Windows, which may hand it to a Windows listener",
                                        context: "under WSL2 virtioproxy networking")
            case .nat:
                return LoopbackCrossing(path: .staysInLinux, reason: "under WSL2 NAT networking Linux 127.0.0.1 stays inside the VM", context: "")
            case .bridged:
                return LoopbackCrossing(path: .staysInLinux, reason: "under WSL2 bridged networking Linux 127.0.0.1 stays inside the VM", context: "")
            case .none:
                return LoopbackCrossing(path: .staysInLinux,
                                        reason: "WSL2 without network (mode none, or mirrored that failed) has only lo: 127.0.0.1 stays inside the VM",
                                        context: "")
            case .unknown:
                return LoopbackCrossing(path: .unknown,
                                        reason: "the WSL2 networking mode is unknown: under mirrored or virtioproxy networking 127.0.0.1 goes through Windows, under NAT it does not",
                                        context: "under WSL2 (mode unknown)")
            }
        }
    }
}
