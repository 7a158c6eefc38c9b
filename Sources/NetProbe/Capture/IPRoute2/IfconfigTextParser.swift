/// Parses `ifconfig` output (net-tools) into links and addresses, in both forms people paste:
///
/// - modern (net-tools 2.x): `eth0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500`, then
///   `inet 172.23.240.213  netmask 255.255.240.0  broadcast 172.23.255.255`,
///   `inet6 fe80::215:5dff:fe01:77fa  prefixlen 64  scopeid 0x20<link>`, `ether 00:15:5d:01:77:fa  txqueuelen 1000`,
///   `loop  txqueuelen 1000  (Local Loopback)`;
/// - old (net-tools 1.60): `eth0      Link encap:Ethernet  HWaddr 00:15:5d:01:77:fa`, then
///   `inet addr:172.23.240.213  Bcast:172.23.255.255  Mask:255.255.240.0`, `inet6 addr: fe80::.../64 Scope:Link`,
///   `UP BROADCAST RUNNING MULTICAST  MTU:1500  Metric:1`.
///
/// The result is what `ip addr` would give for the same interfaces: the netmask becomes a prefix length,
/// `RUNNING` becomes `LOWER_UP`, `ether`/`Ethernet` become `link/ether`, `loop`/`Local Loopback` `link/loopback`,
/// IPv4 scope is `host` for 127.0.0.0/8, `link` for 169.254.0.0/16, `global` otherwise; an alias `eth0:1` is a
/// label of `eth0`. Counters (`RX packets`, `TX errors`, ...) are skipped. Pure; lines it cannot use are warnings.
enum IfconfigTextParser {
    /// Words of counter and statistics lines, skipped.
    static let counterWords: Set<String> = ["RX", "TX", "collisions:0", "Interrupt", "device", "collisions", "Memory"]

    /// `eth0: flags=...` or `eth0      Link encap:...`.
    static func isHeader(_ words: [String]) -> Bool {
        guard words.count >= 2 else { return false }
        if words[0].count > 1, words[0].hasSuffix(":"), words[1].hasPrefix("flags=") { return true }
        return words.count >= 3 && words[1] == "Link" && words[2].hasPrefix("encap:")
    }

    static func parse(_ items: [IPTextItem], diagnostics: inout SectionDiagnostics) -> IPAddrParse {
        var result = IPAddrParse()
        var current: Int?
        for (position, item) in items.enumerated() {
            let words = item.words
            let last = position == items.count - 1
            if !isHeader(words), PastedCommand.recognise(words) != nil {
                current = nil
                continue
            }
            result.hadContent = true
            if isHeader(words) {
                let link = header(words)
                result.sawLink = true
                result.sawAddresses = true
                result.links.append(link)
                current = result.links.count - 1
                if words[1] == "Link", let index = current { oldLinkLine(words, into: &result.links[index]) }
                continue
            }
            guard let index = current else {
                diagnostics.warn(line: item.line, "ifconfig line without an interface header before it: \(IPAddrTextParser.preview(words))")
                continue
            }
            let name = result.links[index].name
            let first = words[0]
            if first == "inet" || first == "inet6" {
                if let address = address(words, interface: name, line: item.line, last: last, diagnostics: &diagnostics) {
                    result.addresses.append(address)
                }
            } else if first == "ether" || first == "loop" || first == "unspec" || first == "infiniband" {
                linkType(words, into: &result.links[index])
            } else if isOldFlagsLine(words) {
                oldFlags(words, into: &result.links[index])
            } else if counterWords.contains(first) || first.hasPrefix("(") {
                continue
            } else {
                diagnostics.warn(line: item.line, "not `ifconfig` output: \(IPAddrTextParser.preview(words))")
            }
        }
        // Aliases (`eth0:1`) are labels of their base interface, as in `ip addr`.
        let aliasNames = Set(result.links.map(\.name).filter { $0.contains(":") })
        if !aliasNames.isEmpty {
            result.links.removeAll { aliasNames.contains($0.name) }
        }
        return result
    }

    /// `eth0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500` or `eth0      Link encap:Ethernet  HWaddr ...`.
    static func header(_ words: [String]) -> Link {
        var name = words[0].hasSuffix(":") ? String(words[0].dropLast()) : words[0]
        var peer: String?
        if let at = name.firstIndex(of: "@") {
            peer = String(name[name.index(after: at)...])
            name = String(name[..<at])
        }
        var link = Link(index: nil, name: name, peer: peer)
        guard words[1].hasPrefix("flags=") else { return link }
        let flagText = words[1]
        if let open = flagText.firstIndex(of: "<"), let close = flagText.lastIndex(of: ">"), open < close {
            link.flags = ipFlags(flagText[flagText.index(after: open)..<close].split(separator: ",").map(String.init))
        }
        if let mtuIndex = words.firstIndex(of: "mtu"), mtuIndex + 1 < words.count {
            link.mtu = IPSyntax.decimal(words[mtuIndex + 1])
        }
        return link
    }

    /// ifconfig's flag names as `ip` prints them: `RUNNING` is `LOWER_UP`; `NOTRAILERS` and `RUNNING` have no
    /// other `ip` name.
    static func ipFlags(_ flags: [String]) -> [String] {
        var out: [String] = []
        for flag in flags where flag != "NOTRAILERS" {
            out.append(flag == "RUNNING" ? "LOWER_UP" : flag)
        }
        return out
    }

