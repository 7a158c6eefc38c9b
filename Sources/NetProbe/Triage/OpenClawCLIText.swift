/// One thing an `openclaw` command's output states (`port 18789`, `runtime running`, `pid 4242`), with its input line.
public struct CLIStatement: Sendable, Equatable, Codable {
    /// `version`, `port`, `bind`, `pid`, `runtime`, `rpc-probe`, `listening`, `service`, `gateway`, `port-in-use`,
    /// `holder`, `last-error`, `cli-error`, `finding`.
    public var fact: String
    public var value: String
    /// The line in the input (1-based).
    public var line: Int

    public init(fact: String, value: String, line: Int) {
        self.fact = fact
        self.value = value
        self.line = line
    }
}

/// The output of upstream's `openclaw status`, `openclaw gateway status`, `openclaw doctor` and of this project's
/// `openclaw gateway status`, read for what it states (port, bind, pid, version, running or not): never a capture
/// section (it is what a tool concluded, not a fact of the machine), listed in the triage part. Pure.
///
/// Forms (upstream's from public reports, `docs/doctor.md`): the banner `🦞 OpenClaw 2026.2.26 (bc50708) — ...`;
/// `gateway status`'s `Service: systemd (disabled)`, `Gateway: bind=loopback (127.0.0.1), port=18789 (env/config)`,
/// `Runtime: running (pid 1234, state active, ...)` (this project: `Runtime: running (pid 4242, instance ..., status
/// serving)`, `Runtime: not running (port 18789; ...)`), `RPC probe: ok|failed`, `Listening: 127.0.0.1:18789, ...`,
/// `Started: ..., version V, strategy S`, `Last gateway error: ...`; `status`'s table rows (`│ Gateway │ local ·
/// ws://127.0.0.1:18789 (local loopback) · unreachable (...) │`, `Gateway service │ systemd user installed · enabled ·
/// stopped (state failed)`), also without borders; the port diagnostics (`Port 18789 is already in use.`, `- pid N
/// user: COMMAND (127.0.0.1:18789)`); `doctor`'s `[warning] CHECK PATH - MESSAGE`; the CLI's own failure
/// `[openclaw] Failed to start CLI: Error: ...` (a CLI line, never a gateway journal line).
public enum OpenClawCLIText {
    /// The words with a table's or box's borders removed (`│ Gateway │ local · ... │` -> `Gateway local · ...`).
    static func unboxed(_ words: [String]) -> [String] {
        words.filter { word in !word.unicodeScalars.allSatisfy { boxScalars.contains($0) } }
    }

    static let boxScalars: Set<Unicode.Scalar> = ["│", "┃", "|", "◇", "◆", "├", "┤", "└", "┘", "┌", "┐", "─", "━", "╮", "╯",
                                                   "╭", "╰", "┬", "┴", "┼", "●", "○", "◒", "◐", "◓", "◑"]

    /// Whether a line (without a command line above it) starts upstream's or this project's CLI output.
    static func starts(_ words: [String]) -> Bool {
        // A bordered row of `openclaw status` (`Gateway service │ systemd not installed`).
        let bordered = words.contains("│")
        let words = unboxed(words)
        if bordered, let first = words.first, statusLabels.contains(first), words.count >= 2 { return true }
        guard let first = words.first else { return false }
        if isBanner(words) { return true }
        let line = words.joined(separator: " ")
        if line.hasPrefix("[openclaw] Failed to start CLI:") || line.hasPrefix("Last gateway error:") { return true }
        if line == "OpenClaw status" || line.hasPrefix("OpenClaw status ") { return true }
        if isBindLine(words) { return true }
        if first == "Runtime:" || line.hasPrefix("RPC probe:") || line.hasPrefix("Gateway: bind=") || line.hasPrefix("Probe target:") {
            return true
        }
        return isPortInUse(words) != nil || isStatusRow(words)
    }

    /// The gateway's bind modes (`gateway.bind`, `--bind`): what a `Bind: MODE` line states.
    static let bindModes: Set<String> = ["loopback", "lan", "tailnet", "auto", "custom"]

    /// `Bind: loopback` (the gateway's settings as `openclaw` lists them): a bind mode, stated.
    static func isBindLine(_ words: [String]) -> Bool {
        words.count == 2 && (words[0] == "Bind:" || words[0] == "bind:") && bindModes.contains(words[1].lowercased())
    }

