/// Pasted supervisor and gateway lines as entries of the `journal` capture section, so they reach
/// `supervisor.journal` like a live journal does: `journalctl`'s text forms as journald's records, a log file's or a
/// terminal's lines as log lines (`JournalSource.logLines`: the check never calls them journal entries). Pure; never
/// fails (a line that is not a log line gives no entry).
///
/// Forms read, one line each:
/// - `journalctl -o json`: the object itself (`SupervisorSections.entry`);
/// - `journalctl` (`-o short`, also `systemctl status`'s log lines): `Apr 27 10:55:10 HOST IDENT[PID]: MESSAGE`;
/// - `journalctl -o short-iso` / `short-iso-precise`: `2026-04-27T10:55:10+0200 HOST IDENT[PID]: MESSAGE`;
/// - `journalctl -o cat` and bare gateway lines: the whole line is the `MESSAGE`.
/// `IDENT[PID]` becomes `SYSLOG_IDENTIFIER` and `_PID` (and `_COMM`); a `systemd` line naming `UNIT: ...` gets `UNIT`, as
/// journald records the manager's lines about a unit. `-- Boot ... --`, `-- No entries --` and blank lines are
/// skipped. No timestamp is kept (the short form has no year).
public enum JournalTextLines {
    static let months: Set<String> = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    public static func entry(_ line: String) -> JournalEntry? {
        let trimmed = Tokenizer.trimmed(line)
        guard !trimmed.isEmpty, !(trimmed.hasPrefix("-- ") && trimmed.hasSuffix(" --")) else { return nil }
        if trimmed.hasPrefix("{"), let value = JSONValue.parse(Array(trimmed.utf8)), value.isObject {
            return SupervisorSections.entry(value)
        }
        let words = Tokenizer.words(trimmed)
        var identIndex: Int?
        if words.count >= 5, months.contains(words[0]), Int(words[1]) != nil, isClock(words[2]) {
            identIndex = 4
        } else if words.count >= 3, isISOTime(words[0]), isHost(words[1]) {
            identIndex = 2
        }
        if let at = identIndex, let (ident, pid) = identifier(words[at]) {
            let message = rest(of: trimmed, afterWords: at + 1)
            var fields: [String: String] = ["SYSLOG_IDENTIFIER": ident, "_COMM": ident, "MESSAGE": message]
            if let pid { fields["_PID"] = String(pid) }
            if ident == "systemd", let colon = message.firstIndex(of: ":") {
                let unit = String(message[..<colon])
                if unit.hasSuffix(".service"), !unit.contains(" ") { fields["UNIT"] = unit }
            }
            return JournalEntry(fields: fields)
        }
        return JournalEntry(fields: ["MESSAGE": trimmed])
    }

    /// The entries of pasted lines, as the `journal` section's JSON lines (one query line of unknown scope, for
    /// `unit` when the command named one, and its `source` when the lines are a log's, then one entry a line),
    /// numbered as in the input.
    static func sectionLines(_ lines: [SourceLine], unit: String?, source: JournalSource = .journal) -> [SourceLine] {
        var out: [SourceLine] = []
        for line in lines {
            guard let entry = entry(line.text) else { continue }
            out.append(SourceLine(number: line.number, text: JSONValue.object(entry.fields.mapValues { .string($0) }).text))
        }
        guard let first = out.first else { return [] }
        var query: [String: JSONValue] = ["truncated": .bool(false)]
        if let unit { query["unit"] = .string(unit) }
        if source != .journal { query["source"] = .string(source.rawValue) }
        return [SourceLine(number: first.number, text: JSONValue.object(["query": .object(query)]).text)] + out
    }

    /// `node[41017]:` -> (`node`, 41017); `systemd[1513]:`; `kernel:` -> (`kernel`, nil).
    static func identifier(_ word: String) -> (String, Int?)? {
        guard word.hasSuffix(":"), word.count > 1 else { return nil }
        let body = word.dropLast()
        if let open = body.firstIndex(of: "["), body.hasSuffix("]") {
            let name = String(body[..<open])
            let pid = Int(body[body.index(after: open)..<body.index(before: body.endIndex)])
            guard !name.isEmpty, pid != nil else { return nil }
            return (name, pid)
        }
        guard !body.contains("[") && !body.contains("]") else { return nil }
        return (String(body), nil)
    }

    /// Whether `word` can be the HOST field of a journal line: a host name is never a `[subsystem]` tag, so the
    /// gateway's own `2026-07-19T12:30:42.572+02:00 [gateway] service-mode: ...` is a log line, not `-o short-iso`.
    static func isHost(_ word: String) -> Bool {
        !word.hasPrefix("[") && !word.hasSuffix("]") && !word.hasSuffix(":")
    }

    /// `10:55:10`.
    static func isClock(_ word: String) -> Bool {
        let parts = word.split(separator: ":")
        return parts.count == 3 && parts.allSatisfy { $0.count == 2 && $0.allSatisfy(\.isNumber) }
    }

    /// `2026-04-27T10:55:10+0200`, `2026-04-27T10:55:10.402114+02:00`.
    static func isISOTime(_ word: String) -> Bool {
        let bytes = Array(word.utf8)
        guard bytes.count >= 19, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " "), bytes[13] == UInt8(ascii: ":") else { return false }
        return bytes[0..<4].allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// The text after the first `count` words (and the blanks after them), verbatim.
    static func rest(of line: String, afterWords count: Int) -> String {
        var index = line.startIndex
        for _ in 0..<count {
            while index < line.endIndex, line[index] == " " || line[index] == "\t" { index = line.index(after: index) }
            while index < line.endIndex, line[index] != " " && line[index] != "\t" { index = line.index(after: index) }
        }
        while index < line.endIndex, line[index] == " " || line[index] == "\t" { index = line.index(after: index) }
        return String(line[index...])
    }
}
