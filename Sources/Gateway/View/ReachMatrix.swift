import NetProbe

/// Who reaches the gateway from Linux, from Windows and from the LAN, and why not: every cell judged once, with the
/// evidence the matrix itself gives (a hanging 127.0.0.1 beside a refused 127.0.0.2; a gateway on the Windows side).
/// A field of `SituationView` (`reach`); the doctor's `gateway.reach`, `gateway status --reach`, `gateway probe
/// --from windows` and the bug report read it. Pure.
public struct ReachMatrix: Sendable, Equatable {
    public var conditions: ReachConditions
    /// One cell per observation, in observation order.
    public var cells: [ReachCell]
    /// What the probes themselves say about the path of 127.0.0.1 (item 3 of issue 20), with its weight.
    public var evidence: [String]
    /// Findings across cells (a Windows-side gateway on the port), each a sentence.
    public var findings: [String]
    /// The one fix for the findings, when they have one.
    public var findingsFix: String?
    /// Why there are no rows from Windows here (`nil` when there are, or may be): the derived view's WSL
    /// applicability (`EnvironmentView.wsl`), with what it rests on and what would say otherwise
    /// (`windowsNotTried(environment:)`).
    public var windowsNotTried: String?

    public init(conditions: ReachConditions, cells: [ReachCell], evidence: [String] = [], findings: [String] = [],
                findingsFix: String? = nil) {
        self.conditions = conditions
        self.cells = cells
        self.evidence = evidence
        self.findings = findings
        self.findingsFix = findingsFix
    }

    /// Why nothing is tried from Windows here, or `nil` when the Windows rows are planned (WSL, or unknown whether it
    /// is: then each row says why it was not tried, if it was not). Pure.
    public static func windowsNotTried(environment: EnvironmentView) -> String? {
        guard environment.wsl.known == false else { return nil }
        return "nothing is tried from Windows: \(environment.wsl.sentence("WSL")) (the verdict: \(environment.verdict.summary)); "
            + "what would say WSL: a kernel release naming `microsoft` (`uname -r`) and WSL's `WSLInterop` entry in /proc/sys/fs/binfmt_misc, "
            + "through which Windows' curl.exe would run"
    }

    /// The worst status of the cells (a finding is at least `warn`); `notTried` when nothing was tried.
    public var status: ReachStatus {
        var worst = cells.map(\.status).max { $0.rank < $1.rank } ?? .notTried
        if !findings.isEmpty && worst.rank < ReachStatus.warn.rank { worst = .warn }
        return worst
    }

    /// The cell for a side and address, if probed.
    public func cell(_ source: ReachSource, _ host: String) -> ReachCell? {
        cells.first { $0.target.source == source && $0.target.host == host }
    }

    /// Judges every observation. `linuxOwners`: the port's LISTEN rows (to say where a gateway or program is);
    /// `windowsHolders`: who holds the port on Windows (`netstat.exe`); `linuxBootId`: this kernel's boot id;
    /// `readings`: the derived view's readings of the loopback probes (`SituationView.probes`): a Linux cell of the
    /// same address reads its `holderStanding` (is the lock holder reached there), never judges that again.
    public static func judge(
        _ observations: [ReachObservation], conditions c: ReachConditions, linuxOwners: [PortOwner]? = nil,
        windowsHolders: [WindowsPortHolder]? = nil, linuxBootId: String? = nil, readings: [ProbeReading] = []
    ) -> ReachMatrix {
        let cells = observations.map { observation in
            let reading = observation.target.source == .linux
                ? readings.first { ReachTargets.sameAddress($0.host, observation.target.host) } : nil
            return judgeCell(observation, c, linuxOwners: linuxOwners, windowsHolders: windowsHolders, linuxBootId: linuxBootId,
                             reading: reading)
        }
        var matrix = ReachMatrix(conditions: c, cells: cells)
        matrix.evidence = loopbackPathEvidence(matrix)
        (matrix.findings, matrix.findingsFix) = windowsSideGateway(matrix)
        return matrix
    }

