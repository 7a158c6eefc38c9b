/// Parses `ip -br addr` and `ip -br link` (iproute2's brief form) into links and addresses:
///
/// - `eth0             UP             172.23.240.213/20 fe80::215:5dff:fe01:77fa/64`
/// - `eth0@if33        UP             02:42:ac:11:00:02 <BROADCAST,MULTICAST,UP,LOWER_UP>`
///
/// The second column is the operational state (`UP`, `DOWN`, `UNKNOWN`, `LOWERLAYERDOWN`, `DORMANT`, `NOTPRESENT`,
/// `TESTING`). The brief address form prints no flags: every state but `DOWN` and `NOTPRESENT` means the link is
/// administratively up (`lo` shows `UNKNOWN`), so such links get the `UP` flag. Scopes follow the address:
/// `host` for 127.0.0.0/8 and `::1`, `link` for 169.254.0.0/16 and `fe80::/10`, `global` otherwise. Pure.
enum IPBriefTextParser {
    static let states: Set<String> = ["UP", "DOWN", "UNKNOWN", "LOWERLAYERDOWN", "DORMANT", "NOTPRESENT", "TESTING"]

    /// `NAME STATE [ADDRESS/LEN ...]` or `NAME STATE MAC <FLAGS>`.
    static func isBriefLine(_ words: [String]) -> Bool {
        guard words.count >= 2, !words[0].hasSuffix(":"), states.contains(words[1]) else { return false }
        return words.dropFirst(2).allSatisfy { word in
            IPSyntax.prefix(word) != nil || IPSyntax.isLinkLayerAddress(word.lowercased())
                || (word.hasPrefix("<") && word.hasSuffix(">"))
        }
    }

    static func parse(_ items: [IPTextItem], diagnostics: inout SectionDiagnostics) -> IPAddrParse {
        var result = IPAddrParse()
        var linkNames = Set<String>()  // the first line of a name is kept; a set keeps that linear in the lines
        for item in items {
            let words = item.words
            guard isBriefLine(words) else {
                if let command = PastedCommand.recognise(words) {
                    if command.object == "link" { result.addressesListed = false }
                    continue
                }
                diagnostics.warn(line: item.line, "not `ip -br` output: \(IPAddrTextParser.preview(words))")
                continue
            }
            result.hadContent = true
            result.sawLink = true
            var name = words[0]
            var peer: String?
            if let at = name.firstIndex(of: "@") {
                peer = String(name[name.index(after: at)...])
                name = String(name[..<at])
            }
            var link = Link(index: nil, name: name, peer: peer)
            link.operState = words[1]
            var flags: [String]?
            for word in words.dropFirst(2) {
                if word.hasPrefix("<") {
                    flags = word.dropFirst().dropLast().split(separator: ",").map(String.init)
                    result.addressesListed = false
                } else if IPSyntax.isLinkLayerAddress(word.lowercased()), IPSyntax.prefix(word) == nil {
                    link.mac = word.lowercased()
                    link.linkType = name == "lo" ? "loopback" : "ether"
                    result.addressesListed = false
                } else if let parsed = IPSyntax.prefix(word) {
                    result.sawAddresses = true
                    let length = parsed.length ?? IPSyntax.maxLength(parsed.family)
                    result.addresses.append(InterfaceAddress(
                        interface: name, family: parsed.family, local: parsed.address, prefixLength: length,
                        scope: scope(parsed.address), label: nil, flags: []))
                }
            }
            link.flags = flags ?? (["DOWN", "NOTPRESENT"].contains(words[1]) ? [] : ["UP"])
            if linkNames.insert(link.name).inserted { result.links.append(link) }
        }
        if !result.addressesListed { result.sawAddresses = false }
        return result
    }

    /// The scope `ip` shows for an address (`IPAddress`'s classes): `host` (127/8, `::1`), `link` (169.254/16,
    /// fe80::/10), `global` (anything else, and text that is no address).
    static func scope(_ address: String) -> String {
        guard let parsed = IPAddress(address) else { return "global" }
        if parsed.family == .inet ? parsed.isLoopback : parsed == .loopbackV6 { return "host" }
        if parsed.isLinkLocal { return "link" }
        return "global"
    }
}
