import FoundationEssentials

/// Where Linux sends IPv4 TCP to 127.0.0.1: inside Linux (`lo`), or out of a device (WSL2 mirrored: `loopback0`
/// to Windows, which may hand the connection to a WINDOWS listener).
///
/// A pure reading of the policy rules and routes in `MachineFacts`; the doctor and the gateway planner use it to
/// know whether a loopback self-probe can be trusted.
public struct LoopbackRouting: Sendable, Equatable {
    /// `true`: TCP to 127.0.0.1 leaves Linux through `device`; `false`: it stays in Linux (or is dropped);
    /// `nil`: unknown (rules, or the routes of a table a rule points at, are unknown).
    public var leavesLinux: Bool?
    /// The device it leaves through (`loopback0`).
    public var device: String?
    /// The next hop (`169.254.73.249`).
    public var gateway: String?
    /// The routing table that decided (127 in mirrored mode, 255 `local` normally).
    public var table: Int?
    /// Priority of the rule whose lookup decided (1 in mirrored mode, 0 or 2 for `lookup local`).
    public var decidingRulePriority: Int?
    /// The rule's `dport` selector when the steering applies to some ports only; `nil` for all ports.
    public var onlyDestinationPorts: String?
    /// Priorities of the rules that deliver packets coming back in on `device` locally (0 in mirrored mode).
    public var returnRulePriorities: [Int]
    /// `net.ipv4.ip_local_port_range`, when known and valid.
    public var ipLocalPortRange: ClosedRange<Int>?
    /// Why the answer is what it is, in a sentence.
    public var explanation: String

    public init(
        leavesLinux: Bool?, device: String? = nil, gateway: String? = nil, table: Int? = nil,
        decidingRulePriority: Int? = nil, onlyDestinationPorts: String? = nil, returnRulePriorities: [Int] = [],
        ipLocalPortRange: ClosedRange<Int>? = nil, explanation: String
    ) {
        self.leavesLinux = leavesLinux
        self.device = device
        self.gateway = gateway
        self.table = table
        self.decidingRulePriority = decidingRulePriority
        self.onlyDestinationPorts = onlyDestinationPorts
        self.returnRulePriorities = returnRulePriorities
        self.ipLocalPortRange = ipLocalPortRange
        self.explanation = explanation
    }

    /// Every rule priority involved: the deciding rule and the return rules.
    public var rulePriorities: [Int] {
        Array(Set(returnRulePriorities + (decidingRulePriority.map { [$0] } ?? []))).sorted()
    }

    /// Follows the IPv4 policy rules for a locally generated TCP packet to 127.0.0.1 (input interface `lo`,
    /// no mark, no output interface) into the first table that has a route for it.
    public static func analyze(_ facts: MachineFacts) -> LoopbackRouting {
        let portRange = facts.sysctls?[WatchedSysctl.localPortRange].flatMap(parsePortRange)
        var result = walk(facts)
        result.ipLocalPortRange = portRange
        return result
    }

    /// `"60536 64631"` (spaces or tabs) to `60536...64631`; `nil` unless two ports with low <= high.
    public static func parsePortRange(_ text: String) -> ClosedRange<Int>? {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
        guard words.count == 2, let low = Int(words[0]), let high = Int(words[1]),
              (0...65535).contains(low), (0...65535).contains(high), low <= high else { return nil }
        return low...high
    }

    private static func walk(_ facts: MachineFacts) -> LoopbackRouting {
        guard let allRules = facts.rules else {
            return LoopbackRouting(leavesLinux: nil, explanation: "IPv4 policy rules unknown")
        }
        let rules = allRules.enumerated()
            .filter { $0.element.family == .inet }
            .sorted { ($0.element.priority, $0.offset) < ($1.element.priority, $1.offset) }
            .map(\.element)
        let table = RouteTableView(routes: facts.routes)

        for rule in rules where matchesLocalTCPToLoopback(rule) {
            if let action = rule.action {
                if ["blackhole", "unreachable", "prohibit"].contains(action) {
                    return LoopbackRouting(leavesLinux: false, decidingRulePriority: rule.priority,
                                           explanation: "rule \"\(rule.ipText)\" drops it")
                }
                continue
            }
            guard let id = rule.table else { continue }
            switch table.lookup(IPv4.loopback, in: id) {
            case .unknown:
                return LoopbackRouting(leavesLinux: nil, table: id, decidingRulePriority: rule.priority,
                                       explanation: "rule \"\(rule.ipText)\" points at table \(RouteTable.name(id)), whose routes are unknown")
            case .noRoute, .throwRoute:
                continue
            case .local(let route):
                return LoopbackRouting(leavesLinux: false, device: route?.device ?? "lo", table: id,
                                       decidingRulePriority: rule.priority,
                                       explanation: "rule \"\(rule.ipText)\" delivers it locally"
                                           + (route.map { " (\($0.ipText))" } ?? " (the kernel's local table)"))
            case .dropped(let route):
                return LoopbackRouting(leavesLinux: false, table: id, decidingRulePriority: rule.priority,
                                       explanation: "route \"\(route.ipText)\" drops it")
            case .out(let route):
                let device = route.device
                let returning = rules.filter {
                    $0.inputInterface == device && $0.table == RouteTable.local && $0.action == nil
                }.map(\.priority)
                return LoopbackRouting(
                    leavesLinux: true, device: device, gateway: route.gateway, table: id,
                    decidingRulePriority: rule.priority, onlyDestinationPorts: rule.destinationPort,
                    returnRulePriorities: Array(Set(returning)).sorted(),
                    explanation: "rule \"\(rule.ipText)\" sends it to table \(RouteTable.name(id)): \(route.ipText)")
            }
        }
        return LoopbackRouting(leavesLinux: false, explanation: "no rule routes 127.0.0.1 out of Linux")
    }

    /// Whether `rule` selects a locally generated, unmarked TCP packet from 127.0.0.1 to 127.0.0.1.
    /// A port selector counts as a match (it steers some ports); a mark or output interface does not.
    static func matchesLocalTCPToLoopback(_ rule: Rule) -> Bool {
        if let proto = rule.ipProto?.lowercased(), proto != "tcp", proto != "6" { return false }
        if let iif = rule.inputInterface, iif != "lo" { return false }
        if rule.outputInterface != nil || rule.fwmark != nil { return false }
        for selector in [rule.source, rule.destination].compactMap({ $0 }) {
            guard let prefix = IPv4Prefix(selector), prefix.contains(IPv4.loopback) else { return false }
        }
        return true
    }
}
