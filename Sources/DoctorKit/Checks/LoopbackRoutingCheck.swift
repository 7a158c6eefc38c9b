import Gateway
import NetProbe

/// `net.loopback-routing`: whether 127.0.0.1 leaves Linux, the port in `ignoredPorts`, and the ephemeral range.
///
/// ok: loopback stays inside Linux; info: it leaves Linux (mirrored) and the plan does not rely on it;
/// warn: the plan probes loopback anyway (`--instance-check loopback-probe`), the port is in `ignoredPorts`,
/// or the port is inside `net.ipv4.ip_local_port_range`; skip: the rules (or the routes they point at) are not in
/// the facts, and nothing else read says where 127.0.0.1 goes (see `LoopbackRoutingPartial`).
enum LoopbackRoutingCheck {
    static let id = "net.loopback-routing"

    static let check = DoctorCheck(
        id: id,
        summary: "Whether 127.0.0.1 traffic leaves Linux (mirrored mode's rules), the port in ignoredPorts or the ephemeral range"
    ) { inputs in
        let routing = LoopbackRouting.analyze(inputs.facts)
        let port = Int(inputs.port)
        var detail = [routing.explanation]
        var status: CheckStatus = .ok
        var fixes: [String] = []
        var title: String
        switch routing.leavesLinux {
        case .some(true):
            title = "127.0.0.1 traffic leaves Linux through \(routing.device ?? "another interface")"
                + (routing.gateway.map { " via \($0)" } ?? "")
            detail.append("a connection to 127.0.0.1:\(port) may reach a Windows program, hang, or come back to this gateway:")
            detail.append("a loopback answer proves nothing about a gateway here; the gateway uses the pidfile strategy")
            status = .info
            if case .success(let plan) = inputs.plan, plan.strategy == .loopbackProbe {
                status = .warn
                detail.append("but the plan uses loopback-probe: its answers may come from Windows")
                fixes.append("drop --instance-check loopback-probe (auto picks pidfile here)")
            }
        case .some(false):
            title = "127.0.0.1 traffic stays inside Linux"
        case .none:
            let partial = LoopbackRoutingPartial.reading(inputs.facts, explanation: routing.explanation)
            title = partial.title
            detail = partial.detail
            status = partial.status
        }
        if let config = inputs.wslConfig, config.ignoredPorts.contains(port) {
            status = .warn
            detail.append("port \(port) is in .wslconfig ignoredPorts: a Linux bind skips the Windows reservation, so a Windows program can listen on it too, and Linux clients of 127.0.0.1:\(port) still go to Windows")
            fixes.append("remove \(port) from ignoredPorts, or run the gateway with --port on a port that is not in it")
        }
        if let range = routing.ipLocalPortRange, range.contains(port) {
            status = .warn
            detail.append("port \(port) is inside the ephemeral range \(range.lowerBound)-\(range.upperBound) (net.ipv4.ip_local_port_range): outgoing connections may take it")
            fixes.append("choose a port outside \(range.lowerBound)-\(range.upperBound) with --port")
        }
        var data: [String: JSONValue] = ["leavesLinux": routing.leavesLinux.map(JSONValue.bool) ?? .null,
                                         "device": routing.device.map(JSONValue.string) ?? .null,
                                         "rulePriorities": .array(routing.rulePriorities.map { .number(Double($0)) })]
        if routing.leavesLinux == nil { data["reason"] = .string(routing.explanation) }
        if let ports = routing.onlyDestinationPorts { data["onlyDestinationPorts"] = .string(ports) }
        if let range = routing.ipLocalPortRange {
            data["ipLocalPortRange"] = [.number(Double(range.lowerBound)), .number(Double(range.upperBound))]
        }
        return CheckResult(id: id, status: status, title: title, detail: detail,
                           fix: fixes.isEmpty ? nil : fixes.joined(separator: "; "), data: .object(data))
    }
}
