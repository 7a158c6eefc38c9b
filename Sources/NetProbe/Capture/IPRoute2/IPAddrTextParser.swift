/// Links and addresses read from one `ip-addr` or `ip-link` section.
struct IPAddrParse: Sendable, Equatable {
    var links: [Link] = []
    var addresses: [InterfaceAddress] = []
    /// At least one link header (`2: eth0: <...>` or an `ip -j` link object) was read.
    var sawLink = false
    /// At least one address was read, or the output shows where addresses would be (`addr_info`).
    var sawAddresses = false
    /// The section had content other than blank and prompt lines.
    var hadContent = false
    /// Whether the output would show addresses if there were any (not so for `ip link` / `ip -j link`).
    var addressesListed = true
}

/// Parses the text output of `ip addr` / `ip a` / `ip addr show DEV` / `ip link` (also `ip -o`) into links and
/// addresses.
///
/// Tolerates prompts, `eth0@if6` and `@NONE` names, `altname`, `permaddr`, `link-netnsid`, `proto kernel_lo`,
/// address lines without a link header (the interface then comes from the trailing IPv4 label), collapsed
/// newlines and a cut-off last line. Every line it cannot use is a warning with its line number.
enum IPAddrTextParser {
    static let addressFlags: Set<String> = [
        "secondary", "temporary", "nodad", "optimistic", "dadfailed", "home", "deprecated", "tentative",
        "permanent", "mngtmpaddr", "noprefixroute", "autojoin", "stable-privacy", "dynamic",
    ]
    /// Address keywords followed by a value.
    static let addressKeys: Set<String> = ["brd", "peer", "scope", "proto", "metric", "any", "mcast", "flags", "label"]
    /// Link header keywords followed by a value.
    static let headerKeys: Set<String> = [
        "mtu", "qdisc", "master", "state", "mode", "group", "qlen", "link-netnsid", "link-netns", "netns",
        "event", "alias", "protodown", "protodown_reason",
    ]
    static let linkLineKeys: Set<String> = ["brd", "permaddr", "link-netnsid", "link-netns", "peer"]
    /// Words that start the `ip -d` details at the end of a `link/` line; the rest of the line is ignored.
    static let detailWords: Set<String> = ["promiscuity", "allmulti", "minmtu", "maxmtu", "addrgenmode", "numtxqueues"]
    static let scopes: Set<String> = ["host", "link", "global", "site", "nowhere", "universe"]

    static func parse(_ items: [IPTextItem], diagnostics: inout SectionDiagnostics) -> IPAddrParse {
        var result = IPAddrParse()
        /// Index into `result.links` of the link the following lines belong to.
        var currentLink: Int?
        /// Name of the interface the following address lines belong to.
        var currentName: String?
        // Positions in `result.links`, so a link is found in constant time (the parse stays linear).
        var linkPositions: [LinkKey: Int] = [:]
        var firstByName: [String: Int] = [:]
        for piece in IPTextScanner.pieces(items, startsRecord: startsRecord) {
            switch piece {
            case .command(let command, _):
                if command.object == "link" { result.addressesListed = false }
                currentLink = nil
                currentName = nil
            case .record(let record):
                result.hadContent = true
                let first = record.words[0]
                if isLinkHeader(record.words, 0) {
                    currentName = nil
                    currentLink = nil
                    if let link = header(record, diagnostics: &diagnostics) {
                        currentName = link.name
                        result.sawLink = true
                        let key = LinkKey(name: link.name, index: link.index)
                        if let existing = linkPositions[key] {
                            currentLink = existing
                        } else {
                            result.links.append(link)
                            currentLink = result.links.count - 1
                            linkPositions[key] = currentLink
                            if firstByName[link.name] == nil { firstByName[link.name] = currentLink }
                        }
                    }
                } else if first.hasPrefix("link/") {
                    if let index = currentLink {
                        linkLine(record, into: &result.links[index], diagnostics: &diagnostics)
                    } else {
                        diagnostics.warn(line: record.line, "'\(first)' line without a link header before it; ignored")
                    }
                } else if first == "inet" || first == "inet6" {
                    result.sawAddresses = true
                    if let address = address(record, currentName: currentName, diagnostics: &diagnostics) {
                        result.addresses.append(address)
                    }
                } else if first == "valid_lft" || first == "altname" || first == "\\" {
                    continue
                } else if isOnelinePrefix(record.words) {
                    currentName = record.words[1]
                    currentLink = firstByName[record.words[1]]
                } else {
                    diagnostics.warn(line: record.line, "not `ip addr` output: \(preview(record.words))")
                }
            }
        }
        return result
    }

