/// The shapes of Windows tool output pasted without the command that printed it, and whether a line outside a code
/// fence still belongs to such a block. By shape, never by the localised words (the English headings are one more
/// start, not the only one). Pure.
///
/// - `netstat -ano`: a row `TCP <addr>:<port> <addr>:<port> [<state>] <pid>` (a `findstr` excerpt has no header);
///   `-b` adds `[node.exe]` lines and indented service names under a row.
/// - `Get-NetTCPConnection`: its header (`LocalAddress LocalPort ...`, PowerShell's property names, never localised).
/// - `netsh ... show excludedportrange`: the two-dash-group rule under `Start Port End Port` (any language), rows of
///   two port numbers with an optional `*`, the `* - ...` legend.
/// - `netsh ... show dynamicportrange`: `Protocol tcp Dynamic Port Range`, `label : number` lines.
/// - `tasklist`: the `=====` rule under its header, a quoted CSV row (`"node.exe","4242",...`).
/// - `wsl -l -v`: `NAME STATE VERSION` rows, the default distribution marked `*`.
enum WindowsShapes {
    static func start(_ words: [String]) -> TriageBlockKind? {
        guard let first = words.first else { return nil }
        if isNetstatRow(words) || (first == "Proto" && words.count >= 4) || words == ["Active", "Connections"] {
            return .windowsNetstat
        }
        if first == "LocalAddress", words.contains("LocalPort") { return .getNetTCPConnection }
        if isDashRule(words, count: 2) || words == ["Start", "Port", "End", "Port"] { return .excludedPortRange }
        if first == "Protocol", words.count >= 4, words.joined(separator: " ").contains("Exclusion") { return .excludedPortRange }
        if first == "Protocol", words.count >= 4, words.joined(separator: " ").contains("Dynamic Port Range") {
            return .dynamicPortRange
        }
        if isEqualsRule(words) || isTasklistCSV(first) { return .tasklist }
        if words.count >= 3, words[0] == "NAME", words[1] == "STATE", words[2] == "VERSION" { return .wslList }
        return nil
    }

    static func continues(_ kind: TriageBlockKind, words: [String], indented: Bool) -> Bool {
        let first = words[0]
        switch kind {
        case .windowsNetstat:
            return indented || isNetstatRow(words) || first == "Proto" || first.hasPrefix("[") || first.uppercased() == "UDP"
        case .getNetTCPConnection:
            return isDashRule(words, count: words.count) || (words.count >= 5 && words[1].allSatisfy(\.isNumber))
        case .excludedPortRange:
            return isDashRule(words, count: 2) || isRangeRow(words) || first == "*" || words == ["Start", "Port", "End", "Port"]
        case .dynamicPortRange:
            return isDashRule(words, count: 1) || words.contains(":") || words.contains { $0.hasSuffix(":") }
        case .tasklist:
            // The header names `PID` in every language Windows ships.
            return isEqualsRule(words) || isTasklistCSV(first) || words.contains("PID")
                || words.contains { !$0.isEmpty && $0.allSatisfy(\.isNumber) }
        case .wslList:
            return words.count >= 3 && (words.last == "1" || words.last == "2")
        default:
            return true
        }
    }

    /// `TCP 127.0.0.1:18789 0.0.0.0:0 LISTENING 4242`, `UDP 0.0.0.0:5353 *:* 1234`.
    static func isNetstatRow(_ words: [String]) -> Bool {
        guard words.count >= 4, words[0] == "TCP" || words[0] == "UDP" else { return false }
        return words[1].contains(":") && words[2].contains(":")
    }

    /// `----------    --------`: `count` groups of dashes (any count when `count` is the word count).
    static func isDashRule(_ words: [String], count: Int) -> Bool {
        words.count == count && words.allSatisfy { $0.count >= 3 && $0.allSatisfy { $0 == "-" } }
    }

    static func isEqualsRule(_ words: [String]) -> Bool {
        words.count >= 3 && words.allSatisfy { $0.count >= 3 && $0.allSatisfy { $0 == "=" } }
    }

    static func isTasklistCSV(_ first: String) -> Bool {
        first.hasPrefix("\"") && first.contains("\",\"")
    }

    /// `18780 18879` or `50000 50059 *`.
    static func isRangeRow(_ words: [String]) -> Bool {
        guard words.count == 2 || (words.count == 3 && words[2] == "*") else { return false }
        return words[0].allSatisfy { $0.isASCII && $0.isNumber } && words[1].allSatisfy { $0.isASCII && $0.isNumber }
    }
}
