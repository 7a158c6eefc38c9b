/// The environment half of the derived view: every judgement about THIS machine that a check or a command needs,
/// computed once from the facts and the verdict (in the spirit of tailscale's `netmon.State`, which computes
/// `HaveV4`/`HaveV6` once for all its consumers). Pure; a plain value.
///
/// It lives in NetProbe because it needs nothing but facts and a verdict, and `Gateway`'s `ClashDecider` and
/// `StartPlanner` read it too. `Gateway`'s `SituationView` adds the plan, the lock, the probes and what `gateway
/// run` would decide. A new WSL mode, or a renamed one, is one case in `LoopbackCrossing` and `Applicability` here.
public struct EnvironmentView: Sendable, Equatable {
    public var verdict: EnvironmentVerdict
    /// Whether a Linux connection to 127.0.0.1 reaches Windows listeners (and Windows ports are this Linux's).
    public var loopback: LoopbackCrossing
    /// Whether `::1` can be bound: the facts' rule, confirmed by a real bind when one was made.
    public var ipv6Loopback: IPv6LoopbackAvailability
    /// Whether this is WSL (1 or 2): the Windows half (`windows.*`, `wsl.version`) applies. Subject `WSL` in
    /// `Applicability.claim`.
    public var wsl: Applicability
    /// Whether this is WSL2 (`.wslconfig`'s networking mode applies). Subject `WSL2`.
    public var wsl2: Applicability
    /// Whether this is WSL2 under mirrored networking (`ignoredPorts`, the Windows dynamic range refusing binds).
    /// Subject `WSL2 mirrored networking`.
    public var mirrored: Applicability

    public init(verdict: EnvironmentVerdict, loopback: LoopbackCrossing, ipv6Loopback: IPv6LoopbackAvailability,
                wsl: Applicability, wsl2: Applicability, mirrored: Applicability) {
        self.verdict = verdict
        self.loopback = loopback
        self.ipv6Loopback = ipv6Loopback
        self.wsl = wsl
        self.wsl2 = wsl2
        self.mirrored = mirrored
    }

    /// Derives every judgement once. `ipv6BindSucceeded`: a real bind of `[::1]:0`, when one was made (live).
    public static func derive(facts: MachineFacts, verdict: EnvironmentVerdict, ipv6BindSucceeded: Bool? = nil) -> EnvironmentView {
        let deciding = decidingHint(facts, verdict)
        let wsl: Applicability
        let wsl2: Applicability
        let mirrored: Applicability
        switch verdict.kind {
        case .wsl1:
            wsl = .yes("WSL1")
            wsl2 = .no("WSL1")
            mirrored = .no("WSL1 has no networking modes (one TCP/IP stack shared with Windows)")
        case .wsl2:
            wsl = .yes("WSL2")
            wsl2 = .yes("WSL2")
            switch verdict.wslNetworkingMode ?? .unknown {
            case .mirrored: mirrored = .yes("WSL2, mirrored networking")
            case .unknown:
                if let why = facts.mirroredRuledOut {
                    // The versions decide it: mirrored networking cannot be what runs here.
                    mirrored = .no("WSL2, not mirrored networking: mirrored networking does not exist here (\(why))")
                } else {
                    // What decides THIS question: the networking-mode facts, never the kernel release.
                    mirrored = .unknown("WSL2 with an unknown networking mode\(decidingHint(facts, verdict, among: modeFacts))")
                }
            case let mode: mirrored = .no("WSL2, \(mode.rawValue) networking")
            }
        case .native:
            wsl = .no("native Linux")
            wsl2 = .no("native Linux")
            mirrored = .no("native Linux")
        case .container:
            wsl = .no("a container (its own network namespace)")
            wsl2 = .no("a container (its own network namespace)")
            mirrored = .no("a container: its loopback is its own, whatever the host's mode")
        case .unknown:
            wsl = .unknown("the environment is unknown\(deciding)")
            wsl2 = .unknown("the environment is unknown\(deciding)")
            mirrored = .unknown("the environment is unknown\(deciding)")
        }
        return EnvironmentView(
            verdict: verdict, loopback: LoopbackCrossing.judge(verdict),
            ipv6Loopback: IPv6LoopbackAvailability.judge(facts, bindSucceeded: ipv6BindSucceeded),
            wsl: wsl, wsl2: wsl2, mirrored: mirrored)
    }

    /// The capture sections that answer the networking-mode question (`ip rule`, `ip addr`, `wslinfo`, `ip route`).
    private static let modeFacts: Set<String> = [FactSection.ipRule, .ipAddr, .wslinfo, .ipRoute].map(\.rawValue).reduce(into: []) { $0.insert($1) }

    /// `; would decide it: uname -r (why)` from `DecidingFacts`: the first ask among the facts `among` names (the
    /// sections that answer the question asked; `nil`: any), or "" when none of them is missing.
    private static func decidingHint(_ facts: MachineFacts, _ verdict: EnvironmentVerdict, among: Set<String>? = nil) -> String {
        guard let first = DecidingFacts.missing(facts, verdict: verdict).first(where: { among?.contains($0.fact) ?? true })
        else { return "" }
        return "; would decide it: `\(first.command)` (\(first.why))"
    }
}
