import Foundation

/// One netlink/sysctl observation about WSL2's networking mode, with the modes it agrees with.
struct ModeObservation: Sendable {
    var id: String
    var source: String
    var observed: String
    var weight: SignalWeight
    /// Modes this observation is a sign of.
    var agrees: Set<WSLNetworkingMode>
    /// Modes it says nothing about (it neither supports nor contradicts them).
    var neutralFor: Set<WSLNetworkingMode> = []

    /// The evidence item once the mode is decided (`nil`/`unknown`: recorded as neutral).
    func evidence(for mode: WSLNetworkingMode?) -> Signal {
        guard let mode, mode != .unknown, !neutralFor.contains(mode) else {
            // An observation that agrees with no mode (a veth uplink) is neutral about the mode in question; the
            // claim is never empty (docs/doctor-report.schema.json: `claim` has at least one character).
            let about = agrees.isEmpty ? (mode?.rawValue ?? "networking-mode") : agrees.map(\.rawValue).sorted().joined(separator: "|")
            return .neutral(id, source, observed, about: about)
        }
        let base = Signal.supporting(id, source, observed, supports: mode.rawValue)
        var signal = base.aimed(at: mode.rawValue, agrees: agrees.contains(mode))
        signal.weight = weight
        return signal
    }
}

/// What netlink (and the networking sysctls) say about the EFFECTIVE networking mode.
struct NetworkReading: Sendable {
    /// The mode the netlink shape points at; `nil` when it is inconclusive.
    var candidate: WSLNetworkingMode?
    var observations: [ModeObservation]
    /// Interfaces or rules that only WSL2 makes (`loopback0`, the table-127 rules): signs of WSL2 itself.
    var wslSpecific: [Signal]
    /// A Hyper-V `eth0` with a private address: WSL2 NAT, or any Hyper-V virtual machine.
    var hyperV: [Signal]

    /// The highest confidence netlink alone may give `mode`.
    func cap(for mode: WSLNetworkingMode, wslinfoAgrees: Bool) -> Confidence {
        if wslinfoAgrees { return .high }
        switch mode {
        case .bridged: return .low        // hard to tell from NAT with a custom range
        case .none: return .medium         // a mirrored setup that failed looks the same
        default: return .high
        }
    }
}

/// The networking-mode rules, in the order they decide (see `wsl-networking.md`, rows 3a-3e):
///
/// 1. `loopback0` with a 169.254.73.x IPv4 address: virtioproxy;
/// 2. `loopback0` with NO IPv4 address, or the `ipproto` rules into table 127: mirrored;
/// 3. an `ethN` with a Hyper-V MAC (`00:15:5d`) and a private IPv4 address: NAT;
/// 4. a complete listing without `loopback0`, one uplink with a LAN address and a non-Hyper-V MAC: bridged;
/// 5. a complete listing with nothing but `lo` (and kernel tunnel devices): none (or mirrored that failed).
///
/// `10.255.255.254` is deliberately absent: see `DNSTunnelingSignals`.
enum NetworkingModeSignals {
    static let wslGateway = "169.254.73.249"
    static let virtioproxyNetwork = IPv4(0xA9FE_4900)   // 169.254.73.0/24

