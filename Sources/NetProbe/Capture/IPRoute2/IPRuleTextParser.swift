/// Parses the text output of `ip rule` / `ip -6 rule` into rules.
///
/// `lookup local|main|default` become 255/254/253, `lookup 127` stays 127; `blackhole`, `unreachable`,
/// `prohibit`, `goto N` and `nop` are actions. A rule with `not` (an inverted selector) cannot be expressed
/// in `Rule` and is skipped with a warning rather than read as its opposite. Rules whose newlines were
/// collapsed are split before each `N:` priority.
enum IPRuleTextParser {
    static let actions: Set<String> = ["blackhole", "unreachable", "prohibit", "throw", "nat", "nop", "unicast"]
    /// Selectors and options followed by a value that `Rule` does not keep.
    static let ignoredValueKeys: Set<String> = [
        "tos", "dsfield", "dscp", "flowlabel", "uidrange", "tun_id", "suppress_prefixlength", "suppress_ifgroup",
        "realms", "proto", "map-to", "protocol",
    ]
    static let ignoredFlags: Set<String> = ["[detached]", "[unresolved]", "masquerade"]
    static let valueKeys: Set<String> = ["from", "to", "fwmark", "iif", "oif", "lookup", "table", "ipproto", "sport", "dport", "goto"]

    static func parse(
        _ items: [IPTextItem], family: AddressFamily, diagnostics: inout SectionDiagnostics
    ) -> IPListParse<Rule> {
        var result = IPListParse<Rule>()
        var currentFamily = family
        for piece in IPTextScanner.pieces(items, startsRecord: { words, index in IPAddrTextParser.isIndexWord(words[index]) }) {
            switch piece {
            case .command(let command, _):
                if let pasted = command.family { currentFamily = pasted }
            case .record(let record):
                result.hadContent = true
                if let rule = rule(record, family: currentFamily, diagnostics: &diagnostics) {
                    result.items.append(rule)
                }
            }
        }
        return result
    }

    /// `0:\tfrom all iif loopback0 ipproto tcp lookup local`
    static func rule(_ record: IPTextRecord, family: AddressFamily, diagnostics: inout SectionDiagnostics) -> Rule? {
        let words = record.words
        guard IPAddrTextParser.isIndexWord(words[0]), let priority = IPSyntax.decimal(String(words[0].dropLast())) else {
            diagnostics.warn(line: record.line, "not `ip rule` output (no `N:` priority): \(IPAddrTextParser.preview(words))")
            return nil
        }
        var rule = Rule(family: family, priority: priority)
        var inverted = false
        var sawSelector = false
        var position = 1
        while position < words.count {
            let word = words[position]
            if word == "not" {
                inverted = true
                position += 1
                continue
            }
            if ignoredFlags.contains(word) {
                position += 1
                continue
            }
            if actions.contains(word) {
                rule.action = word
                position += 1
                continue
            }
            let takesValue = valueKeys.contains(word) || ignoredValueKeys.contains(word)
            guard takesValue else {
                diagnostics.warn(line: record.line, "unknown word '\(word)' in rule \(priority); ignored")
                position += 1
                continue
            }
            guard position + 1 < words.count else {
                diagnostics.warn(line: record.line, IPTextScanner.incomplete("'\(word)' without a value in rule \(priority)", record))
                if !sawSelector { return nil }
                break
            }
            let value = words[position + 1]
            sawSelector = true
            switch word {
            case "from": rule.source = value == "all" ? nil : value
            case "to": rule.destination = value == "all" ? nil : value
            case "fwmark": rule.fwmark = value
            case "iif": rule.inputInterface = value
            case "oif": rule.outputInterface = value
            case "ipproto": rule.ipProto = value
            case "sport": rule.sourcePort = value
            case "dport": rule.destinationPort = value
            case "goto": rule.action = "goto"
            case "lookup", "table":
                if value == "[l3mdev-table]" {
                    rule.action = "l3mdev"
                } else if let table = RouteTable.id(value) {
                    rule.table = table
                } else {
                    diagnostics.warn(line: record.line, "rule \(priority) looks up table '\(value)', which is neither a number nor local/main/default; rule skipped")
                    return nil
                }
            default: break
            }
            position += 2
        }
        if inverted {
            diagnostics.warn(line: record.line, "rule \(priority) is inverted ('not'), which NetProbe's rule model cannot express; rule skipped")
            return nil
        }
        return rule
    }
}
