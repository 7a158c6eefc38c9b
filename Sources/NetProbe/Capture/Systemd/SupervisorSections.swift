/// The parsers and writers of the capture sections `systemd-show` and `journal` (JSON lines), and of the live
/// outputs they come from (`systemctl show` `Key=Value` lines, `journalctl -o json` lines). Pure.
///
/// `systemd-show`: one JSON object a line, `{"scope":"user","unit":"openclaw-gateway.service","properties":{...}}`
/// or `{"scope":..,"unit":..,"skipped":"reason"}`.
/// `journal`: one JSON object a line. A `{"query":{"scope":..,"unit":..,"since":..,"skipped":..,"truncated":..}}`
/// line starts the entries of one query (`"source":"log-lines"` in it: pasted log lines, not journald's records); every other line is a journal entry as `journalctl -o json` prints it
/// (only `JournalEntry.keptFields` are kept), so pasted `journalctl -o json` output is a valid section too.
/// Blank lines and lines starting with `#` are skipped; any other line that is not a JSON object is a warning
/// naming its line, and the rest still counts.
public enum SupervisorSections {
    /// Longest line accepted (journald's own data threshold is 64 KiB per field).
    static let lineLimit = 256 * 1024

    // MARK: live outputs

    /// `systemctl show -p A,B UNIT` output: `Key=Value` lines (the value may be empty or hold `=`).
    public static func parseShowOutput(_ text: String) -> [String: String] {
        var properties: [String: String] = [:]
        for line in TextLines.split(text) {
            let trimmed = line.text.hasSuffix("\r") ? String(line.text.dropLast()) : line.text
            guard let equals = trimmed.firstIndex(of: "="), equals != trimmed.startIndex else { continue }
            properties[String(trimmed[..<equals])] = String(trimmed[trimmed.index(after: equals)...])
        }
        return properties
    }

    /// `systemctl show -p ... -- UNIT...` output for several units: one property block per unit, in the order the
    /// units were named, blocks separated by an empty line (`systemctl(1)`, `show`). A block is never empty
    /// (`LoadState` is always printed), so empty lines only separate.
    public static func parseShowBlocks(_ text: String) -> [[String: String]] {
        var blocks: [[String: String]] = []
        var current: [String] = []
        func flush() {
            if !current.isEmpty { blocks.append(parseShowOutput(current.joined(separator: "\n"))) }
            current = []
        }
        for line in TextLines.split(text) {
            let trimmed = line.text.hasSuffix("\r") ? String(line.text.dropLast()) : line.text
            if trimmed.isEmpty { flush() } else { current.append(trimmed) }
        }
        flush()
        return blocks
    }

    /// `journalctl -o json` output (one object a line) as entries; unparseable lines are counted, not fatal.
    public static func parseJournalOutput(_ text: String) -> (entries: [JournalEntry], unreadable: Int) {
        var entries: [JournalEntry] = []
        var unreadable = 0
        for line in TextLines.split(text) where !line.text.isEmpty {
            guard let object = object(line.text) else { unreadable += 1; continue }
            entries.append(entry(object))
        }
        return (entries, unreadable)
    }

    // MARK: capture sections

    static func parseShowSection(_ lines: [SourceLine], diagnostics: inout SectionDiagnostics) -> [SystemdUnitState] {
        var states: [SystemdUnitState] = []
        for line in lines where !isSkippable(line.text) {
            guard let object = object(line.text) else {
                diagnostics.warn(line: line.number, "not a JSON object on one line; skipped"); continue
            }
            guard let unit = object["unit"]?.stringValue, !unit.isEmpty else {
                diagnostics.warn(line: line.number, "no \"unit\"; skipped"); continue
            }
            let scope = object["scope"]?.stringValue.flatMap(SystemdScope.init(rawValue:))
            if scope == nil { diagnostics.warn(line: line.number, "unknown or missing \"scope\"; taken as user") }
            var properties: [String: String] = [:]
            if case .object(let values)? = object["properties"] {
                for (key, value) in values { if let text = scalarText(value) { properties[key] = text } }
            }
            states.append(SystemdUnitState(scope: scope ?? .user, unit: unit, properties: properties,
                                           skipped: object["skipped"]?.stringValue))
        }
        return states
    }

