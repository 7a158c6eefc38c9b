/// Longest-prefix lookups of an IPv4 address in the routing tables of `MachineFacts.routes`.
///
/// Captures often hold only `ip route` (the main table): then other tables are UNKNOWN, except the local table,
/// whose `local 127.0.0.0/8 dev lo` the kernel always installs.
struct RouteTableView: Sendable {
    enum Outcome: Sendable, Equatable {
        /// Delivered in Linux: a `local` route, a route via `lo`, or the kernel's local table when not captured.
        case local(Route?)
        case out(Route)
        case dropped(Route)
        /// A `throw` route: policy routing goes on with the next rule.
        case throwRoute
        case noRoute
        case unknown
    }

    let routes: [Route]?
    /// The IPv4 routes of each table, and whether any route is in the local table or outside main: built once, so
    /// a lookup per rule costs the size of its table (filtering every route per rule was rules x routes).
    private let ipv4ByTable: [Int: [Route]]
    private let hasLocalTable: Bool
    private let hasOtherTables: Bool

    init(routes: [Route]?) {
        self.routes = routes
        var byTable: [Int: [Route]] = [:]
        var local = false, other = false
        for route in routes ?? [] {
            if route.family == .inet { byTable[route.table, default: []].append(route) }
            if route.table == RouteTable.local { local = true }
            if route.table != RouteTable.main { other = true }
        }
        ipv4ByTable = byTable
        hasLocalTable = local
        hasOtherTables = other
    }

    func lookup(_ address: IPv4, in table: Int) -> Outcome {
        guard routes != nil else { return table == RouteTable.local ? .local(nil) : .unknown }
        let inTable = ipv4ByTable[table] ?? []
        if inTable.isEmpty {
            if table == RouteTable.local && !hasLocalTable { return .local(nil) }
            if !hasOtherTables && table != RouteTable.main { return .unknown }
            return .noRoute
        }
        let candidates = inTable.compactMap { route -> (Route, IPv4Prefix)? in
            guard let prefix = IPv4Prefix(route.destination), prefix.contains(address) else { return nil }
            return (route, prefix)
        }
        guard let best = candidates.min(by: { lhs, rhs in
            if lhs.1.length != rhs.1.length { return lhs.1.length > rhs.1.length }
            return (lhs.0.metric ?? 0) < (rhs.0.metric ?? 0)
        })?.0 else { return .noRoute }

        switch best.type {
        case "local": return .local(best)
        case "unreachable", "blackhole", "prohibit": return .dropped(best)
        case "throw": return .throwRoute
        case "broadcast", "multicast", "anycast", "nat": return .local(best)
        default:
            guard let device = best.device else { return .unknown }
            return device == "lo" ? .local(best) : .out(best)
        }
    }
}
