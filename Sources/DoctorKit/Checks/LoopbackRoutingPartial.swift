import NetProbe

/// `net.loopback-routing` when the walk through the rules cannot finish (rules unknown, or a table they point at
/// unknown): says exactly what is missing and what WAS read, citing the section, instead of "nothing in the facts".
///
/// A table-127 route `127.0.0.1 via 169.254.73.249 dev loopback0` (the one the classifier counts for mirrored)
/// makes it info: 127.0.0.1 leaves Linux if the mirrored rules steer to it, which only the rules can show.
enum LoopbackRoutingPartial {
    struct Reading {
        var status: CheckStatus
        var title: String
        var detail: [String]
    }

    static func reading(_ facts: MachineFacts, explanation: String) -> Reading {
        var read: [String] = []
        if let rules = facts.rules { read.append("\(rules.count) IPv4 rule\(rules.count == 1 ? "" : "s") from \(facts.origin.describe(.ipRule))") }
        if let routes = facts.routes { read.append("\(routes.count) route\(routes.count == 1 ? "" : "s") from \(facts.origin.describe(.ipRoute))") }
        var detail = [explanation]
        if !read.isEmpty { detail.append("read: " + read.joined(separator: "; ")) }
        if facts.rules == nil {
            detail.append("`ip rule` (and `ip route show table all`) would decide it")
        }
        if let route = facts.routes?.first(where: isLoopbackTableRoute) {
            detail.append("\(facts.origin.describe(.ipRoute)) holds \"\(route.ipText)\" (table 127, mirrored mode's loopback table)")
            return Reading(status: .info,
                           title: "127.0.0.1 likely leaves Linux through \(route.device ?? "loopback0"): table 127 routes it there, but the rules that would steer to it are not in the facts",
                           detail: detail)
        }
        return Reading(status: .skip, title: "unknown whether 127.0.0.1 traffic leaves Linux (\(explanation))", detail: detail)
    }

    /// `127.0.0.1/32 via 169.254.73.249 dev loopback0 table 127`.
    static func isLoopbackTableRoute(_ route: Route) -> Bool {
        route.family == .inet && route.table == RouteTable.wslLoopback && route.device == "loopback0"
            && isLoopback1Host(route.destination)
    }

    /// `127.0.0.1` or `127.0.0.1/32` (any spelling `IPAddress` reads).
    private static func isLoopback1Host(_ destination: String) -> Bool {
        let parts = destination.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        return IPAddress(parts[0]) == .loopbackV4 && (parts.count == 1 || parts[1] == "32")
    }
}
