import Foundation
@testable import NetProbe

/// Converts `ip -j` objects (iproute2 6.1 JSON) into NetProbe's model, so live netlink snapshots
/// can be compared field by field with what `ip` prints for the same namespace.
enum LiveIPJSON {
    /// `ip -j route show table all` entry -> Route (family inferred from the text; ip omits it).
    static func route(_ object: [String: Any]) -> Route {
        let destination = object["dst"] as? String ?? "?"
        let addresses = [destination, object["gateway"] as? String ?? "", object["prefsrc"] as? String ?? ""]
        let family: AddressFamily = addresses.contains { $0.contains(":") } ? .inet6 : .inet
        return Route(
            family: family, type: object["type"] as? String ?? "unicast", destination: destination,
            table: RouteTable.id(object["table"] as? String ?? "main") ?? -1,
            gateway: object["gateway"] as? String, device: object["dev"] as? String,
            protocol_: object["protocol"] as? String ?? "boot",  // ip omits `proto boot`
            scope: object["scope"] as? String ?? "global",      // ip omits `scope global`
            metric: object["metric"] as? Int, preferredSource: object["prefsrc"] as? String,
            flags: object["flags"] as? [String] ?? []
        )
    }

    /// The identity the brief compares: destination, device, table, type, gateway.
    static func routeIdentity(_ route: Route) -> String {
        "\(route.destination) dev \(route.device ?? "-") table \(route.table) type \(route.type) via \(route.gateway ?? "-")"
    }

    /// `ip -j rule` entry -> Rule.
    static func rule(_ object: [String: Any], family: AddressFamily) -> Rule {
        func prefix(_ key: String, _ lengthKey: String) -> String? {
            guard let address = object[key] as? String, address != "all" else { return nil }
            if let length = object[lengthKey] as? Int { return "\(address)/\(length)" }
            return address
        }
        func ports(_ key: String) -> String? {
            if let port = object[key] as? Int { return String(port) }
            if let start = object[key + "_start"] as? Int, let end = object[key + "_end"] as? Int { return "\(start)-\(end)" }
            return nil
        }
        var rule = Rule(family: family, priority: object["priority"] as? Int ?? 0)
        rule.source = prefix("src", "srclen")
        rule.destination = prefix("dst", "dstlen")
        rule.inputInterface = object["iif"] as? String
        rule.outputInterface = object["oif"] as? String
        rule.ipProto = object["ipproto"] as? String
        rule.sourcePort = ports("sport")
        rule.destinationPort = ports("dport")
        if let mark = object["fwmark"] as? String {
            rule.fwmark = (object["fwmask"] as? String).map { "\(mark)/\($0)" } ?? mark
        }
        if let action = object["action"] as? String {
            rule.action = action
        } else {
            rule.table = (object["table"] as? String).flatMap(RouteTable.id)
        }
        return rule
    }

    /// `ip -d -j link` entry -> Link.
    static func link(_ object: [String: Any]) -> Link {
        var peer: String?
        if object.keys.contains("link") {
            peer = object["link"] as? String ?? "NONE"  // `"link": null` is `@NONE`
        } else if let index = object["link_index"] as? Int {
            peer = "if\(index)"
        }
        let info = object["linkinfo"] as? [String: Any]
        return Link(
            index: object["ifindex"] as? Int, name: object["ifname"] as? String ?? "?", peer: peer,
            flags: object["flags"] as? [String] ?? [], mtu: object["mtu"] as? Int,
            mac: object["address"] as? String, linkType: object["link_type"] as? String,
            kind: info?["info_kind"] as? String, operState: object["operstate"] as? String
        )
    }

    /// Address flags as `ip -j addr` marks them (keys set to true).
    static let addressFlagKeys = [
        "secondary", "temporary", "nodad", "optimistic", "dadfailed", "home", "deprecated", "tentative",
        "dynamic", "mngtmpaddr", "noprefixroute", "autojoin", "stable-privacy",
    ]

    /// `ip -j addr` -> InterfaceAddress values (labels kept only when they differ from the name).
    static func addresses(_ links: [[String: Any]]) -> [InterfaceAddress] {
        links.flatMap { link -> [InterfaceAddress] in
            let name = link["ifname"] as? String
            let infos = link["addr_info"] as? [[String: Any]] ?? []
            return infos.map { info in
                let label = info["label"] as? String
                return InterfaceAddress(
                    interface: name, family: AddressFamily(rawValue: info["family"] as? String ?? "") ?? .inet,
                    local: info["local"] as? String ?? "?", prefixLength: info["prefixlen"] as? Int ?? -1,
                    scope: info["scope"] as? String, label: label == name ? nil : label,
                    flags: addressFlagKeys.filter { info[$0] != nil }
                )
            }
        }
    }
}
