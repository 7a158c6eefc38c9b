/// The shapes of the supervisor's and the gateway's lines pasted without a command: a journal line
/// (`Apr 27 10:55:10 HOST node[41017]: ...`, or `-o short-iso`), `systemctl status`'s `● UNIT - ...` header, and the
/// gateway's own log lines (`Gateway failed to start: ...`, `listen EADDRINUSE: ...`, `[canvas] host mounted at ...`).
/// Pure.
enum SupervisorShapes {
    static func start(_ words: [String]) -> TriageBlockKind? {
        guard let first = words.first else { return nil }
        if isJournalLine(words) { return .journalctl }
        if first == "●" || first == "×", words.count >= 2, words[1].hasSuffix(".service") { return .systemctlStatus }
        if isGatewayLine(words) { return .gatewayLog }
        return nil
    }

    static func continues(_ kind: TriageBlockKind, words: [String], indented: Bool) -> Bool {
        switch kind {
        case .journalctl: return isJournalLine(words) || isGatewayLine(words, continuing: true) || (words.first == "--" && words.last == "--")
        case .systemctlStatus: return indented || isJournalLine(words)
        default: return isGatewayLine(words, continuing: true) || (indented && words.first == "at") || isLogLine(words)
        }
    }

    /// Any line of a gateway log file under its command (`tail -n 100 /tmp/openclaw-gateway.log`): a leading ISO
    /// timestamp, or a `[subsystem]` tag of a plugin (`[DoubaoWebClient] ...`, `[heartbeat] started`); never a
    /// `.wslconfig` or `wsl.conf` section line.
    static func isLogLine(_ words: [String]) -> Bool {
        guard var head = words.first else { return false }
        if JournalTextLines.isISOTime(head) {
            guard words.count >= 2 else { return false }
            head = words[1]
        }
        let lowered = head.lowercased()
        if TriageShapes.wslconfigSections.contains(lowered) || TriageShapes.wslConfSections.contains(lowered) { return false }
        return head.count >= 3 && head.hasPrefix("[") && head.hasSuffix("]") && !head.contains("=") || JournalTextLines.isISOTime(words[0])
    }

    /// `Apr 27 10:55:10 HOST IDENT[PID]: ...`, `2026-04-27T10:55:10+0200 HOST IDENT[PID]: ...`.
    static func isJournalLine(_ words: [String]) -> Bool {
        if words.count >= 5, JournalTextLines.months.contains(words[0]), Int(words[1]) != nil, JournalTextLines.isClock(words[2]) {
            return JournalTextLines.identifier(words[4]) != nil
        }
        if words.count >= 3, JournalTextLines.isISOTime(words[0]), JournalTextLines.isHost(words[1]) {
            return JournalTextLines.identifier(words[2]) != nil
        }
        return false
    }

    /// The gateway's own lines: upstream's and this project's start failures, `EADDRINUSE`, `[subsystem] ...`. A
    /// `listen EADDRINUSE: ...` line alone starts one only when it names the gateway's port 18789 (or the gateway):
    /// any Node program prints it (microsoft/WSL 6482's Express app on `:::8080`), and its refused bind is still asked
    /// about (`RefusedBinds`); under a gateway line (`continuing`) it is the gateway's.
    static func isGatewayLine(_ words: [String], continuing: Bool = false) -> Bool {
        guard let first = words.first else { return false }
        var body = words[...]
        // A leading timestamp (`2026-04-27T10:55:10.402+02:00 Gateway failed ...`).
        if JournalTextLines.isISOTime(first) { body = body.dropFirst() }
        guard let head = body.first else { return false }
        let line = body.joined(separator: " ")
        // `gateway status` quoting the gateway (`Last gateway error: Gateway failed to start: ...`) is the CLI's line.
        if line.hasPrefix("Last gateway error:") { return false }
        // As the gateway prints them (prose that mentions EADDRINUSE is not a log line).
        if line.hasPrefix("Gateway failed to start:") || line.contains("another gateway instance is already listening on ") { return true }
        if line.contains("EADDRINUSE:") {
            return continuing || RefusedBinds.port(in: line) == 18789 || line.lowercased().contains("gateway")
        }
        // Not `[openclaw]`: upstream's CLI prints `[openclaw] Failed to start CLI: ...` for its own failures (a
        // `devices list` that could not connect is no gateway journal line); a start failure it prints still says
        // `another gateway instance ...` or `EADDRINUSE:` above.
        let subsystems = ["[gateway]", "[canvas]", "[health-monitor]", "[gmail-watcher]", "[ws]"]
        return subsystems.contains(head)
    }
}