    static func read(_ facts: MachineFacts) -> NetworkReading {
        let inventory = NetworkInventory(facts)
        let linkSource = facts.linkSource
        let addrSource = facts.origin.describe(.ipAddr)
        var observations: [ModeObservation] = []
        var wslSpecific: [Signal] = []
        var hyperV: [Signal] = []

        // loopback0
        var loopback0Mode: WSLNetworkingMode?
        if inventory.has(NetworkInventory.loopback0) {
            let mac = inventory.link(NetworkInventory.loopback0)?.mac.map { " (\($0))" } ?? ""
            wslSpecific.append(.supporting("netlink.wsl-loopback0", linkSource, "loopback0\(mac)", supports: Claim.wsl2))
            switch inventory.ipv4(NetworkInventory.loopback0) {
            case nil:
                observations.append(ModeObservation(
                    id: "netlink.loopback0", source: linkSource, observed: "loopback0\(mac), addresses unknown",
                    weight: .supporting, agrees: [.mirrored, .virtioproxy]))
                loopback0Mode = .mirrored
            case let v4? where v4.isEmpty:
                observations.append(ModeObservation(
                    id: "netlink.loopback0", source: addrSource, observed: "loopback0\(mac) without an IPv4 address",
                    weight: .primary, agrees: [.mirrored]))
                loopback0Mode = .mirrored
            case let v4?:
                let text = v4.map { "\($0.local)/\($0.prefixLength)" }.joined(separator: ", ")
                if v4.contains(where: { IPv4($0.local)?.isIn(virtioproxyNetwork, length: 24) ?? false }) {
                    observations.append(ModeObservation(
                        id: "netlink.loopback0", source: addrSource, observed: "loopback0\(mac) with \(text)",
                        weight: .primary, agrees: [.virtioproxy]))
                    loopback0Mode = .virtioproxy
                } else {
                    observations.append(ModeObservation(
                        id: "netlink.loopback0", source: addrSource, observed: "loopback0\(mac) with \(text)",
                        weight: .none, agrees: [.mirrored, .virtioproxy]))
                }
            }
        } else if inventory.isComplete {
            observations.append(ModeObservation(
                id: "netlink.no-loopback0", source: linkSource,
                observed: "no loopback0 among \(inventory.names.joined(separator: ", "))",
                weight: .supporting, agrees: [.nat, .bridged, .none]))
        }

        // Policy rules.
        var steeringRules = false
        if let rules = facts.rules?.filter({ $0.family == .inet }) {
            let source = facts.origin.describe(.ipRule)
            let steering = rules.filter { isProtocolRule($0) && $0.inputInterface == nil && $0.table == RouteTable.wslLoopback }
            if !steering.isEmpty {
                steeringRules = true
                let returning = rules.filter {
                    isProtocolRule($0) && $0.inputInterface == NetworkInventory.loopback0 && $0.table == RouteTable.local
                }
                let text = (returning + steering).map(\.ipText).joined(separator: "; ")
                observations.append(ModeObservation(id: "netlink.rules", source: source, observed: text,
                                                    weight: .primary, agrees: [.mirrored, .virtioproxy]))
                wslSpecific.append(.supporting("netlink.wsl-rules", source, steering[0].ipText, supports: Claim.wsl2))
            } else if isDefaultRuleSet(rules) {
                observations.append(ModeObservation(
                    id: "netlink.default-rules", source: source, observed: rules.map(\.ipText).joined(separator: "; "),
                    weight: .supporting, agrees: [.nat, .bridged, .none]))
            }
        }

        // Table 127 and its permanent neighbour.
        if let route = facts.routes?.first(where: isLoopbackTableRoute) {
            observations.append(ModeObservation(id: "netlink.table127", source: facts.origin.describe(.ipRoute),
                                                observed: route.ipText, weight: .supporting,
                                                agrees: [.mirrored, .virtioproxy]))
        }
        if let neighbour = facts.neighbours?.first(where: {
            $0.destination == wslGateway && $0.device == NetworkInventory.loopback0 && $0.state.contains("PERMANENT")
        }) {
            observations.append(ModeObservation(id: "netlink.loopback0-neighbour",
                                                source: facts.origin.describe(.ipNeigh), observed: neighbour.ipText,
                                                weight: .supporting, agrees: [.mirrored, .virtioproxy]))
        }

        observations += sysctlObservations(facts)

        // Uplinks.
        let uplinks = inventory.uplinks
        let hyperVUplinks = uplinks.filter { name in
            NetworkInventory.isHyperV(inventory.link(name)?.mac)
                && (inventory.ipv4(name) ?? []).contains { IPv4($0.local)?.isPrivate ?? false }
        }
        if let first = hyperVUplinks.first {
            let text = hyperVUplinks.map(inventory.describe).joined(separator: "; ")
            observations.append(ModeObservation(id: "netlink.hyperv-uplink", source: addrSource, observed: text,
                                                weight: .primary, agrees: [.nat],
                                                neutralFor: [.mirrored, .virtioproxy]))
            hyperV.append(.supporting("netlink.hyperv-mac", addrSource, inventory.describe(first), supports: Claim.wsl2))
        }
        let hostMACs = uplinks.filter { name in
            guard let link = inventory.link(name), let mac = link.mac, link.linkType == nil || link.linkType == "ether"
            else { return false }
            return !NetworkInventory.isHyperV(mac)
        }
        if inventory.has(NetworkInventory.loopback0), !hostMACs.isEmpty {
            observations.append(ModeObservation(
                id: "netlink.host-adapter-macs", source: linkSource,
                observed: hostMACs.map { "\($0) \(inventory.link($0)?.mac ?? "")" }.joined(separator: "; "),
                weight: .supporting, agrees: [.mirrored], neutralFor: [.virtioproxy]))
        }
        let noPrefixRoute = (facts.addresses ?? []).filter {
            $0.family == .inet && $0.flags.contains("noprefixroute") && NetworkInventory.owner($0) != "lo"
        }
        if !noPrefixRoute.isEmpty {
            let text = noPrefixRoute.map { "\($0.local)/\($0.prefixLength) noprefixroute on \(NetworkInventory.owner($0) ?? "?")" }
            observations.append(ModeObservation(id: "netlink.noprefixroute", source: addrSource,
                                                observed: text.joined(separator: "; "), weight: .supporting,
                                                agrees: [.mirrored], neutralFor: [.bridged, .none, .nat, .virtioproxy]))
        }

        var lanUplink: String?
        let vethNames = Set(PasteShapeSignals.vethPeers(facts).map(\.name))
        if inventory.isComplete, !inventory.has(NetworkInventory.loopback0) {
            let addressed = uplinks.filter { !(inventory.ipv4($0) ?? []).filter { $0.scope != "host" }.isEmpty }
            if let veth = addressed.first(where: vethNames.contains) {
                observations.append(ModeObservation(
                    id: "netlink.veth-uplink", source: linkSource,
                    observed: "\(veth)@\(inventory.link(veth)?.peer ?? ""): a veth whose peer is in another namespace, not a LAN uplink",
                    weight: .supporting, agrees: [], neutralFor: [.nat, .mirrored, .virtioproxy, .none]))
            }
            if addressed.count == 1, let name = addressed.first, let mac = inventory.link(name)?.mac,
               !NetworkInventory.isHyperV(mac), !vethNames.contains(name) {
                lanUplink = name
                observations.append(ModeObservation(id: "netlink.lan-uplink", source: addrSource,
                                                    observed: "\(inventory.describe(name)), not a Hyper-V MAC",
                                                    weight: .primary, agrees: [.bridged]))
            }
            if uplinks.isEmpty, inventory.links != nil {
                observations.append(ModeObservation(id: "netlink.only-lo", source: linkSource,
                                                    observed: "links: \(inventory.names.joined(separator: ", "))",
                                                    weight: .primary, agrees: [.none]))
            }
        }

        let candidate: WSLNetworkingMode?
        if let loopback0Mode {
            candidate = loopback0Mode
        } else if steeringRules {
            candidate = .mirrored
        } else if !hyperVUplinks.isEmpty {
            candidate = .nat
        } else if lanUplink != nil {
            candidate = .bridged
        } else if inventory.isComplete, inventory.links != nil, uplinks.isEmpty,
                  !inventory.has(NetworkInventory.loopback0) {
            candidate = WSLNetworkingMode.none
        } else {
            candidate = nil
        }
        return NetworkReading(candidate: candidate, observations: observations, wslSpecific: wslSpecific,
                              hyperV: hyperV)
    }

