/// Reads `ip -j rule` output (`priority`, `src`/`srclen`, `dst`/`dstlen`, `iif`, `oif`, `ipproto`, `sport`,
/// `dport` or their `_start`/`_end` ranges, `fwmark`/`fwmask`, `table`, `action`, `goto`, `nop`, `not`).
enum IPRuleJSONParser {
    static func parse(
        _ input: IPJSONInput, family: AddressFamily, diagnostics: inout SectionDiagnostics
    ) -> IPListParse<Rule> {
        var result = IPListParse<Rule>()
        result.hadContent = input.hasContent
        let sectionFamily = input.command?.family ?? family
        for entry in input.elements {
            if let rule = rule(entry, family: sectionFamily, input: input, diagnostics: &diagnostics) {
                result.items.append(rule)
            }
        }
        return result
    }

    static func rule(
        _ entry: JSONNode, family: AddressFamily, input: IPJSONInput, diagnostics: inout SectionDiagnostics
    ) -> Rule? {
        let line = input.fileLine(entry)
        guard entry.members != nil else {
            diagnostics.warn(line: line, "`ip -j rule` entry is not an object; ignored")
            return nil
        }
        guard let priority = entry["priority"]?.int else {
            diagnostics.warn(line: line, "rule without a numeric 'priority'; ignored")
            return nil
        }
        if entry["not"] != nil {
            diagnostics.warn(line: line, "rule \(priority) is inverted ('not'), which NetProbe's rule model cannot express; rule skipped")
            return nil
        }
        var rule = Rule(
            family: entry["family"]?.string.flatMap(AddressFamily.init(rawValue:)) ?? family, priority: priority)
        rule.source = selector(entry, "src", "srclen")
        rule.destination = selector(entry, "dst", "dstlen")
        rule.inputInterface = entry["iif"]?.string
        rule.outputInterface = entry["oif"]?.string
        rule.ipProto = entry["ipproto"]?.text
        rule.sourcePort = port(entry, "sport")
        rule.destinationPort = port(entry, "dport")
        if let mark = entry["fwmark"]?.text {
            rule.fwmark = entry["fwmask"]?.text.map { "\(mark)/\($0)" } ?? mark
        }
        if let tableNode = entry["table"] {
            guard let name = tableNode.text, let id = RouteTable.id(name) else {
                diagnostics.warn(line: line, "rule \(priority) looks up table '\(tableNode.text ?? "?")', which is neither a number nor local/main/default; rule skipped")
                return nil
            }
            rule.table = id
        }
        if let action = entry["action"]?.string {
            rule.action = action
        } else if entry["goto"] != nil {
            rule.action = "goto"
        } else if entry["nop"] != nil {
            rule.action = "nop"
        } else if entry["l3mdev"] != nil {
            rule.action = "l3mdev"
        }
        return rule
    }

    /// `src` + `srclen` as printed by `ip rule` (`10.0.0.0/8`); `all` is `nil`.
    static func selector(_ entry: JSONNode, _ key: String, _ lengthKey: String) -> String? {
        guard let value = entry[key]?.text, value != "all" else { return nil }
        if let length = entry[lengthKey]?.text { return "\(value)/\(length)" }
        return value
    }

    /// `dport` (a number or string) or `dport_start`-`dport_end`.
    static func port(_ entry: JSONNode, _ key: String) -> String? {
        if let value = entry[key]?.text { return value }
        if let start = entry[key + "_start"]?.text, let end = entry[key + "_end"]?.text { return "\(start)-\(end)" }
        return nil
    }
}
