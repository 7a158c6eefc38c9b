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
/// - `wsl -l -v`: its header (`NAME STATE VERSION`, German `NAME STATUS VERSION`: `WslDistributionList.isHeader`) or a
///   row marked `*` (the default distribution); rows of name, state and version 1 or 2 continue it.
/// - plain `wsl -l`: its header (`Windows Subsystem for Linux Distributions:`) or a name with the default mark
///   (`Ubuntu (Default)`), in any of WSL's languages (`WslListNames`); names alone continue it.
/// - `wsl --status`: a `Default Distribution:` or `Default Version:` line in any language WSL ships (`WslStatusInfo`).
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
        if WslDistributionList.isHeader(words) { return .wslList }
        if first == "*", WslDistributionList.row(words.joined(separator: " "), line: 0, relaxed: false) != nil { return .wslList }
        if WslListNames.isHeader(words.joined(separator: " ")) || WslListNames.defaultName(words.joined(separator: " ")) != nil {
            return .wslListNames
        }
        if WslStatusInfo.isStatusLine(words.joined(separator: " ")) { return .wslStatus }
        if isLocalisedWslVersionLine(words) { return .wslVersion }
        if isIpconfigStart(words) { return .ipconfig }
        if isNetworkingKeyLine(words) { return .wslconfig }
        return nil
    }

    static func continues(_ kind: TriageBlockKind, words: [String], indented: Bool) -> Bool {
        let first = words[0]
        switch kind {
        case .windowsNetstat:
            // `-b`'s `[node.exe]` is one word alone on its line (a checked box `[x] WSL 2` is not).
            return indented || isNetstatRow(words) || first == "Proto" || (words.count == 1 && first.hasPrefix("[") && first.hasSuffix("]"))
                || first.uppercased() == "UDP"
        case .getNetTCPConnection:
            return isDashRule(words, count: words.count) || (words.count >= 5 && words[1].allSatisfy(\.isNumber))
        case .getProcessForPort:
            return isDashRule(words, count: words.count) || NetstatListeners.isProcessHeader(words[...].map { Substring($0) })
                || NetstatListeners.processRow(words.map { Substring($0) }) != nil
        case .excludedPortRange:
            return isDashRule(words, count: 2) || isRangeRow(words) || first == "*" || words == ["Start", "Port", "End", "Port"]
        case .dynamicPortRange:
            return isDashRule(words, count: 1) || words.contains(":") || words.contains { $0.hasSuffix(":") }
        case .tasklist:
            // The header names `PID` in every language Windows ships.
            return isEqualsRule(words) || isTasklistCSV(first) || words.contains("PID")
                || words.contains { !$0.isEmpty && $0.allSatisfy(\.isNumber) }
        case .ipconfig:
            // Blank lines between adapters do not end it; an indented property or an adapter heading continues it.
            return indented || isIpconfigStart(words)
        case .wslList:
            return WslDistributionList.row(words.joined(separator: " "), line: 0) != nil || WslDistributionList.isHeader(words)
        case .wslListNames:
            // A name alone, a name with the default mark, the header: `wsl -l` prints nothing else.
            return WslListNames.line(words.joined(separator: " ")) != nil
        default:
            return true
        }
    }

    /// `ipconfig`'s title (`Windows IP Configuration`, `Windows-IP-Konfiguration`, `Configuration IP de Windows`,
    /// `Configuración IP de Windows`, `Windows IP 配置`) or an adapter heading naming an adapter (`Ethernet adapter
    /// Ethernet:`, `Drahtlos-LAN-Adapter WLAN:`, `Adaptador de Ethernet Ethernet:`, `Carte Ethernet Ethernet :`,
    /// `以太网适配器 以太网:`).
    static func isIpconfigStart(_ words: [String]) -> Bool {
        let text = words.joined(separator: " ")
        if ipconfigTitles.contains(text) { return true }
        guard IpconfigAdapters.heading(text) != nil else { return false }
        let lowered = text.lowercased()
        return lowered.contains("adapter") || lowered.hasPrefix("adaptador") || lowered.hasPrefix("carte ") || text.contains("适配器")
            || text.contains("介面卡")
    }

    static let ipconfigTitles: Set<String> = [
        "Windows IP Configuration", "Windows-IP-Konfiguration", "Configuration IP de Windows", "Configuración IP de Windows",
        "Configuração de IP do Windows", "Configurazione IP di Windows", "Windows IP 配置", "Windows IP 構成",
    ]

    /// `wsl --version`'s first line in another language (`Versione WSL: 2.7.3.0`, `WSL-Version: 2.0.9.0`, `Versión de
    /// WSL: ...`): a label naming `WSL` (not `WSLg`) and a dotted version of three or more numbers.
    static func isLocalisedWslVersionLine(_ words: [String]) -> Bool {
        let text = words.joined(separator: " ")
        guard let colon = text.firstIndex(where: { $0 == ":" || $0 == "：" }) else { return false }
        let label = text[..<colon]
        let value = text[text.index(after: colon)...].trimmingSpaces()
        guard label.contains("WSL"), !label.contains("WSLg"), label.count <= 40, !value.contains(" ") else { return false }
        return (VersionNumber(value)?.components.count ?? 0) >= 3
    }

    /// A `.wslconfig` key line pasted without its file (`networkingMode=mirrored`, `networkMode = mirrored`): a
    /// networking key or a misspelling of one (`WslConfigKeys`), `=`, a value. Read as pasted: above any `[section]`,
    /// where WSL does not read it (microsoft/WSL#11540: the reporter's file lacked `[wsl2]`), so the report says so.
    static func isNetworkingKeyLine(_ words: [String]) -> Bool {
        let text = words.joined(separator: " ")
        guard let equals = text.firstIndex(of: "="), words.count <= 3 else { return false }
        let key = text[..<equals].trimmingSpaces()
        guard !key.isEmpty, !key.contains(" "), !text[text.index(after: equals)...].trimmingSpaces().isEmpty else { return false }
        return WslConfigKeys.networkingKeys.contains { $0.lowercased() == key.lowercased() } || WslConfigKeys.misspelling(of: key) != nil
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
