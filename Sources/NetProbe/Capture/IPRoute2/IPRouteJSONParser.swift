/// Reads `ip -j route` output (`type` only when not unicast, `dst`, `gateway` or `via.host`, `dev`,
/// `protocol`, `scope`, `metric`, `prefsrc`, `flags`, `table` as a name or number string, `nexthops[]`).
///
/// `ip -j` prints no family: it is taken from a `family` member (which `CaptureWriter` adds when needed),
/// else inferred as for text. A missing `table` follows the text rule (main, local for local types).
enum IPRouteJSONParser {
    static func parse(_ input: IPJSONInput, diagnostics: inout SectionDiagnostics) -> IPListParse<Route> {
        var result = IPListParse<Route>()
        result.hadContent = input.hasContent
        for entry in input.elements {
            if let route = route(entry, input: input, diagnostics: &diagnostics) { result.items.append(route) }
        }
        return result
    }

    static func route(_ entry: JSONNode, input: IPJSONInput, diagnostics: inout SectionDiagnostics) -> Route? {
        let line = input.fileLine(entry)
        guard entry.members != nil else {
            diagnostics.warn(line: line, "`ip -j route` entry is not an object; ignored")
            return nil
        }
        guard let destination = entry["dst"]?.string else {
            diagnostics.warn(line: line, "route without a 'dst'; ignored")
            return nil
        }
        let checked = IPSyntax.routeDestination(destination)
        guard checked.valid else {
            diagnostics.warn(line: line, "route 'dst' \(destination) is not a destination; ignored")
            return nil
        }
        let type = entry["type"]?.string ?? "unicast"
        var gateway = entry["gateway"]?.string
        var viaFamily: AddressFamily?
        if gateway == nil, let via = entry["via"] {
            gateway = via["host"]?.string
            viaFamily = via["family"]?.string.flatMap(AddressFamily.init(rawValue:))
        }
        var device = entry["dev"]?.string
        if gateway == nil, device == nil, let first = entry["nexthops"]?.elements?.first {
            gateway = first["gateway"]?.string ?? first["via"]?["host"]?.string
            device = first["dev"]?.string
        }
        let table: Int
        if let tableNode = entry["table"] {
            guard let name = tableNode.text, let id = RouteTable.id(name) else {
                diagnostics.warn(line: line, "route to \(destination) names table '\(tableNode.text ?? "?")', which is neither a number nor local/main/default; ignored")
                return nil
            }
            table = id
        } else if let pasted = input.command?.table {
            table = pasted
        } else {
            table = IPRouteTextParser.localTypes.contains(type) ? RouteTable.local : RouteTable.main
        }
        let preferredSource = entry["prefsrc"]?.string
        let family = entry["family"]?.string.flatMap(AddressFamily.init(rawValue:)) ?? RouteFamily.infer(
            destination: checked.family, gateway: gateway, viaFamily: viaFamily, preferredSource: preferredSource,
            hasPref: entry["pref"] != nil, fallback: input.command?.family)
        var flags: [String] = []
        if let list = entry["flags"]?.elements { flags = list.compactMap(\.string) }
        return Route(
            family: family, type: type, destination: destination, table: table, gateway: gateway, device: device,
            protocol_: entry["protocol"]?.text, scope: entry["scope"]?.text, metric: entry["metric"]?.int,
            preferredSource: preferredSource, flags: flags)
    }
}
