/// Reads `ip -j addr` and `ip -j link` output (iproute2 field names: `ifindex`, `ifname`, `link`,
/// `link_index`, `flags`, `mtu`, `operstate`, `link_type`, `address`, `linkinfo.info_kind`, `addr_info[]`
/// with `family`, `local`, `prefixlen`, `scope`, `label` and one `true` member per address flag).
///
/// An entry is a link when it has `ifindex` or `flags`; an entry with only `ifname` and `addr_info` (as
/// `CaptureWriter` writes them) carries addresses of an interface whose link details are not known.
enum IPAddrJSONParser {
    static func parse(_ input: IPJSONInput, diagnostics: inout SectionDiagnostics) -> IPAddrParse {
        var result = IPAddrParse()
        result.hadContent = input.hasContent
        result.addressesListed = input.elements.contains { $0["addr_info"] != nil }
        for entry in input.elements {
            guard entry.members != nil else {
                diagnostics.warn(line: input.fileLine(entry), "`ip -j` entry is not an object; ignored")
                continue
            }
            let name = entry["ifname"]?.string
            if entry["ifindex"] != nil || entry["flags"] != nil {
                if let link = link(entry, input: input, diagnostics: &diagnostics) {
                    result.sawLink = true
                    result.links.append(link)
                }
            }
            guard let info = entry["addr_info"] else { continue }
            result.sawAddresses = true
            guard let items = info.elements else {
                diagnostics.warn(line: input.fileLine(info), "addr_info of \(name ?? "an entry") is not an array; ignored")
                continue
            }
            for item in items {
                if let address = address(item, interface: name, input: input, diagnostics: &diagnostics) {
                    result.addresses.append(address)
                }
            }
        }
        return result
    }

    static func link(_ entry: JSONNode, input: IPJSONInput, diagnostics: inout SectionDiagnostics) -> Link? {
        guard let name = entry["ifname"]?.string, !name.isEmpty else {
            diagnostics.warn(line: input.fileLine(entry), "link entry without an ifname; ignored")
            return nil
        }
        var link = Link(index: entry["ifindex"]?.int, name: name)
        if let peer = entry["link"] {
            link.peer = peer.isNull ? "NONE" : peer.string
        } else if let peerIndex = entry["link_index"]?.int {
            link.peer = "if\(peerIndex)"
        }
        if let flags = entry["flags"] {
            guard let list = flags.elements?.compactMap(\.string), list.count == flags.elements?.count else {
                diagnostics.warn(line: input.fileLine(flags), "flags of \(name) are not a list of strings; ignored")
                return link
            }
            link.flags = list
        }
        link.mtu = entry["mtu"]?.int
        link.operState = entry["operstate"]?.string
        link.linkType = entry["link_type"]?.string
        link.mac = entry["address"]?.string?.lowercased()
        link.kind = entry["linkinfo"]?["info_kind"]?.string
        return link
    }

    static func address(
        _ item: JSONNode, interface: String?, input: IPJSONInput, diagnostics: inout SectionDiagnostics
    ) -> InterfaceAddress? {
        let place = interface.map { " of \($0)" } ?? ""
        guard let members = item.members else {
            diagnostics.warn(line: input.fileLine(item), "addr_info entry\(place) is not an object; ignored")
            return nil
        }
        guard let familyName = item["family"]?.string, let family = AddressFamily(rawValue: familyName) else {
            diagnostics.warn(line: input.fileLine(item), "addr_info entry\(place) has no family inet or inet6; ignored")
            return nil
        }
        guard let local = item["local"]?.string, IPSyntax.family(ofAddress: local) == family else {
            diagnostics.warn(line: input.fileLine(item), "addr_info entry\(place) has no valid \(familyName) 'local' address; ignored")
            return nil
        }
        guard let length = item["prefixlen"]?.int, length >= 0, length <= IPSyntax.maxLength(family) else {
            diagnostics.warn(line: input.fileLine(item), "address \(local)\(place) has no valid prefixlen; ignored")
            return nil
        }
        let label = item["label"]?.string
        let flags = members.filter { $0.node.isTrue }.map(\.key)
        return InterfaceAddress(
            interface: interface, family: family, local: local, prefixLength: length,
            scope: item["scope"]?.text, label: label == interface ? nil : label, flags: flags)
    }
}