    /// One cell. Pure.
    public static func judgeCell(
        _ observation: ReachObservation, _ c: ReachConditions, linuxOwners: [PortOwner]?,
        windowsHolders: [WindowsPortHolder]?, linuxBootId: String?, reading: ProbeReading? = nil
    ) -> ReachCell {
        let target = observation.target
        let expectation = ReachExpectation.expect(target, c)
        let endpoint = target.endpoint(port: c.port)
        // Whether this connection reached Windows rather than Linux when something else answered.
        let windowsSide = target.source == .windows || expectation.routedThroughWindows
            || (target.source == .linux && target.role == .loopback && c.loopback.crossesToWindows(host: target.host) == true)
        let owners = (linuxOwners ?? []).filter { !$0.isSelf && BindCoverage.covers($0.localAddress, target.host == "localhost" ? "127.0.0.1" : target.host) }
        // The lock holder is a gateway: an answer that is not a gateway's did not come from it (through Windows,
        // under mirrored mode, it came from a Windows program), so it is never named as the answerer.
        let foreign = owners.filter { owner in c.holderPid.map { owner.pid != $0 } ?? true }
        let linuxAnswerer = namesLinuxOwner(foreign, windowsSide: windowsSide, windowsHolders: windowsHolders)
        let answer = answerOf(observation, c, windowsSide: windowsSide, owners: owners, foreign: foreign,
                              linuxAnswerer: linuxAnswerer, linuxOwnersKnown: linuxOwners != nil,
                              windowsHolders: windowsHolders, linuxBootId: linuxBootId)
        var explanation = [expectation.because]
        var status: ReachStatus
        var fix: String?
        let expected = expectation.reaches == true
        switch answer {
        case .notTried:
            status = .notTried
            // The answer's words already say why nothing was tried; the explanation gives the rule the cell would follow.
            explanation = ["\(c.rulesName), if tried: \(expectation.because)"]
        case .thisGateway:
            status = .ok
            if expectation.reaches == false {
                explanation.append("yet this gateway answered at \(endpoint): the path is more open than the rules above say")
                status = .info
            }
        case .otherGateway(let identity, let whereabouts, _):
            status = .warn
            explanation.append("\(endpoint) is answered by gateway instance \(identity.instanceId) (\(whereabouts)), not "
                               + (c.running ? "by this gateway (instance \(c.instanceId ?? "?"))" : "by a gateway of this state directory"))
            fix = "openclaw gateway status --state-dir DIR for each state directory in use; stop the one you do not want, or move one to another port"
        case .otherProgram(let answered, let who):
            let name = who ?? (windowsSide ? "a Windows program" : "a program that is not a gateway")
            explanation.append("\(endpoint) is answered by \(name): \(answered)")
            if expected {
                status = c.running && windowsSide ? .fail : .warn
                explanation.append(c.running
                    ? "clients of \(endpoint) reach that program instead of the gateway"
                    : linuxAnswerer
                        // A Linux listener holds the port: `gateway run` would not start at all (exit 75, gateway.port).
                        ? "a gateway started here would not start: that Linux listener holds the port (gateway run exits 75; see gateway.port)"
                        : "a gateway started here would be shadowed there: its clients would reach that program")
                fix = windowsSide && !linuxAnswerer
                    ? "stop that program on Windows (`netstat -ano | findstr :\(c.port)`, then `taskkill /PID <pid>`), or move the gateway to another port (`openclaw gateway run --port N`)"
                    : "stop that program, or move the gateway to another port (`openclaw gateway run --port N`)"
            } else {
                status = .info
            }
        case .refused, .unreachable:
            // With the loopback probe's reading of this address (the same result), its judgement decides.
            if reading.map(\.holderUnreached) ?? (expected && c.running) {
                status = .warn
                explanation.append("but \(endpoint) is \(answer.words) although the gateway listens on \(c.bindWords)")
                fix = expectation.fix ?? "openclaw gateway status"
            } else if reading?.holderStanding == .notReady {
                status = .info
                explanation.append("the gateway holding the lock is not ready (starting or stopping): \(endpoint) does not answer yet")
            } else {
                status = .ok
                if expected {
                    explanation.append(c.lockKnown ? "nothing listens yet: no gateway holds the lock"
                        : "nothing answers here, and whether a gateway holds the lock is unknown: the lock was not read (see gateway.lock)")
                }
                fix = expectation.reaches == false ? expectation.fix : nil
                if fix != nil { status = .info }
            }
        case .noAnswer:
            // Where 127.0.0.1 goes through Windows (or may: the mode is unknown), a closed port can hang.
            let mayHang = target.source == .linux && target.role == .loopback && c.loopback.routedThroughWindows(host: target.host) != false
            if mayHang && !c.running {
                status = .info
                let context = c.loopback.path == .routedThroughWindows ? c.loopback.briefContext : "under mirrored or virtioproxy networking"
                explanation.append("\(endpoint) did not answer in time: \(context) a closed 127.0.0.1 port can hang instead of being refused (WSL issues 10855, 12245); this is not a hung gateway")
            } else if reading.map(\.holderUnreached) ?? (expected && c.running) {
                status = .warn
                explanation.append("\(endpoint) did not answer in time although the gateway listens on \(c.bindWords)"
                                   + (target.source == .windows ? " (curl.exe hit its deadline: Windows, its firewall or the relay did not answer)" : ""))
                if expectation.routedThroughWindows {
                    explanation.append("under WSL2 \(c.mode.rawValue) networking this connection goes through Windows, which did not hand it back to Linux (WSL issues 10855, 12245); Linux clients of \(endpoint) do not reach the gateway")
                }
                fix = "openclaw gateway status"
            } else if reading?.holderStanding == .notReady {
                status = .info
                explanation.append("the gateway holding the lock is not ready (starting or stopping): \(endpoint) does not answer yet")
            } else {
                status = .info
                explanation.append("\(endpoint) did not answer in time (a firewall that drops, or a stalled path); not proof that nothing listens")
            }
        }
        return ReachCell(target: target, observation: observation, answer: answer, expectation: expectation, status: status,
                         explanation: explanation, fix: fix, consequence: consequence(target, answer, c))
    }

