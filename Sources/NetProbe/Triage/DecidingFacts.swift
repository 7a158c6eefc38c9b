/// "What would decide it": the facts missing from a report that would raise the verdict's confidence, each as
/// the exact command to ask the reporter for. Pure over the facts and the verdict.
///
/// Asked in the order that decides fastest; `openclaw-doctor capture` (every signal at once) comes last, and
/// always when the confidence is not high. Only what is missing is asked: never `uname -r` when a kernel release was
/// read, never `ip addr` when addresses were. Where a Windows-side fact decides, the Windows command is asked:
/// `wsl -l -v` (its VERSION column) beside `uname -r`; `netstat -ano | findstr :PORT` and `netsh interface ipv4 show
/// excludedportrange protocol=tcp` when the paste shows a refused bind (`RefusedBinds`: `EADDRINUSE`, `EACCES`,
/// WSAEACCES' "forbidden by its access permissions", "already listening") on a WSL (or unknown) machine and says
/// nothing of the Windows side: for EACCES the exclusion table first, naming each refused port and its line.
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
    /// `port`: the gateway port the report is about (the one a refused bind names wins), for the Windows asks.
    /// `refusedBinds`: the refused binds the report's own lines state (`RefusedBinds.find`; a journal's are read
    /// from `facts`).
    public static func missing(_ facts: MachineFacts, verdict: EnvironmentVerdict, port: Int? = nil,
                               refusedBinds: [RefusedBind] = []) -> [DecidingFact] {
        var asks: [DecidingFact] = []
        func ask(_ section: FactSection, _ command: String, _ why: String) {
            asks.append(DecidingFact(fact: section.rawValue, command: command, why: why))
        }
        let kernelKnown = facts.osRelease != nil || facts.procVersion != nil
        let mode = verdict.wslNetworkingMode ?? .unknown
        let settled = verdict.confidence == .high

        if !kernelKnown, !(verdict.kind == .container && settled) {
            ask(.osRelease, "uname -r", "the kernel release tells WSL1 (`Microsoft`), WSL2 (`microsoft-standard`) and other kernels apart")
            // Plain `wsl -l` (names only) does not answer it: asked until a VERSION column was read.
            let versionRead = facts.windows?.wslList.map { !WslDistributionList.parse($0.output).isEmpty } ?? false
            if !versionRead, verdict.kind != .native, verdict.kind != .container {
                ask(.wslList, "wsl -l -v", "from Windows: the VERSION column says WSL1 or WSL2 for each distribution"
                    + (facts.windows?.wslList != nil ? " (the pasted `wsl -l` names them only)" : ""))
            }
        }
        switch verdict.kind {
        case .wsl2 where !settled || mode == .unknown:
            if facts.rules == nil {
                ask(.ipRule, "ip rule", "mirrored mode has the `ipproto` rules into table 127 at priorities 0/1/2; NAT has the three default rules")
            }
            if facts.addresses == nil {
                ask(.ipAddr, "ip addr", "`loopback0` (mirrored, virtioproxy) or a Hyper-V `eth0` with a private address (NAT)")
            }
            if facts.wslinfo == nil {
                ask(.wslinfo, "wslinfo --networking-mode", "WSL's own answer for the effective mode (WSL 2.0.4 and later)")
            }
            if facts.routes == nil && (mode == .mirrored || mode == .virtioproxy || mode == .unknown) {
                ask(.ipRoute, "ip route show table all", "table 127's `127.0.0.1 via 169.254.73.249 dev loopback0` shows where loopback traffic goes")
            }
        case .unknown, .native:
            if facts.addresses == nil {
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
        let refusals = refusedBinds + journalRefusals(facts)
        if verdict.kind == .wsl1 || verdict.kind == .wsl2 || verdict.kind == .unknown, !refusals.isEmpty {
            // EACCES on a WSL or Windows paste is the mark of a port Windows reserved (Hyper-V, WinNAT): the
            // exclusion table first, naming each refused port as pasted; EADDRINUSE: who holds it.
            let denied = refusals.filter { $0.cause == .accessDenied }
            let inUse = refusals.filter { $0.cause == .addressInUse }
            func named(_ refusal: RefusedBind) -> String {
                let at = "\(refusal.word)\(refusal.line > 0 ? ", line \(refusal.line)" : "")"
                return refusal.port.map { "port \($0) (\(at))" } ?? "the port refused with no number pasted (\(at))"
            }
            func distinct(_ list: [RefusedBind]) -> [RefusedBind] {
                var seen: Set<Int?> = []
                return list.filter { seen.insert($0.port).inserted }
            }
            func excludedAsk() {
                guard facts.windows?.excludedPortRange == nil else { return }
                // The refusals that name their port; one that names none only when no other does.
                let withPort = denied.filter { $0.port != nil }
                let ports = distinct(withPort.isEmpty ? denied : withPort).prefix(3)
                let why = ports.isEmpty
                    ? "from Windows: a range Windows reserved (Hyper-V, WinNAT) refuses a bind with no holder"
                    : "from Windows: whether \(ports.map(named).joined(separator: "; ")) lies in a range Windows reserved (Hyper-V, WinNAT): a bind there is refused with EACCES and no program holds the port"
                        + (ports.contains { ($0.port ?? 1024) < 1024 } ? "; below 1024 Linux also refuses an unprivileged bind (`sysctl net.ipv4.ip_unprivileged_port_start`)" : "")
                ask(.windowsExcludedPortRange, "netsh interface ipv4 show excludedportrange protocol=tcp", why)
            }
            let first = inUse.first(where: { $0.port != nil }) ?? denied.first(where: { $0.port != nil }) ?? inUse.first ?? denied[0]
            let asked = first.port ?? port ?? 18789
            // No refusal names its port: the gateway's is asked, and said to be.
            let askedText = first.port == nil ? "\(asked) (the gateway's; the refusal names no port)" : "\(asked)"
            if !denied.isEmpty { excludedAsk() }
            if facts.windows?.netstat == nil {
                let why = first.cause == .addressInUse
                    ? "from Windows: which Windows process (pid) holds port \(askedText); the bind was refused (\(first.word))"
                    : "from Windows: whether a Windows process holds port \(askedText) with exclusive use (that too is refused with EACCES)"
                ask(.windowsNetstat, "netstat -ano | findstr :\(asked)", why)
            }
            if denied.isEmpty { excludedAsk() }
        }
        if !settled || !asks.isEmpty {
            asks.append(DecidingFact(fact: "capture", command: "openclaw-doctor capture",
                                     why: "reads every signal at once (redacted), for `openclaw-doctor --snapshot`"))
        }
        return asks
    }

    /// The refused binds the journal's entries state (`RefusedBinds.parse` of each message; line 0: no input line).
    static func journalRefusals(_ facts: MachineFacts) -> [RefusedBind] {
        (facts.journal ?? []).flatMap(\.entries).compactMap { entry in
            RefusedBinds.parse(entry.message).map { RefusedBind(cause: $0.cause, word: $0.word, port: $0.port, line: 0) }
        }
    }
}
