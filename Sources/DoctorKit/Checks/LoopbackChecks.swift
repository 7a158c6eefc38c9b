import Gateway
import NetProbe

/// `net.loopback`: `lo` up with 127.0.0.1 and ::1, and how `localhost` resolves.
enum LoopbackCheck {
    static let id = "net.loopback"

    static let check = DoctorCheck(
        id: id, summary: "lo is up with 127.0.0.1 and ::1; how localhost resolves (/etc/hosts order)", needsLive: false
    ) { inputs in
        guard let links = inputs.facts.links, let addresses = inputs.facts.addresses else {
            return CheckResult(id: id, status: .skip, title: "interfaces unknown (no ip-addr in the facts)",
                               data: ["reason": "no interface facts"])
        }
        let lo = links.first { $0.name == "lo" }
        let onLo = addresses.filter { $0.interface == "lo" }
        let has4 = onLo.contains { $0.family == .inet && $0.local == "127.0.0.1" }
        let has6 = onLo.contains { $0.family == .inet6 && $0.local == "::1" }
        let order = HostsFile.localhostOrder(inputs.facts.hosts)
        var detail: [String] = []
        if !order.isEmpty { detail.append("/etc/hosts: localhost -> \(order.joined(separator: ", "))") }
        let data: JSONValue = ["loUp": .bool(lo?.isUp ?? false), "ipv4": .bool(has4), "ipv6": .bool(has6),
                               "localhost": .array(order.map { .string($0) })]
        guard let lo, lo.isUp, has4 else {
            return CheckResult(id: id, status: .fail, title: lo == nil ? "no lo interface" : (lo!.isUp ? "lo has no 127.0.0.1" : "lo is down"),
                               detail: detail, fix: "sudo ip link set lo up && sudo ip addr add 127.0.0.1/8 dev lo",
                               data: data)
        }
        if !has6 {
            detail.append("without ::1 the gateway binds 127.0.0.1 only; clients resolving localhost to ::1 will not reach it")
            return CheckResult(id: id, status: .info, title: "lo is up with 127.0.0.1 but no ::1", detail: detail, data: data)
        }
        if order.first == "::1" {
            detail.append("localhost resolves to ::1 first; the gateway listens on both 127.0.0.1 and ::1")
        }
        return CheckResult(id: id, status: .ok, title: "lo is up with 127.0.0.1 and ::1", detail: detail, data: data)
    }
}

/// Reads the addresses `/etc/hosts` gives `localhost`, in file order.
enum HostsFile {
    static func localhostOrder(_ text: String?) -> [String] {
        guard let text else { return [] }
        return text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first?
                .split(whereSeparator: { $0 == " " || $0 == "\t" }) ?? []
            guard fields.count >= 2, fields.dropFirst().contains("localhost") else { return nil }
            return String(fields[0])
        }
    }
}

/// `net.loopback-routing`: whether 127.0.0.1 leaves Linux, ignoredPorts, and the ephemeral range.
enum LoopbackRoutingCheck {
    static let id = "net.loopback-routing"

    static let check = DoctorCheck(
        id: id,
        summary: "Whether 127.0.0.1 traffic leaves Linux (mirrored mode's rules), the port in ignoredPorts or the ephemeral range",
        needsLive: false
    ) { inputs in
        let routing = LoopbackRouting.analyze(inputs.facts)
        let port = Int(inputs.port)
        var detail = [routing.explanation]
        var status: CheckStatus = .ok
        var fix: String?
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
                detail.append("but the plan uses loopback-probe (forced): its answers may come from Windows")
                fix = "drop --instance-check loopback-probe (auto picks pidfile here)"
            }
        case .some(false):
            title = "127.0.0.1 traffic stays inside Linux"
        case .none:
            title = "unknown whether 127.0.0.1 traffic leaves Linux (no rules or routes in the facts)"
            status = .skip
        }
        if let config = inputs.wslConfig, config.ignoredPorts.contains(port) {
            status = .warn
            detail.append("port \(port) is in .wslconfig ignoredPorts: a Linux bind skips the Windows reservation, so a Windows program can listen on it too, and Linux clients of 127.0.0.1:\(port) still go to Windows")
            fix = "remove \(port) from ignoredPorts, or run the gateway with --port on a port that is not in it"
        }
        if let range = routing.ipLocalPortRange, range.contains(port) {
            status = .warn
            detail.append("port \(port) is inside the ephemeral range \(range.lowerBound)-\(range.upperBound) (net.ipv4.ip_local_port_range): outgoing connections may take it")
            fix = "choose a port outside \(range.lowerBound)-\(range.upperBound) with --port"
        }
        var data: [String: JSONValue] = ["leavesLinux": routing.leavesLinux.map(JSONValue.bool) ?? .null,
                                         "device": routing.device.map(JSONValue.string) ?? .null,
                                         "rulePriorities": .array(routing.rulePriorities.map { .number(Double($0)) })]
        if let range = routing.ipLocalPortRange {
            data["ipLocalPortRange"] = [.number(Double(range.lowerBound)), .number(Double(range.upperBound))]
        }
        return CheckResult(id: id, status: status, title: title, detail: detail, fix: fix, data: .object(data))
    }
}
