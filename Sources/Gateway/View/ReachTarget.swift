import NetProbe

/// Where a reachability probe starts: this Linux, or Windows (through interop, `curl.exe`).
public enum ReachSource: String, Sendable, Equatable, Hashable, Codable, CaseIterable {
    case linux
    case windows
}

/// What a probed address is to the matrix; the explanation of a cell depends on it.
public enum ReachRole: String, Sendable, Equatable, Hashable, Codable, CaseIterable {
    /// `127.0.0.1`: the only address WSL2 mirrored networking shares between Windows and Linux.
    case loopback = "loopback"
    /// `::1`: stays in Linux in every WSL2 mode; not shared under mirrored networking.
    case ipv6Loopback = "ipv6-loopback"
    /// `127.0.0.2`: another address of `lo`; stays inside Linux even under mirrored networking (WSL routes only
    /// 127.0.0.1 through Windows), so it is the control of the 127.0.0.1 cell.
    case secondLoopback = "second-loopback"
    /// Linux's LAN-facing address (the default route's interface): what a client on the LAN would use, under NAT the
    /// VM's address.
    case lanAddress = "lan-address"
    /// The name `localhost`, resolved by the Windows client (`::1` first, then `127.0.0.1`).
    case localhost = "localhost"
    /// The WSL VM's address under NAT, as a Windows client would dial it.
    case vmAddress = "vm-address"
}

/// One cell's row: from which side, to which address (numeric, or `localhost`), and what that address is.
/// An address is held as NetProbe's `IPAddress` reads it (`address`; `host` is its one text, `IPAddress.text`:
/// `0:0::1` is `::1`), whoever made the target (the planner, or a capture's `reach` section as written), so every
/// consumer compares the same address; a name (`localhost`) is kept as written and has no `address`.
public struct ReachTarget: Sendable, Equatable, Hashable, Codable {
    public var source: ReachSource
    public var role: ReachRole
    public var host: String

    public init(source: ReachSource, role: ReachRole, host: String) {
        self.source = source
        self.role = role
        self.host = IPAddress(host)?.text ?? host
    }

    /// Decoded through `init(source:role:host:)`, so a capture's address text is read as an `IPAddress` too.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(source: try c.decode(ReachSource.self, forKey: .source), role: try c.decode(ReachRole.self, forKey: .role),
                  host: try c.decode(String.self, forKey: .host))
    }

    /// The address, typed; nil for a name (`localhost`).
    public var address: IPAddress? { IPAddress(host) }

    /// `host:port` as a client writes it (`[::1]:18789`, `localhost:18789`).
    public func endpoint(port: UInt16) -> String {
        host == "localhost" ? "localhost:\(port)" : IPAddressText.hostPort(host, port)
    }

    /// `from Linux to 127.0.0.1:18789`.
    public func label(port: UInt16) -> String {
        "from \(source == .linux ? "Linux" : "Windows") to \(endpoint(port: port))"
    }
}

/// Which addresses the matrix probes here. Pure over the facts and the environment view.
public enum ReachTargets {
    /// The second loopback address probed from Linux.
    public static let secondLoopback = "127.0.0.2"

    /// The rows, in report order: from Linux 127.0.0.1, `::1`, 127.0.0.2 and the LAN address (when the facts name
    /// one); from Windows (only where this is WSL, or may be) 127.0.0.1, `::1`, `localhost`, and under WSL2 NAT the
    /// VM's address.
    public static func plan(facts: MachineFacts, environment: EnvironmentView) -> [ReachTarget] {
        var targets = [
            ReachTarget(source: .linux, role: .loopback, host: "127.0.0.1"),
            ReachTarget(source: .linux, role: .ipv6Loopback, host: "::1"),
            ReachTarget(source: .linux, role: .secondLoopback, host: secondLoopback),
        ]
        let lan = lanAddress(facts)
        if let lan { targets.append(ReachTarget(source: .linux, role: .lanAddress, host: lan)) }
        guard environment.wsl.known != false else { return targets }
        targets += [
            ReachTarget(source: .windows, role: .loopback, host: "127.0.0.1"),
            ReachTarget(source: .windows, role: .ipv6Loopback, host: "::1"),
            ReachTarget(source: .windows, role: .localhost, host: "localhost"),
        ]
        if environment.verdict.kind == .wsl2, environment.verdict.wslNetworkingMode == .nat, let lan {
            targets.append(ReachTarget(source: .windows, role: .vmAddress, host: lan))
        }
        return targets
    }

