/// Recognises pasted output by its shape when no command line says what produced it, and tells whether a line
/// outside a code fence still belongs to the block above it. Pure.
enum TriageShapes {
    static let wslconfigSections: Set<String> = ["[wsl2]", "[experimental]"]
    static let wslConfSections: Set<String> = ["[boot]", "[network]", "[automount]", "[interop]", "[user]", "[gpu]", "[time]"]

    /// The kind of output whose first line is `words`, or `nil`.
    static func start(_ words: [String]) -> TriageBlockKind? {
        guard let first = words.first else { return nil }
        if IPAddrTextParser.isLinkHeader(words, 0) { return .ipAddr }
        if IfconfigTextParser.isHeader(words) { return .ifconfig }
        if IPBriefTextParser.isBriefLine(words), words.count >= 3 {
            return words.contains(where: { $0.hasPrefix("<") }) ? .ipLink : .ipAddr
        }
        if first == "Linux", words.count >= 3, words[1] == "version" { return .procVersion }
        if first == "Linux", words.count >= 4, isRelease(words[2]), words.contains(where: { $0.hasPrefix("#") }) { return .unameA }
        if words.count == 1, isRelease(first), first.lowercased().contains("microsoft") || first.contains("WSL") { return .osRelease }
        if first == "nameserver", words.count >= 2, IPSyntax.family(ofAddress: words[1]) != nil { return .resolvConf }
        if first == "#", words.joined(separator: " ").contains(WSLUserSpaceSignals.generatedByWSL) { return .resolvConf }
        let lowered = first.lowercased()
        if wslconfigSections.contains(lowered) { return .wslconfig }
        if wslConfSections.contains(lowered) { return .wslConf }
        if isRuleLine(words) { return .ipRule }
        if isRouteLine(words) { return .ipRoute }
        if first == "WSL", words.count >= 3, words[1].hasPrefix("version") { return .wslVersion }
        if let tool = ListenerTableText.tool(words) { return listenerKind(tool) }
        return WindowsShapes.start(words) ?? SupervisorShapes.start(words) ?? (OpenClawCLIText.starts(words) ? .openclawCLI : nil)
    }

    static func listenerKind(_ tool: ListenerTableRow.Tool) -> TriageBlockKind {
        switch tool {
        case .ss: return .ss
        case .netstat: return .linuxNetstat
        case .lsof: return .lsof
        }
    }

    /// Whether `words`, outside a code fence, can be the answer of a one-line command (`kind.isOneLine`): `wslinfo`
    /// answers one word (`mirrored`, or `# mirrored` written as a comment), `uname -r` a release, `/proc/version`
    /// and `uname -a` a line starting `Linux`. Prose under the command is never its answer.
    static func isAnswer(_ kind: TriageBlockKind, words: [String]) -> Bool {
        switch kind {
        case .wslinfo: return words.count == 1 || (words.count == 2 && words[0] == "#")
        case .osRelease: return words.count == 1 && isRelease(words[0])
        case .procVersion, .unameA: return words.first == "Linux"
        default: return true
        }
    }

    /// A kernel release as the WSL issue template's "Kernel Version: ..." line or a prose line ends with it.
    /// Also inside the line (`**Kernel:** linux 6.6.87.2-microsoft-standard-WSL2 x64`): the last such word.
    static func trailingRelease(_ words: [String]) -> String? {
        guard words.count >= 2 else { return nil }
        return words.lazy.map(releaseWord).last { isRelease($0) && $0.lowercased().contains("microsoft") }
    }

    /// A release word as prose holds it, without the quotes, brackets and sentence punctuation around it
    /// (`` `5.15.146.1-microsoft-standard-WSL2`. `` is `5.15.146.1-microsoft-standard-WSL2`).
    static func releaseWord(_ word: String) -> String {
        let around: Set<Character> = ["`", "'", "\"", "(", ")", "[", "]", ",", ".", ";", ":", "!", "?", "*"]
        var text = Substring(word)
        while let first = text.first, around.contains(first) { text = text.dropFirst() }
        while let last = text.last, around.contains(last) { text = text.dropLast() }
        return String(text)
    }

    /// `5.15.167.4-microsoft-standard-WSL2`, `4.4.0-19041-Microsoft`, `6.8.0-45-generic`.
    static func isRelease(_ word: String) -> Bool {
        guard let first = word.unicodeScalars.first, first.properties.numericType != nil, first.isASCII else { return false }
        let dots = word.filter { $0 == "." }.count
        return dots >= 2 && word.contains("-") && word.count < 80
    }

    /// `0:	from all lookup local`, `32766:  from all lookup main`.
    static func isRuleLine(_ words: [String]) -> Bool {
        words.count >= 3 && IPAddrTextParser.isIndexWord(words[0]) && (words[1] == "from" || words[1] == "not")
    }

    static let routeTypes: Set<String> = ["local", "broadcast", "unreachable", "prohibit", "blackhole", "throw", "anycast", "multicast", "unicast", "nat"]

    /// `default via 172.20.144.1 dev eth0`, `172.20.144.0/20 dev eth0 proto kernel scope link src ...`.
    static func isRouteLine(_ words: [String]) -> Bool {
        guard words.count >= 3 else { return false }
        var destination = 0
        if routeTypes.contains(words[0]) { destination = 1 }
        guard destination < words.count, IPSyntax.routeDestination(words[destination]).valid else { return false }
        return words.contains("dev") || words.contains("via") || words.contains("table")
    }

    /// Whether a line outside a code fence continues a block of `kind` (indented lines continue `ip addr` and
    /// `ifconfig`; each route and rule line has its own shape; a file runs to a blank line).
    static func continues(_ kind: TriageBlockKind, words: [String], indented: Bool) -> Bool {
        switch kind {
        case .ipAddr, .ipLink:
            if indented { return true }
            return IPAddrTextParser.isLinkHeader(words, 0) || IPBriefTextParser.isBriefLine(words)
                || ["inet", "inet6", "valid_lft", "altname"].contains(words[0]) || words[0].hasPrefix("link/")
        case .ifconfig:
            return indented || IfconfigTextParser.isHeader(words)
        case .ipRoute: return isRouteLine(words) || indented
        case .ipRule, .ipRule6: return isRuleLine(words)
        case .ipNeigh:
            return IPSyntax.family(ofAddress: words[0]) != nil
        case .windowsNetstat, .getNetTCPConnection, .getProcessForPort, .excludedPortRange, .dynamicPortRange, .tasklist, .wslList, .wslListNames, .ipconfig:
            return WindowsShapes.continues(kind, words: words, indented: indented)
        case .ss, .linuxNetstat, .lsof:
            // Any tool's row or header: `ss` and `lsof` of the same port often follow each other.
            return ListenerTableText.shape(words) != nil
        case .openclawCLI: return OpenClawCLIText.continues(words)
        case .formFacts: return false
        case .journalctl, .systemctlStatus, .gatewayLog:
            return SupervisorShapes.continues(kind, words: words, indented: indented)
        default:
            return true
        }
    }
}
