/// Parses the text output of `ip route` / `ip r` / `ip route show table all` / `ip -6 route` into routes.
///
/// A route line without `table` is in main (254), except types `local`, `broadcast` and `anycast` (local,
/// 255), or the table named in a pasted `ip route show table X` prompt. The family comes from the destination,
/// then the gateway or `src`, then IPv6-only words (`pref`), then a pasted `-6`. Newlines collapsed into
/// spaces are undone by starting a new route wherever a destination stands where an option should.
/// Multipath `nexthop` lines give the route its first gateway and device.
enum IPRouteTextParser {
    static let routeTypes: Set<String> = [
        "unicast", "local", "broadcast", "multicast", "anycast", "unreachable", "blackhole", "prohibit", "throw", "nat",
    ]
    static let localTypes: Set<String> = ["local", "broadcast", "anycast"]
    static let routeFlags: Set<String> = [
        "onlink", "linkdown", "dead", "pervasive", "offload", "trap", "notify", "unresolved", "rt_offload",
        "rt_trap", "rt_offload_failed",
    ]
    /// Words printed without a value that NetProbe does not keep.
    static let ignoredFlags: Set<String> = ["cache", "ttl-propogate", "ttl-propagate"]
    /// Options followed by one value.
    static let valueKeys: Set<String> = [
        "via", "dev", "oif", "table", "proto", "scope", "src", "metric", "pref", "from", "nhid", "tos", "dsfield",
        "mtu", "advmss", "rtt", "rttvar", "reordering", "window", "cwnd", "initcwnd", "initrwnd", "ssthresh",
        "realms", "realm", "hoplimit", "features", "quickack", "congctl", "fastopen_no_cookie", "expires", "error",
        "users", "age", "used", "mark", "uid", "iif", "weight", "ipid", "rto_min", "encap", "as",
    ]

    static func parse(_ items: [IPTextItem], diagnostics: inout SectionDiagnostics) -> IPListParse<Route> {
        var result = IPListParse<Route>()
        var command = PastedCommand()
        var lastRoute: Int?
        for piece in IPTextScanner.pieces(items, startsRecord: startsRoute, splitRecords: false) {
            switch piece {
            case .command(let pasted, _):
                command = pasted
                lastRoute = nil
            case .record(let record):
                result.hadContent = true
                if record.words[0] == "nexthop" {
                    nexthop(record, lastRoute: lastRoute, routes: &result.items, diagnostics: &diagnostics)
                    continue
                }
                var position = 0
                while position < record.words.count {
                    guard let parsed = route(record, from: &position, command: command, diagnostics: &diagnostics) else {
                        break
                    }
                    if let parsed {
                        result.items.append(parsed)
                        lastRoute = result.items.count - 1
                    } else {
                        lastRoute = nil
                    }
                }
            }
        }
        return result
    }

    /// Whether `words[index]` starts a route: an optional type, then a destination, where no option expects a
    /// value.
    static func startsRoute(_ words: [String], _ index: Int) -> Bool {
        if index > 0, valueKeys.contains(words[index - 1]) { return false }
        if index > 1, words[index - 2] == "via" || words[index - 2] == "mtu" || words[index - 2] == "as" {
            if ["inet", "inet6", "lock", "to"].contains(words[index - 1]) { return false }
        }
        let word = words[index]
        if routeTypes.contains(word), index + 1 < words.count { return IPSyntax.routeDestination(words[index + 1]).valid }
        if word == "nexthop" { return index == 0 }
        return IPSyntax.routeDestination(word).valid
    }

