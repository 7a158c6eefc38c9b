/// `ip`-style one-line renderings of netlink objects, for the literal `observed` text of evidence.
extension Rule {
    public var ipText: String {
        var words = ["\(priority):", "from", source ?? "all"]
        if let destination { words += ["to", destination] }
        if let inputInterface { words += ["iif", inputInterface] }
        if let outputInterface { words += ["oif", outputInterface] }
        if let fwmark { words += ["fwmark", fwmark] }
        if let ipProto { words += ["ipproto", ipProto] }
        if let sourcePort { words += ["sport", sourcePort] }
        if let destinationPort { words += ["dport", destinationPort] }
        if let table { words += ["lookup", RouteTable.name(table)] }
        if let action { words.append(action) }
        return words.joined(separator: " ")
    }
}

extension Route {
    public var ipText: String {
        var words: [String] = []
        if type != "unicast" { words.append(type) }
        words.append(destination)
        if let gateway { words += ["via", gateway] }
        if let device { words += ["dev", device] }
        if table != RouteTable.main { words += ["table", RouteTable.name(table)] }
        if let protocol_ { words += ["proto", protocol_] }
        if let scope { words += ["scope", scope] }
        if let metric { words += ["metric", String(metric)] }
        if let preferredSource { words += ["src", preferredSource] }
        words += flags
        return words.joined(separator: " ")
    }
}

extension Neighbour {
    public var ipText: String {
        var words = [destination]
        if let device { words += ["dev", device] }
        if let lladdr { words += ["lladdr", lladdr] }
        words += state
        return words.joined(separator: " ")
    }
}