    private struct LinkKey: Hashable {
        var name: String
        var index: Int?
    }

    /// `N: name:` (a link header) or `inet`, `inet6`, `link/...`, `valid_lft`, `altname`, `\`.
    static func startsRecord(_ words: [String], _ index: Int) -> Bool {
        let word = words[index]
        if word == "inet" || word == "inet6" || word.hasPrefix("link/") || word == "valid_lft" || word == "altname" {
            // `inet6` inside `via inet6` or `-f inet6` is not a record start.
            return index == 0 || !["via", "-f", "-family", "family"].contains(words[index - 1])
        }
        if word == "\\" { return true }
        if isLinkHeader(words, index) { return true }
        // `ip -o addr` prefix `2: eth0` (no colon after the name) before `inet`.
        return index + 2 < words.count && isIndexWord(word) && ["inet", "inet6"].contains(words[index + 2])
    }

    static func isLinkHeader(_ words: [String], _ index: Int) -> Bool {
        guard index + 1 < words.count, isIndexWord(words[index]) else { return false }
        let name = words[index + 1]
        return name.count > 1 && name.hasSuffix(":")
    }

    static func isIndexWord(_ word: String) -> Bool {
        word.count > 1 && word.hasSuffix(":") && IPSyntax.decimal(String(word.dropLast())) != nil
    }

    static func isOnelinePrefix(_ words: [String]) -> Bool {
        words.count == 2 && isIndexWord(words[0])
    }

    /// `2: eth0@if6: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000`
    static func header(_ record: IPTextRecord, diagnostics: inout SectionDiagnostics) -> Link? {
        let words = record.words
        let index = IPSyntax.decimal(String(words[0].dropLast()))
        var nameWord = String(words[1].dropLast())
        var peer: String?
        if let at = nameWord.firstIndex(of: "@") {
            peer = String(nameWord[nameWord.index(after: at)...])
            nameWord = String(nameWord[..<at])
        }
        guard !nameWord.isEmpty else {
            diagnostics.warn(line: record.line, "link header without an interface name: \(preview(words))")
            return nil
        }
        var link = Link(index: index, name: nameWord, peer: peer)
        var position = 2
        if position < words.count, words[position].hasPrefix("<") {
            let flagsWord = words[position]
            guard flagsWord.hasSuffix(">"), flagsWord.count >= 2 else {
                diagnostics.warn(line: record.line, IPTextScanner.incomplete("link flags of \(nameWord) not closed by '>'", record))
                return nil
            }
            link.flags = flagsWord.dropFirst().dropLast().split(separator: ",").map(String.init)
            position += 1
        } else {
            diagnostics.warn(line: record.line, IPTextScanner.incomplete("link header of \(nameWord) has no <FLAGS>", record))
            return nil
        }
        while position < words.count {
            let key = words[position]
            guard headerKeys.contains(key) else {
                diagnostics.warn(line: record.line, "unknown word '\(key)' in the link header of \(nameWord); ignored")
                position += 1
                continue
            }
            guard position + 1 < words.count else {
                diagnostics.warn(line: record.line, IPTextScanner.incomplete("'\(key)' without a value in the link header of \(nameWord)", record))
                break
            }
            let value = words[position + 1]
            switch key {
            case "mtu":
                if let mtu = IPSyntax.decimal(value) { link.mtu = mtu } else {
                    diagnostics.warn(line: record.line, "mtu '\(value)' of \(nameWord) is not a number")
                }
            case "state": link.operState = value
            default: break
            }
            position += 2
        }
        return link
    }