    /// `Link encap:Ethernet  HWaddr 00:15:5d:01:77:fa` / `Link encap:Local Loopback`.
    static func oldLinkLine(_ words: [String], into link: inout Link) {
        let encap = words[2].dropFirst("encap:".count)
        switch encap {
        case "Ethernet": link.linkType = "ether"
        case "Local": link.linkType = "loopback"; link.mac = "00:00:00:00:00:00"
        case "UNSPEC": link.linkType = "none"
        default: link.linkType = encap.isEmpty ? nil : String(encap).lowercased()
        }
        if let hw = words.firstIndex(of: "HWaddr"), hw + 1 < words.count {
            let mac = words[hw + 1].lowercased()
            if IPSyntax.isLinkLayerAddress(mac, octets: 6) { link.mac = mac }
        }
    }

    /// `ether 00:15:5d:01:77:fa  txqueuelen 1000  (Ethernet)`, `loop  txqueuelen 1000  (Local Loopback)`.
    static func linkType(_ words: [String], into link: inout Link) {
        switch words[0] {
        case "ether":
            link.linkType = "ether"
            if words.count > 1, IPSyntax.isLinkLayerAddress(words[1].lowercased(), octets: 6) { link.mac = words[1].lowercased() }
        case "loop":
            link.linkType = "loopback"
            link.mac = "00:00:00:00:00:00"
        case "unspec": link.linkType = "none"
        default: link.linkType = words[0]
        }
    }

    /// `UP BROADCAST RUNNING MULTICAST  MTU:1500  Metric:1` (old form).
    static func isOldFlagsLine(_ words: [String]) -> Bool {
        words.contains { $0.hasPrefix("MTU:") } && words.allSatisfy { word in
            word.hasPrefix("MTU:") || word.hasPrefix("Metric:") || word.allSatisfy { $0.isUppercase || $0 == "_" }
        }
    }

    static func oldFlags(_ words: [String], into link: inout Link) {
        link.flags = ipFlags(words.filter { !$0.contains(":") })
        if let mtu = words.first(where: { $0.hasPrefix("MTU:") }) { link.mtu = IPSyntax.decimal(String(mtu.dropFirst(4))) }
    }

    /// `inet 172.23.240.213  netmask 255.255.240.0  broadcast ...`, `inet6 fe80::1  prefixlen 64  scopeid 0x20<link>`,
    /// `inet addr:172.23.240.213  Bcast:...  Mask:255.255.240.0`, `inet6 addr: fe80::1/64 Scope:Link`.
    static func address(
        _ words: [String], interface: String, line: Int, last: Bool, diagnostics: inout SectionDiagnostics
    ) -> InterfaceAddress? {
        let family: AddressFamily = words[0] == "inet6" ? .inet6 : .inet
        var rest = Array(words.dropFirst())
        if rest.first == "addr:" { rest.removeFirst() }
        guard var text = rest.first else {
            diagnostics.warn(line: line, "'\(words[0])' without an address" + (last ? " (the paste looks cut off here)" : ""))
            return nil
        }
        if text.hasPrefix("addr:") { text = String(text.dropFirst(5)) }
        guard let parsed = IPSyntax.prefix(text), parsed.family == family else {
            diagnostics.warn(line: line, "'\(text)' is not an \(family.rawValue) address")
            return nil
        }
        var length = parsed.length
        var scope: String?
        var index = 1
        while index < rest.count {
            let word = rest[index]
            let next = index + 1 < rest.count ? rest[index + 1] : nil
            if word == "netmask", let next { length = maskLength(next); index += 1 }
            else if word.hasPrefix("Mask:") { length = maskLength(String(word.dropFirst(5))) }
            else if word == "prefixlen", let next { length = IPSyntax.decimal(next); index += 1 }
            else if word == "scopeid", let next {
                if let open = next.firstIndex(of: "<"), next.hasSuffix(">") {
                    scope = String(next[next.index(after: open)...].dropLast())
                }
                index += 1
            } else if word.hasPrefix("Scope:") { scope = String(word.dropFirst(6)).lowercased() }
            index += 1
        }
        if family == .inet, length == nil { length = 32 }
        guard let prefixLength = length, prefixLength <= IPSyntax.maxLength(family) else {
            diagnostics.warn(line: line, "address \(parsed.address) without a valid netmask or prefix length")
            return nil
        }
        // WSL1 prints `scopeid 0xfe<compat,link,site,host>` (every scope at once; no Linux kernel does): `::1`
        // then reads as WSL1's `ip` prints it (`scope global`), other addresses get their own scope.
        if let text = scope, text.contains(",") || text == "compat" {
            scope = IPAddress(parsed.address) == .loopbackV6 ? "global" : nil
        }
        if family == .inet || scope == nil {
            scope = IPBriefTextParser.scope(parsed.address)
        }
        let base = String(interface.prefix(while: { $0 != ":" }))
        return InterfaceAddress(interface: base, family: family, local: parsed.address, prefixLength: prefixLength,
                                scope: scope, label: base == interface ? nil : interface, flags: [])
    }

    /// `255.255.240.0` to 20; `nil` unless a contiguous IPv4 mask.
    static func maskLength(_ text: String) -> Int? {
        guard let mask = IPv4(text) else { return nil }
        let ones = mask.value.nonzeroBitCount
        let expected: UInt32 = ones == 0 ? 0 : ~UInt32(0) << (32 - UInt32(ones))
        return mask.value == expected ? ones : nil
    }
}