    /// `ipproto tcp` / `udp` (or 6 / 17) selector.
    static func isProtocolRule(_ rule: Rule) -> Bool {
        guard let proto = rule.ipProto?.lowercased() else { return false }
        return ["tcp", "udp", "6", "17"].contains(proto)
    }

    /// Exactly `0: lookup local`, `32766: lookup main`, `32767: lookup default` without selectors.
    static func isDefaultRuleSet(_ rules: [Rule]) -> Bool {
        let expected: [(Int, Int)] = [(0, RouteTable.local), (32766, RouteTable.main), (32767, RouteTable.default)]
        let sorted = rules.sorted { $0.priority < $1.priority }
        guard sorted.count == expected.count else { return false }
        return zip(sorted, expected).allSatisfy { rule, want in
            rule.priority == want.0 && rule.table == want.1 && rule.action == nil && isPlain(rule)
        }
    }

    static func isPlain(_ rule: Rule) -> Bool {
        (rule.source == nil || rule.source == "all") && rule.destination == nil && rule.inputInterface == nil
            && rule.outputInterface == nil && rule.ipProto == nil && rule.destinationPort == nil
            && rule.sourcePort == nil && rule.fwmark == nil
    }

    /// `127.0.0.1 via 169.254.73.249 dev loopback0 table 127`.
    static func isLoopbackTableRoute(_ route: Route) -> Bool {
        route.family == .inet && route.table == RouteTable.wslLoopback
            && IPv4Prefix(route.destination).map { $0.contains(IPv4.loopback) } == true
            && route.device == NetworkInventory.loopback0
    }

    static func sysctlObservations(_ facts: MachineFacts) -> [ModeObservation] {
        var observations: [ModeObservation] = []
        let sysctlSource = facts.origin.describe(.sysctl)
        if let value = facts.sysctls?[WatchedSysctl.loopback0RouteLocalnet]?.trimmingCharacters(in: .whitespaces),
           value == "1" {
            observations.append(ModeObservation(id: "sysctl.loopback0-route-localnet", source: sysctlSource,
                                                observed: "\(WatchedSysctl.loopback0RouteLocalnet) = 1",
                                                weight: .supporting, agrees: [.mirrored, .virtioproxy]))
        }
        if let text = facts.sysctls?[WatchedSysctl.localPortRange], let range = LoopbackRouting.parsePortRange(text) {
            let narrowed = range.count <= 4096
            observations.append(ModeObservation(
                id: "sysctl.ip-local-port-range", source: sysctlSource,
                observed: "\(WatchedSysctl.localPortRange) = \(range.lowerBound) \(range.upperBound)"
                    + (narrowed ? " (\(range.count) ports: a block reserved by Windows)" : ""),
                weight: .supporting,
                agrees: narrowed ? [.mirrored] : [.nat, .bridged, .none],
                neutralFor: [.virtioproxy]))
        }
        if facts.paths.exists(ProbedPath.wslNetworkingSysctl) == true {
            observations.append(ModeObservation(id: "paths.wsl-networking-conf", source: facts.origin.describe(.paths),
                                                observed: "\(ProbedPath.wslNetworkingSysctl) exists",
                                                weight: .supporting, agrees: [.mirrored, .virtioproxy]))
        }
        return observations
    }
}