    /// `link/ether 00:15:5d:45:a2:ee brd ff:ff:ff:ff:ff:ff [permaddr ...] [link-netnsid 0]`
    static func linkLine(_ record: IPTextRecord, into link: inout Link, diagnostics: inout SectionDiagnostics) {
        let words = record.words
        let type = String(words[0].dropFirst("link/".count))
        link.linkType = type.isEmpty ? nil : type
        var position = 1
        if position < words.count, !linkLineKeys.contains(words[position]), !detailWords.contains(words[position]) {
            let address = words[position].lowercased()
            if ["ether", "loopback"].contains(type), !IPSyntax.isLinkLayerAddress(address, octets: 6) {
                diagnostics.warn(line: record.line, IPTextScanner.incomplete("'\(words[position])' is not a MAC address", record))
            } else {
                link.mac = address
            }
            position += 1
        } else if ["ether", "loopback"].contains(type) {
            diagnostics.warn(line: record.line, IPTextScanner.incomplete("link/\(type) without an address", record))
        }
        while position < words.count {
            let key = words[position]
            if detailWords.contains(key) { return }
            guard linkLineKeys.contains(key) else {
                diagnostics.warn(line: record.line, "unknown word '\(key)' on the link/ line of \(link.name); ignored")
                position += 1
                continue
            }
            if position + 1 >= words.count {
                diagnostics.warn(line: record.line, IPTextScanner.incomplete("'\(key)' without a value on the link/ line of \(link.name)", record))
            }
            position += 2
        }
    }

    /// `inet 172.20.153.142/20 brd 172.20.159.255 scope global eth0` or
    /// `inet6 fe80::1d2c:8a41:77b0:93e1/64 scope link nodad noprefixroute`.
    static func address(
        _ record: IPTextRecord, currentName: String?, diagnostics: inout SectionDiagnostics
    ) -> InterfaceAddress? {
        let words = record.words
        let family: AddressFamily = words[0] == "inet6" ? .inet6 : .inet
        guard words.count >= 2 else {
            diagnostics.warn(line: record.line, IPTextScanner.incomplete("'\(words[0])' without an address", record))
            return nil
        }
        guard let local = IPSyntax.prefix(words[1]), local.family == family else {
            diagnostics.warn(line: record.line, IPTextScanner.incomplete("'\(words[1])' is not an \(family.rawValue) address", record))
            return nil
        }
        var prefixLength = local.length
        var scope: String?
        var flags: [String] = []
        var label: String?
        var position = 2
        while position < words.count {
            let word = words[position]
            if addressFlags.contains(word) {
                flags.append(word)
                position += 1
                continue
            }
            if addressKeys.contains(word) {
                guard position + 1 < words.count else {
                    diagnostics.warn(line: record.line, IPTextScanner.incomplete("'\(word)' without a value", record))
                    break
                }
                let value = words[position + 1]
                switch word {
                case "scope":
                    scope = value
                    if !scopes.contains(value), IPSyntax.decimal(value) == nil {
                        diagnostics.warn(line: record.line, IPTextScanner.incomplete("unknown scope '\(value)'", record))
                    }
                case "peer":
                    if prefixLength == nil, let peer = IPSyntax.prefix(value) { prefixLength = peer.length }
                case "label": label = value
                default: break
                }
                position += 2
                continue
            }
            if family == .inet && position == words.count - 1 {
                // `ip -o` glues its line-continuation backslash to the label.
                label = word.hasSuffix("\\") && word.count > 1 ? String(word.dropLast()) : word
            } else {
                diagnostics.warn(line: record.line, "unknown word '\(word)' in an address line; ignored")
            }
            position += 1
        }
        guard let length = prefixLength else {
            diagnostics.warn(line: record.line, IPTextScanner.incomplete("address \(local.address) without a prefix length", record))
            return nil
        }
        var interface = currentName
        if let label {
            let base = String(label.prefix(while: { $0 != ":" }))
            if interface != base && !base.isEmpty { interface = base }
        }
        return InterfaceAddress(
            interface: interface, family: family, local: local.address, prefixLength: length, scope: scope,
            label: label == interface ? nil : label, flags: flags
        )
    }

    static func preview(_ words: [String]) -> String {
        let text = words.prefix(8).joined(separator: " ")
        return words.count > 8 ? text + " ..." : text
    }
}