    /// What the edge probes before the facts are known (a superset of every `plan`): from Linux 127.0.0.1, `::1`,
    /// 127.0.0.2 and `lanAddress`; from Windows 127.0.0.1, `::1`, `localhost` and `lanAddress` as the VM's address.
    public static func candidates(lanAddress: String?) -> [ReachTarget] {
        var targets = [
            ReachTarget(source: .linux, role: .loopback, host: "127.0.0.1"),
            ReachTarget(source: .linux, role: .ipv6Loopback, host: "::1"),
            ReachTarget(source: .linux, role: .secondLoopback, host: secondLoopback),
        ]
        if let lanAddress { targets.append(ReachTarget(source: .linux, role: .lanAddress, host: lanAddress)) }
        targets += [
            ReachTarget(source: .windows, role: .loopback, host: "127.0.0.1"),
            ReachTarget(source: .windows, role: .ipv6Loopback, host: "::1"),
            ReachTarget(source: .windows, role: .localhost, host: "localhost"),
        ]
        if let lanAddress { targets.append(ReachTarget(source: .windows, role: .vmAddress, host: lanAddress)) }
        return targets
    }

    /// The observations of the planned rows, in plan order, matched by side and role (the edge's LAN address is the
    /// kernel's own choice and wins over the facts'); a planned row the edge did not probe is "not tried". Pure.
    public static func select(_ observations: [ReachObservation], planned: [ReachTarget]) -> [ReachObservation] {
        planned.map { target in
            observations.first { $0.target.source == target.source && $0.target.role == target.role }
                ?? ReachObservation(target: target, notTried: "not probed")
        }
    }

    /// The observations with the loopback probe's results (`SituationObservations.probes`: 127.0.0.1 and ::1) standing
    /// in for the Linux rows of the same addresses, so each address is probed once and `gateway.probe`, `gateway.reach`
    /// and `gateway status` read one result; a probed address the observations lack is added as its Linux row. Pure.
    public static func merging(_ observations: [ReachObservation], probes: [ProbeResult]?) -> [ReachObservation] {
        guard let probes, !probes.isEmpty else { return observations }
        var merged = observations.map { observation -> ReachObservation in
            guard observation.target.source == .linux,
                  let probe = probes.first(where: { sameAddress($0.host, observation.target.host) })
            else { return observation }
            return ReachObservation(target: observation.target, result: probe)
        }
        for probe in probes where !merged.contains(where: { $0.target.source == .linux && sameAddress($0.target.host, probe.host) }) {
            let role: ReachRole? = sameAddress(probe.host, "127.0.0.1") ? .loopback : (sameAddress(probe.host, "::1") ? .ipv6Loopback : nil)
            guard let role else { continue }
            merged.append(ReachObservation(target: ReachTarget(source: .linux, role: role, host: probe.host), result: probe))
        }
        return merged
    }

    /// The Linux hosts whose probe the loopback probe already makes (`merging` puts its results in): the edge skips them.
    public static let loopbackProbeHosts = ["127.0.0.1", "::1"]

    /// Whether two address texts name the same address (canonical forms: `0:0::1` is `::1`; a name compares as text).
    public static func sameAddress(_ one: String, _ other: String) -> Bool {
        (IPAddressText.canonical(one) ?? one) == (IPAddressText.canonical(other) ?? other)
    }

    /// The IPv4 address of the interface that holds the main table's IPv4 default route (the first global address
    /// there; else the first global IPv4 address of any interface other than `lo`); `nil` when the facts name none.
    public static func lanAddress(_ facts: MachineFacts) -> String? {
        let addresses = (facts.addresses ?? []).filter { address in
            address.family == .inet && address.interface != "lo" && address.scope != "host"
                && IPAddress(address.local).map { !$0.isLoopback && !$0.isLinkLocal } == true
        }
        let defaultDevice = (facts.routes ?? []).first { route in
            route.family == .inet && (route.destination == "default" || route.destination == "0.0.0.0/0")
                && route.table == RouteTable.main
        }?.device
        if let defaultDevice, let onDefault = addresses.first(where: { $0.interface == defaultDevice }) {
            return onDefault.local
        }
        return addresses.first?.local
    }
}