    /// Reads one route starting at `position` and moves `position` past it. Returns `.some(nil)` for a route
    /// that was read but dropped (with a warning), and `nil` when the rest of the record is not a route.
    static func route(
        _ record: IPTextRecord, from position: inout Int, command: PastedCommand,
        diagnostics: inout SectionDiagnostics
    ) -> Route?? {
        let words = record.words
        var type = "unicast"
        if routeTypes.contains(words[position]), position + 1 < words.count,
           IPSyntax.routeDestination(words[position + 1]).valid
        {
            type = words[position]
            position += 1
        }
        let destination = words[position]
        let checked = IPSyntax.routeDestination(destination)
        guard checked.valid else {
            diagnostics.warn(line: record.line, IPTextScanner.incomplete(
                "not `ip route` output: \(IPAddrTextParser.preview(Array(words[position...])))", record))
            return nil
        }
        position += 1
        var gateway: String?
        var viaFamily: AddressFamily?
        var device: String?
        var protocolName: String?
        var scope: String?
        var metric: Int?
        var source: String?
        var tableWord: String?
        var sawPref = false
        var flags: [String] = []
        while position < words.count {
            let word = words[position]
            if startsRoute(words, position) { break }
            if routeFlags.contains(word) {
                flags.append(word)
                position += 1
                continue
            }
            if ignoredFlags.contains(word) {
                position += 1
                continue
            }
            guard valueKeys.contains(word) else {
                diagnostics.warn(line: record.line, "unknown word '\(word)' in a route to \(destination); ignored")
                position += 1
                continue
            }
            var valueIndex = position + 1
            if valueIndex < words.count {
                let modifier = words[valueIndex]
                if (word == "via" && (modifier == "inet" || modifier == "inet6")) || (word == "mtu" && modifier == "lock")
                    || (word == "as" && modifier == "to")
                {
                    if word == "via" { viaFamily = modifier == "inet6" ? .inet6 : .inet }
                    valueIndex += 1
                }
            }
            guard valueIndex < words.count else {
                diagnostics.warn(line: record.line, IPTextScanner.incomplete("'\(word)' without a value in a route to \(destination)", record))
                position = valueIndex
                break
            }
            let value = words[valueIndex]
            switch word {
            case "via": gateway = value
            case "dev", "oif": device = value
            case "proto": protocolName = value
            case "scope": scope = value
            case "src": source = value
            case "table": tableWord = value
            case "pref": sawPref = true
            case "metric":
                if let number = IPSyntax.decimal(value) { metric = number } else {
                    diagnostics.warn(line: record.line, "metric '\(value)' of a route to \(destination) is not a number")
                }
            default: break
            }
            position = valueIndex + 1
        }
        let table: Int
        if let tableWord {
            guard let id = RouteTable.id(tableWord) else {
                diagnostics.warn(line: record.line, "route to \(destination) names table '\(tableWord)', which is neither a number nor local/main/default; route skipped")
                return .some(nil)
            }
            table = id
        } else if let pasted = command.table {
            table = pasted
        } else {
            table = localTypes.contains(type) ? RouteTable.local : RouteTable.main
        }
        let family = RouteFamily.infer(
            destination: checked.family, gateway: gateway, viaFamily: viaFamily, preferredSource: source,
            hasPref: sawPref, fallback: command.family)
        return .some(Route(
            family: family, type: type, destination: destination, table: table, gateway: gateway, device: device,
            protocol_: protocolName, scope: scope, metric: metric, preferredSource: source, flags: flags))
    }

    /// `nexthop via 10.0.0.1 dev eth0 weight 1` under a multipath route: the first one gives gateway and device.
    static func nexthop(
        _ record: IPTextRecord, lastRoute: Int?, routes: inout [Route], diagnostics: inout SectionDiagnostics
    ) {
        guard let lastRoute else {
            diagnostics.warn(line: record.line, "'nexthop' line without a route before it; ignored")
            return
        }
        let words = record.words
        var position = 1
        var gateway: String?
        var device: String?
        while position + 1 < words.count {
            switch words[position] {
            case "via":
                if ["inet", "inet6"].contains(words[position + 1]), position + 2 < words.count {
                    position += 1
                }
                gateway = words[position + 1]
            case "dev": device = words[position + 1]
            default: break
            }
            position += 2
        }
        if routes[lastRoute].gateway == nil && routes[lastRoute].device == nil {
            routes[lastRoute].gateway = gateway
            routes[lastRoute].device = device
        }
    }
}

/// The parse of a list-like `ip-*` section (routes, rules, neighbours).
struct IPListParse<Item: Sendable & Equatable>: Sendable, Equatable {
    var items: [Item] = []
    /// The section had content other than blank and prompt lines.
    var hadContent = false
}

/// Family of a route, decided the same way for text, JSON and the writer.
enum RouteFamily {
    static func infer(
        destination: AddressFamily?, gateway: String?, viaFamily: AddressFamily?, preferredSource: String?,
        hasPref: Bool, fallback: AddressFamily?
    ) -> AddressFamily {
        if let destination { return destination }
        // `via inet6 fe80::1` on an IPv4 route (RFC 5549): the gateway's family is not the route's.
        if let viaFamily { return viaFamily == .inet6 ? .inet : .inet6 }
        if let gateway, let family = IPSyntax.family(ofAddress: gateway) { return family }
        if let preferredSource, let family = IPSyntax.family(ofAddress: preferredSource) { return family }
        if hasPref { return .inet6 }
        return fallback ?? .inet
    }
}
