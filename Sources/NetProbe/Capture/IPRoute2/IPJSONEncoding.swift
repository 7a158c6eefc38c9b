/// Model values as `ip -j` objects (iproute2 field names), for `CaptureWriter`.
///
/// Where `ip -j` cannot say something the model holds, one extra member keeps it so the capture reads back
/// equal: `family` on a route or rule whose family would otherwise be inferred differently, and `ip-addr`
/// entries that carry only `ifname` and `addr_info` (no link details), so addresses never invent links.
enum IPJSONEncoding {
    static func link(_ link: Link) -> JSONNode {
        var members: [(String, JSONNode)] = []
        if let index = link.index { members.append(("ifindex", .int(index))) }
        members.append(("ifname", .string(link.name)))
        if let peer = link.peer { members.append(("link", peer == "NONE" ? .null : .string(peer))) }
        members.append(("flags", .list(link.flags.map(JSONNode.string))))
        if let mtu = link.mtu { members.append(("mtu", .int(mtu))) }
        if let state = link.operState { members.append(("operstate", .string(state))) }
        if let type = link.linkType { members.append(("link_type", .string(type))) }
        if let mac = link.mac { members.append(("address", .string(mac))) }
        if let kind = link.kind { members.append(("linkinfo", .members([("info_kind", .string(kind))]))) }
        return .members(members)
    }

    /// `ip-addr` entries: one per run of consecutive addresses of the same interface, so the order of the
    /// addresses survives. An address without an interface goes into an entry without `ifname`.
    static func addressEntries(_ addresses: [InterfaceAddress]) -> [JSONNode] {
        var entries: [JSONNode] = []
        var runInterface: String?
        var run: [JSONNode] = []
        func flush() {
            guard !run.isEmpty else { return }
            var members: [(String, JSONNode)] = []
            if let runInterface { members.append(("ifname", .string(runInterface))) }
            members.append(("addr_info", .list(run)))
            entries.append(.members(members))
            run = []
        }
        for address in addresses {
            if !run.isEmpty && runInterface != address.interface { flush() }
            runInterface = address.interface
            run.append(addressInfo(address))
        }
        flush()
        if entries.isEmpty { entries.append(.members([("addr_info", .list([]))])) }
        return entries
    }

    static func addressInfo(_ address: InterfaceAddress) -> JSONNode {
        var members: [(String, JSONNode)] = [
            ("family", .string(address.family.rawValue)),
            ("local", .string(address.local)),
            ("prefixlen", .int(address.prefixLength)),
        ]
        if let scope = address.scope { members.append(("scope", .string(scope))) }
        for flag in address.flags { members.append((flag, .bool(true))) }
        if let label = address.label { members.append(("label", .string(label))) }
        return .members(members)
    }

    static func route(_ route: Route) -> JSONNode {
        var members: [(String, JSONNode)] = []
        if route.type != "unicast" { members.append(("type", .string(route.type))) }
        members.append(("dst", .string(route.destination)))
        if let gateway = route.gateway { members.append(("gateway", .string(gateway))) }
        if let device = route.device { members.append(("dev", .string(device))) }
        members.append(("table", .string(RouteTable.name(route.table))))
        if let name = route.protocol_ { members.append(("protocol", .string(name))) }
        if let scope = route.scope { members.append(("scope", .string(scope))) }
        if let source = route.preferredSource { members.append(("prefsrc", .string(source))) }
        if let metric = route.metric { members.append(("metric", .int(metric))) }
        members.append(("flags", .list(route.flags.map(JSONNode.string))))
        let inferred = RouteFamily.infer(
            destination: IPSyntax.routeDestination(route.destination).family, gateway: route.gateway, viaFamily: nil,
            preferredSource: route.preferredSource, hasPref: false, fallback: nil)
        if inferred != route.family { members.append(("family", .string(route.family.rawValue))) }
        return .members(members)
    }

    static func rule(_ rule: Rule, sectionFamily: AddressFamily) -> JSONNode {
        var members: [(String, JSONNode)] = [("priority", .int(rule.priority))]
        if rule.family != sectionFamily { members.append(("family", .string(rule.family.rawValue))) }
        appendSelector(rule.source, "src", "srclen", to: &members, orAll: true)
        appendSelector(rule.destination, "dst", "dstlen", to: &members, orAll: false)
        if let mark = rule.fwmark {
            if let slash = mark.firstIndex(of: "/") {
                members.append(("fwmark", .string(String(mark[..<slash]))))
                members.append(("fwmask", .string(String(mark[mark.index(after: slash)...]))))
            } else {
                members.append(("fwmark", .string(mark)))
            }
        }
        if let name = rule.inputInterface { members.append(("iif", .string(name))) }
        if let name = rule.outputInterface { members.append(("oif", .string(name))) }
        if let proto = rule.ipProto { members.append(("ipproto", .string(proto))) }
        appendPort(rule.sourcePort, "sport", to: &members)
        appendPort(rule.destinationPort, "dport", to: &members)
        if let table = rule.table { members.append(("table", .string(RouteTable.name(table)))) }
        if let action = rule.action { members.append(("action", .string(action))) }
        return .members(members)
    }

    static func neighbour(_ neighbour: Neighbour) -> JSONNode {
        var members: [(String, JSONNode)] = [("dst", .string(neighbour.destination))]
        if let device = neighbour.device { members.append(("dev", .string(device))) }
        if let lladdr = neighbour.lladdr { members.append(("lladdr", .string(lladdr))) }
        members.append(("state", .list(neighbour.state.map(JSONNode.string))))
        return .members(members)
    }

    /// `10.0.0.0/8` as `src` + `srclen` like `ip -j`; text that is not `address/decimal` stays whole.
    private static func appendSelector(
        _ value: String?, _ key: String, _ lengthKey: String, to members: inout [(String, JSONNode)], orAll: Bool
    ) {
        guard let value else {
            if orAll { members.append((key, .string("all"))) }
            return
        }
        if let slash = value.lastIndex(of: "/"), let length = canonicalDecimal(String(value[value.index(after: slash)...])) {
            members.append((key, .string(String(value[..<slash]))))
            members.append((lengthKey, .int(length)))
        } else {
            members.append((key, .string(value)))
        }
    }

    /// `8080` as a number and `1000-2000` as `_start`/`_end` like `ip -j`; anything else as a string.
    private static func appendPort(_ value: String?, _ key: String, to members: inout [(String, JSONNode)]) {
        guard let value else { return }
        if let number = canonicalDecimal(value) {
            members.append((key, .int(number)))
        } else if let dash = value.firstIndex(of: "-"),
                  let start = canonicalDecimal(String(value[..<dash])),
                  let end = canonicalDecimal(String(value[value.index(after: dash)...]))
        {
            members.append((key + "_start", .int(start)))
            members.append((key + "_end", .int(end)))
        } else {
            members.append((key, .string(value)))
        }
    }

    /// A decimal that prints back identically (no leading zeros or signs).
    private static func canonicalDecimal(_ text: String) -> Int? {
        guard let number = IPSyntax.decimal(text), String(number) == text else { return nil }
        return number
    }
}
