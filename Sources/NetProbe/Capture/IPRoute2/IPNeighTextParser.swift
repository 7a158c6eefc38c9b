/// Parses the text output of `ip neigh` into neighbour entries
/// (`169.254.73.249 dev loopback0 lladdr 00:11:22:33:44:55 PERMANENT`).
///
/// A new entry starts at every address that stands where an option should, which also undoes collapsed
/// newlines. Flags such as `router` and `proxy` are not kept.
enum IPNeighTextParser {
    static let states: Set<String> = [
        "PERMANENT", "NOARP", "REACHABLE", "STALE", "NONE", "INCOMPLETE", "DELAY", "PROBE", "FAILED",
    ]
    static let ignoredFlags: Set<String> = ["router", "proxy", "extern_learn", "offload", "managed", "extern_valid", "self", "master"]
    static let valueKeys: Set<String> = ["dev", "lladdr", "proto", "probes", "used", "nud", "vni", "port", "vlan", "via", "nhid", "src_vni", "to"]

    static func parse(_ items: [IPTextItem], diagnostics: inout SectionDiagnostics) -> IPListParse<Neighbour> {
        var result = IPListParse<Neighbour>()
        for piece in IPTextScanner.pieces(items, startsRecord: startsEntry, splitRecords: false) {
            guard case .record(let record) = piece else { continue }
            result.hadContent = true
            var position = 0
            while position < record.words.count {
                guard let entry = entry(record, from: &position, diagnostics: &diagnostics) else { break }
                result.items.append(entry)
            }
        }
        return result
    }

    static func startsEntry(_ words: [String], _ index: Int) -> Bool {
        if index > 0, valueKeys.contains(words[index - 1]) { return false }
        return IPSyntax.family(ofAddress: words[index]) != nil
    }

    static func entry(_ record: IPTextRecord, from position: inout Int, diagnostics: inout SectionDiagnostics) -> Neighbour? {
        let words = record.words
        let destination = words[position]
        guard IPSyntax.family(ofAddress: destination) != nil else {
            diagnostics.warn(line: record.line, IPTextScanner.incomplete(
                "not `ip neigh` output: \(IPAddrTextParser.preview(Array(words[position...])))", record))
            return nil
        }
        var neighbour = Neighbour(destination: destination)
        position += 1
        while position < words.count {
            let word = words[position]
            if startsEntry(words, position) { break }
            if states.contains(word) {
                neighbour.state.append(word)
                position += 1
                continue
            }
            if ignoredFlags.contains(word) {
                position += 1
                continue
            }
            guard valueKeys.contains(word) else {
                diagnostics.warn(line: record.line, "unknown word '\(word)' in the neighbour entry of \(destination); ignored")
                position += 1
                continue
            }
            guard position + 1 < words.count else {
                diagnostics.warn(line: record.line, IPTextScanner.incomplete("'\(word)' without a value in the neighbour entry of \(destination)", record))
                position += 1
                break
            }
            let value = words[position + 1]
            switch word {
            case "dev": neighbour.device = value
            case "lladdr":
                let mac = value.lowercased()
                if IPSyntax.isLinkLayerAddress(mac) || IPSyntax.family(ofAddress: mac) != nil {
                    neighbour.lladdr = mac
                } else {
                    diagnostics.warn(line: record.line, IPTextScanner.incomplete("lladdr '\(value)' of \(destination) is not a link-layer address", record))
                }
            default: break
            }
            position += 2
        }
        return neighbour
    }
}