    static let statusLabels: Set<String> = ["Gateway", "Dashboard", "OS", "Tailscale", "Channel", "Update", "Node", "Telegram", "Discord"]

    /// A row of `openclaw status` (borders removed): a label, then `·`-separated values (`Gateway local ·
    /// ws://127.0.0.1:18789 ... · reachable ~65ms`), or a URL (`Dashboard http://127.0.0.1:18789/`).
    static func isStatusRow(_ words: [String]) -> Bool {
        guard let first = words.first, statusLabels.contains(first), words.count >= 3 else { return false }
        return words.contains("·") || words.contains { $0.hasPrefix("ws://") || $0.hasPrefix("http://127.") }
    }

    /// Whether a line outside a code fence continues CLI output: a line of its shapes, a table or box line.
    static func continues(_ words: [String]) -> Bool {
        if starts(words) { return true }
        if let first = words.first, first.unicodeScalars.first.map(boxScalars.contains) == true { return true }
        let words = unboxed(words)
        guard let first = words.first else { return true }
        let labels: Set<String> = ["Service:", "Port:", "Bind:", "File", "Config", "Dashboard:", "Probe", "Listening:", "Started:", "Lock:",
                                   "Troubles:", "Troubleshooting:", "Last", "Service", "Gateway", "Recommendation:", "Fix:", "Runtime:",
                                   "RPC", "Gateway:", "-", "[warning]", "[error]", "[info]"]
        return labels.contains(first)
    }

    /// `🦞 OpenClaw 2026.2.26 (bc50708) — ...`, `OpenClaw 2026.2.21-2 (35a57bc)`, `OpenClaw 2026.5.7`.
    static func isBanner(_ words: [String]) -> Bool {
        let body = words.first == "🦞" ? Array(words.dropFirst()) : words
        guard body.count >= 2, body[0] == "OpenClaw", isVersion(body[1]) else { return false }
        // `OpenClaw 2026.9.5 running under WSL2 ...` is prose: the banner has the commit in parentheses, then at most
        // a `— tagline`.
        return body.count == 2 || (body[2].hasPrefix("(") && body[2].hasSuffix(")") && (body.count == 3 || body[3] == "—" || body[3] == "-"))
    }