    private static func answerOf(
        _ observation: ReachObservation, _ c: ReachConditions, windowsSide: Bool, owners: [PortOwner], foreign: [PortOwner],
        linuxAnswerer: Bool, linuxOwnersKnown: Bool,
        windowsHolders: [WindowsPortHolder]?, linuxBootId: String?
    ) -> ReachAnswer {
        guard let result = observation.result else { return .notTried(observation.notTried ?? "no observation") }
        switch result.outcome.category {
        case .noListener:
            if case .unreachable(let error) = result.outcome { return .unreachable(error) }
            return .refused
        case .noAnswer:
            return .noAnswer
        case .gateway:
            let identity = result.outcome.gatewayIdentity ?? GatewayIdentity(instanceId: "?")
            if let id = c.instanceId, identity.instanceId == id { return .thisGateway }
            // The pid it claims, judged once against the LISTEN rows that cover this address.
            let holder = ListenerConfirmation.judge(claimedPid: identity.pid, answeredOn: result.host, port: c.port,
                                                    listeners: linuxOwnersKnown ? owners : nil)
            return .otherGateway(identity, whereabouts: whereabouts(identity, holder: holder, windowsSide: windowsSide, owners: owners,
                                                                    linuxOwnersKnown: linuxOwnersKnown, linuxBootId: linuxBootId),
                                 holder: holder)
        case .notAGateway:
            let answered = result.outcome.summary
            let holders = (windowsHolders ?? []).map(\.label)
            if linuxAnswerer {
                return .otherProgram(answered: answered, who: "a Linux process: " + foreign.map { owner in
                    owner.pid.map { "pid \($0) \(owner.comm ?? "?")" } ?? owner.uidText
                }.joined(separator: ", "))
            }
            if windowsSide {
                return .otherProgram(answered: answered, who: holders.isEmpty ? "a Windows program" : "a Windows program: " + holders.joined(separator: ", "))
            }
            return .otherProgram(answered: answered, who: nil)
        }
    }

    /// Whether a non-gateway answer is named as a Linux listener's (`foreign`: the listeners on the address but the
    /// lock holder): there is one, and the connection did not reach Windows where netstat.exe names a holder.
    static func namesLinuxOwner(_ foreign: [PortOwner], windowsSide: Bool, windowsHolders: [WindowsPortHolder]?) -> Bool {
        !foreign.isEmpty && !(windowsSide && !(windowsHolders ?? []).isEmpty)
    }

    /// Where another gateway runs: its boot id against this kernel's, the Linux listeners, the path.
    private static func whereabouts(
        _ identity: GatewayIdentity, holder: ListenerConfirmation, windowsSide: Bool, owners: [PortOwner], linuxOwnersKnown: Bool,
        linuxBootId: String?
    ) -> String {
        if let theirs = identity.bootId, let ours = linuxBootId {
            if theirs == ours { return "in this Linux (same boot id)" }
            return "on another system: its boot id is not this Linux's" + (windowsSide ? " (the Windows side, or another WSL distribution)" : "")
        }
        if let pid = holder.pid { return "in this Linux (pid \(pid) listens on the port)" }
        if windowsSide && linuxOwnersKnown && owners.isEmpty { return "on the Windows side: no Linux process listens on the port" }
        if !owners.isEmpty { return "in this Linux" }
        return windowsSide ? "on the Windows side, or in this Linux" : "where, unknown"
    }

