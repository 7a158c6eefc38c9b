/// "What would decide it": the facts missing from a report that would raise the verdict's confidence, each as
/// the exact command to ask the reporter for. Pure over the facts and the verdict.
///
/// Asked in the order that decides fastest; `openclaw-doctor capture` (every signal at once) comes last, and
/// always when the confidence is not high.
public struct DecidingFact: Sendable, Equatable, Codable {
    /// The capture section the answer fills (`ip-rule`), or `capture` for the whole capture.
    public var fact: String
    /// The command to run, exactly (`ip rule`, `wslinfo --networking-mode`).
    public var command: String
    /// Why it decides.
    public var why: String

    public init(fact: String, command: String, why: String) {
        self.fact = fact
        self.command = command
        self.why = why
    }
}

public enum DecidingFacts {
    public static func missing(_ facts: MachineFacts, verdict: EnvironmentVerdict) -> [DecidingFact] {
        var asks: [DecidingFact] = []
        func ask(_ section: FactSection, _ command: String, _ why: String) {
            asks.append(DecidingFact(fact: section.rawValue, command: command, why: why))
        }
        let kernelKnown = facts.osRelease != nil || facts.procVersion != nil
        let mode = verdict.wslNetworkingMode ?? .unknown
        let settled = verdict.confidence == .high

        if !kernelKnown, !(verdict.kind == .container && settled) {
            ask(.osRelease, "uname -r", "the kernel release tells WSL1 (`Microsoft`), WSL2 (`microsoft-standard`) and other kernels apart")
        }
        switch verdict.kind {
        case .wsl2 where !settled || mode == .unknown:
            if facts.rules == nil {
                ask(.ipRule, "ip rule", "mirrored mode has the `ipproto` rules into table 127 at priorities 0/1/2; NAT has the three default rules")
            }
            if facts.links == nil || facts.addresses == nil {
                ask(.ipAddr, "ip addr", "`loopback0` (mirrored, virtioproxy) or a Hyper-V `eth0` with a private address (NAT)")
            }
            if facts.wslinfo == nil {
                ask(.wslinfo, "wslinfo --networking-mode", "WSL's own answer for the effective mode (WSL 2.0.4 and later)")
            }
            if facts.routes == nil && (mode == .mirrored || mode == .virtioproxy || mode == .unknown) {
                ask(.ipRoute, "ip route show table all", "table 127's `127.0.0.1 via 169.254.73.249 dev loopback0` shows where loopback traffic goes")
            }
        case .unknown, .native:
            if facts.links == nil || facts.addresses == nil {
                ask(.ipAddr, "ip addr", "interfaces show WSL2's `loopback0`, a Hyper-V `eth0`, or a container's veth `eth0@ifN`")
            }
            if !settled && facts.paths.checked == nil && facts.cgroup == nil && facts.mountinfo == nil {
                ask(.mountinfo, "cat /proc/self/mountinfo", "a container's root and /etc files come from its runtime's storage")
            }
        case .container where !settled:
            if facts.mountinfo == nil {
                ask(.mountinfo, "cat /proc/self/mountinfo", "a container's root and /etc files come from its runtime's storage")
            }
        case .wsl1 where !settled:
            if facts.wslinfo == nil { ask(.wslinfo, "wslinfo --networking-mode", "prints `wsl1` on WSL1") }
        default:
            break
        }
        if !settled || !asks.isEmpty {
            asks.append(DecidingFact(fact: "capture", command: "openclaw-doctor capture",
                                     why: "reads every signal at once (redacted), for `openclaw-doctor --snapshot`"))
        }
        return asks
    }
}