    /// `2026.2.26`, `2026.2.21-2`, `v2026.4.24`.
    static func isVersion(_ word: String) -> Bool {
        let text = word.hasPrefix("v") ? word.dropFirst() : Substring(word)
        guard let first = text.first, first.isASCII, first.isNumber else { return false }
        return text.filter { $0 == "." }.count >= 2 && text.allSatisfy { $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-") }
    }

    /// `Port 18789 is already in use.`: the port.
    static func isPortInUse(_ words: [String]) -> String? {
        guard words.count >= 5, words[0] == "Port", words[1].allSatisfy(\.isNumber), words[2] == "is", words[3] == "already" else {
            return nil
        }
        return words[1]
    }

    /// The port of `ws://127.0.0.1:18789`, `http://127.0.0.1:18789/`.
    static func urlPort(_ url: String) -> String? {
        guard let scheme = url.firstRange(of: "://") else { return nil }
        let authority = url[scheme.upperBound...].prefix { $0 != "/" }
        guard let colon = authority.lastIndex(of: ":") else { return nil }
        let port = authority[authority.index(after: colon)...].prefix { $0.isASCII && $0.isNumber }
        return port.isEmpty ? nil : String(port)
    }

    /// What the lines state, in input order.
    static func statements(_ lines: [SourceLine]) -> [CLIStatement] {
        var out: [CLIStatement] = []
        for line in lines {
            let words = unboxed(Tokenizer.words(line.text))
            guard let first = words.first else { continue }
            let text = words.joined(separator: " ")
            func state(_ fact: String, _ value: String) {
                let shown = String(value.prefix(160))
                if !out.contains(where: { $0.fact == fact && $0.value == shown }) { out.append(CLIStatement(fact: fact, value: shown, line: line.number)) }
            }
            if isBanner(words) {
                state("version", words[words.first == "🦞" ? 2 : 1])
                continue
            }
            if text.hasPrefix("[openclaw] Failed to start CLI:") {
                state("cli-error", trimmed(text.dropFirst("[openclaw] Failed to start CLI:".count)))
                continue
            }
            if first == "Runtime:", words.count >= 2 {
                // `running (pid 1234, ...)`, `stopped (...)`, `unknown (...)`, `not running (port 18789; ...)`.
                let state_ = words[1] == "not" && words.count >= 3 ? "not running" : trimmed(words[1], ",")
                state("runtime", state_)
                if let index = words.firstIndex(where: { $0 == "(pid" || $0 == "pid" }), index + 1 < words.count,
                   let pid = Int(trimmed(words[index + 1], ",);")) {
                    state("pid", String(pid))
                }
                if let index = words.firstIndex(of: "(port"), index + 1 < words.count {
                    state("port", trimmed(words[index + 1], ",;)"))
                }
                continue
            }
            if text.hasPrefix("RPC probe:") {
                state("rpc-probe", trimmed(text.dropFirst("RPC probe:".count)))
                continue
            }
            if first == "Gateway:", words.count >= 2 {
                for word in words.dropFirst() {
                    if word.hasPrefix("bind=") { state("bind", trimmed(word.dropFirst(5), ",")) }
                    if word.hasPrefix("port=") { state("port", trimmed(word.dropFirst(5), ",")) }
                }
                continue
            }
            if isBindLine(words) {
                state("bind", words[1].lowercased())
                continue
            }
            if first == "Port:", words.count == 2, let port = Int(words[1]), (1...65535).contains(port) {
                state("port", String(port))
                continue
            }
            if first == "Listening:" {
                state("listening", trimmed(text.dropFirst("Listening:".count)))
                continue
            }
            if first == "Started:", let index = words.firstIndex(of: "version"), index + 1 < words.count {
                state("version", trimmed(words[index + 1], ","))
                continue
            }
            if first == "Service:" {
                state("service", trimmed(text.dropFirst("Service:".count)))
                continue
            }
            if text.hasPrefix("Last gateway error:") {
                state("last-error", trimmed(text.dropFirst("Last gateway error:".count)))
                continue
            }
            if let port = isPortInUse(words) {
                state("port-in-use", port)
                continue
            }
            // `- pid N name: command` under "Port N is already in use."; a paste's bullet may already be unwrapped.
            if first == "-", words.count >= 3, words[1] == "pid", words[2].allSatisfy(\.isNumber) {
                state("holder", words.dropFirst().joined(separator: " "))
                continue
            }
            if first == "pid", words.count >= 3, words[1].allSatisfy(\.isNumber), out.contains(where: { $0.fact == "port-in-use" }) {
                state("holder", text)
                continue
            }
            if first == "[warning]" || first == "[error]" {
                state("finding", text)
                continue
            }
            if first == "OS", words.count >= 2, isStatusRow(words) || words[1] == "linux" || words[1] == "macos" || words[1] == "windows" {
                state("os", words.dropFirst().joined(separator: " "))
                continue
            }
            if first == "Dashboard" || first == "Dashboard:", let url = words.first(where: { $0.hasPrefix("http://") || $0.hasPrefix("https://") }) {
                if let port = urlPort(url) { state("port", port) }
                continue
            }
            // `status`'s rows: `Gateway local · ws://127.0.0.1:18789 (local loopback) · reachable ~65ms · auth token`.
            if first == "Gateway", words.count >= 2, words[1] == "service" {
                state("service", words.dropFirst(2).joined(separator: " "))
                continue
            }
            if first == "Gateway", words.count >= 3, let url = words.first(where: { $0.hasPrefix("ws://") || $0.hasPrefix("wss://") }) {
                if let port = urlPort(url) { state("port", port) }
                // The `·`-separated part that says `reachable ~65ms` or `unreachable (...)`.
                let parts = words.split(separator: "·").map { $0.joined(separator: " ") }
                if let reach = parts.first(where: { $0.hasPrefix("reachable") || $0.hasPrefix("unreachable") }) {
                    state("gateway", reach)
                }
                continue
            }
        }
        return out
    }
}

/// `text` without the characters of `set` at either end.
private func trimmed(_ text: some StringProtocol, _ set: String = " ") -> String {
    var s = Substring(text)
    while let f = s.first, set.contains(f) { s = s.dropFirst() }
    while let l = s.last, set.contains(l) { s = s.dropLast() }
    return String(s)
}