    static func parseJournalSection(_ lines: [SourceLine], diagnostics: inout SectionDiagnostics) -> [JournalQuery] {
        var queries: [JournalQuery] = []
        for line in lines where !isSkippable(line.text) {
            guard let object = object(line.text) else {
                diagnostics.warn(line: line.number, "not a JSON object on one line; skipped"); continue
            }
            if case .object(let q)? = object["query"] {
                let scopeText = q["scope"]?.stringValue
                let scope = scopeText.flatMap(SystemdScope.init(rawValue:))
                if scopeText != nil && scope == nil { diagnostics.warn(line: line.number, "unknown scope '\(scopeText ?? "")'") }
                var truncated = false
                if case .bool(let b)? = q["truncated"] { truncated = b }
                let sourceText = q["source"]?.stringValue
                let source = sourceText.flatMap(JournalSource.init(rawValue:))
                if sourceText != nil && source == nil { diagnostics.warn(line: line.number, "unknown source '\(sourceText ?? "")'; taken as journal") }
                queries.append(JournalQuery(scope: scope, unit: q["unit"]?.stringValue, since: q["since"]?.stringValue,
                                            skipped: q["skipped"]?.stringValue, truncated: truncated, source: source ?? .journal))
                continue
            }
            // Pasted `journalctl -o json` output has no query line: its entries form one query of unknown scope.
            if queries.isEmpty { queries.append(JournalQuery(scope: nil, unit: nil)) }
            queries[queries.count - 1].entries.append(entry(object))
        }
        return queries
    }

    /// The `systemd-show` section text (without the header), one object a line.
    static func writeShowSection(_ states: [SystemdUnitState]) -> [String] {
        states.map { s in
            var object: [String: JSONValue] = ["scope": .string(s.scope.rawValue), "unit": .string(s.unit)]
            if let skipped = s.skipped { object["skipped"] = .string(skipped) }
            if !s.properties.isEmpty { object["properties"] = .object(s.properties.mapValues { .string($0) }) }
            return JSONValue.object(object).text
        }
    }

    /// The `journal` section text (without the header): per query, its `query` line and its entries.
    static func writeJournalSection(_ queries: [JournalQuery]) -> [String] {
        var lines: [String] = []
        for q in queries {
            var query: [String: JSONValue] = ["truncated": .bool(q.truncated)]
            if let scope = q.scope { query["scope"] = .string(scope.rawValue) }
            if let unit = q.unit { query["unit"] = .string(unit) }
            if let since = q.since { query["since"] = .string(since) }
            if let skipped = q.skipped { query["skipped"] = .string(skipped) }
            if q.source != .journal { query["source"] = .string(q.source.rawValue) }
            lines.append(JSONValue.object(["query": .object(query)]).text)
            for e in q.entries { lines.append(JSONValue.object(e.fields.mapValues { .string($0) }).text) }
        }
        return lines
    }

    // MARK: pieces

    private static func isSkippable(_ line: String) -> Bool {
        let trimmed = Tokenizer.trimmed(line)
        return trimmed.isEmpty || trimmed.hasPrefix("#")
    }

    private static func object(_ line: String) -> JSONValue? {
        guard line.utf8.count <= lineLimit else { return nil }
        let trimmed = Tokenizer.trimmed(line)
        guard trimmed.hasPrefix("{"), let value = JSONValue.parse(Array(trimmed.utf8)), value.isObject else { return nil }
        return value
    }

    /// A journal entry from one `journalctl -o json` object: kept fields only; a byte-array value (journald prints
    /// non-UTF-8 or control-character data so) is decoded as UTF-8; `null` (a field over the size threshold) is dropped;
    /// a repeated field (an array of values) keeps its last value.
    static func entry(_ object: JSONValue) -> JournalEntry {
        var fields: [String: String] = [:]
        for key in JournalEntry.keptFields {
            guard let value = object[key], let text = fieldText(value) else { continue }
            fields[key] = text
        }
        return JournalEntry(fields: fields)
    }

    private static func fieldText(_ value: JSONValue) -> String? {
        switch value {
        case .array(let items):
            if !items.isEmpty, items.allSatisfy({ if case .number = $0 { return true } else { return false } }) {
                let bytes = items.compactMap { $0.intValue }.filter { (0...255).contains($0) }.map { UInt8($0) }
                return String(decoding: bytes, as: UTF8.self)
            }
            return items.last.flatMap(fieldText)
        default:
            return scalarText(value)
        }
    }

    private static func scalarText(_ value: JSONValue) -> String? {
        switch value {
        case .string(let s): return s
        case .number(let n): return n.rounded() == n && abs(n) < 1e15 ? String(Int(n)) : String(n)
        case .bool(let b): return b ? "yes" : "no"
        default: return nil
        }
    }
}