    /// What a cell means for the Control UI (a browser on that side) and upstream's CLI (ws://127.0.0.1:PORT).
    private static func consequence(_ target: ReachTarget, _ answer: ReachAnswer, _ c: ReachConditions) -> String? {
        guard target.role == .loopback || target.role == .localhost else { return nil }
        let side = target.source == .linux ? "Linux" : "Windows"
        let url = "http://\(target.endpoint(port: c.port))"
        switch answer {
        case .thisGateway:
            return "the Control UI at \(url) opens in a \(side) browser, and upstream's CLI on \(side) (ws://\(target.endpoint(port: c.port))) reaches this gateway"
        case .otherGateway, .otherProgram:
            return "a \(side) browser at \(url) and upstream's CLI on \(side) reach \(answer.words), not this gateway"
        case .refused, .unreachable, .noAnswer:
            return c.running ? "the Control UI at \(url) does not open in a \(side) browser; upstream's CLI on \(side) cannot connect there" : nil
        case .notTried:
            return nil
        }
    }

    /// Item 3: 127.0.0.1 hangs while 127.0.0.2 is refused at once: traffic to 127.0.0.1 leaves Linux.
    private static func loopbackPathEvidence(_ m: ReachMatrix) -> [String] {
        guard let one = m.cell(.linux, "127.0.0.1"), one.answer == .noAnswer,
              let two = m.cell(.linux, ReachTargets.secondLoopback), two.answer == .refused,
              let ms = two.elapsedMilliseconds
        else { return [] }
        let port = m.conditions.port
        var sentence = "127.0.0.1:\(port) did not answer in time while 127.0.0.2:\(port) was refused in \(ms) ms: connections to 127.0.0.1 "
            + "leave this Linux's loopback ("
            + (m.conditions.loopback.path == .routedThroughWindows
                ? "\(m.conditions.loopback.context) 127.0.0.1, and only it, goes through Windows"
                : "WSL2 mirrored and virtioproxy networking route 127.0.0.1, and only it, through Windows")
            + ", where a closed port can hang: WSL issues 10855, 12245) "
            + "or a firewall drops them"
        switch m.conditions.loopback.path {
        case .routedThroughWindows:
            sentence += "; this agrees with the verdict (supporting evidence, not proof: a firewall rule would look the same)"
        case .unknown:
            sentence += "; weak evidence of mirrored networking (the mode is otherwise unknown; a firewall rule would look the same)"
        case .sharedWithWindows, .staysInLinux:
            sentence += "; the verdict says 127.0.0.1 stays in Linux here, so a firewall rule dropping SYNs to 127.0.0.1:\(port) is the likelier cause (`nft list ruleset`)"
        }
        return [sentence]
    }

    /// Item 4: another gateway answers Linux's 127.0.0.1 from the Windows side.
    private static func windowsSideGateway(_ m: ReachMatrix) -> ([String], String?) {
        let c = m.conditions
        guard c.loopback.path == .routedThroughWindows,
              let cell = m.cell(.linux, "127.0.0.1"), case .otherGateway(let identity, let whereabouts, _) = cell.answer,
              whereabouts.hasPrefix("on the Windows side") || whereabouts.hasPrefix("on another system")
        else { return ([], nil) }
        let port = c.port
        var findings = [
            "an OpenClaw gateway on the Windows side (instance \(identity.instanceId)\(identity.version.map { ", version \($0)" } ?? "")) answers 127.0.0.1:\(port): "
                + "\(c.loopback.briefContext) Linux's 127.0.0.1 reaches it through Windows",
            "Windows clients of 127.0.0.1:\(port) reach that Windows gateway; Linux clients of 127.0.0.1:\(port) reach it too, "
                + "while Linux clients of [::1]:\(port) and 127.0.0.2:\(port) stay in Linux",
        ]
        if !c.running {
            findings.append("upstream's start here sees a healthy /healthz on 127.0.0.1:\(port) and exits 78, so the WSL gateway stays down without an error")
        }
        let fix = "run one of them on another port (`openclaw gateway run --port N` here, or change the Windows gateway's port), or stop one of them"
        return (findings, fix)
    }
}
