/// Which block a pasted command line starts, from its words (prompt already removed). Pure.
///
/// `sudo`, `doas`, `command`, and `wsl [-d NAME] [-e|--exec|--]` / `wsl.exe ...` in front are skipped;
/// `wsl --version`, `cat .../.wslconfig`, `type %UserProfile%\.wslconfig`, `Get-Content ...` are read as such.
enum TriageCommands {
    /// The block kind `words` start, or `nil` when they are not a command this reader knows.
    static func kind(_ words: [String]) -> TriageBlockKind? {
        let command = unwrapped(words)
        guard let program = command.first.map(baseName) else {
            return wslItself(words)
        }
        let args = Array(command.dropFirst())
        switch program.lowercased() {
        case "netstat", "netstat.exe":
            return isLinuxNetstat(args) && program == "netstat" ? .linuxNetstat : .windowsNetstat
        case "ss":
            // `ss -s` prints a summary, not sockets.
            return args.contains("-s") || args.contains("--summary") ? nil : .ss
        case "lsof":
            return args.contains { $0.hasPrefix("-i") } ? .lsof : nil
        case "get-nettcpconnection": return .getNetTCPConnection
        case "get-process":
            // Only of a port's owner: `Get-Process -Id (Get-NetTCPConnection -LocalPort N).OwningProcess`.
            return NetstatListeners.processCommandPort(words.map { Substring($0) }) != nil ? .getProcessForPort : nil
        case "netsh", "netsh.exe":
            let lowered = args.map { $0.lowercased() }
            guard lowered.contains("show") || lowered.contains("sh") else { return nil }
            if lowered.contains(where: { $0.hasPrefix("excludedport") }) { return .excludedPortRange }
            if lowered.contains(where: { $0.hasPrefix("dynamicport") }) { return .dynamicPortRange }
            return nil
        case "tasklist", "tasklist.exe": return .tasklist
        case "ver": return args.isEmpty ? .windowsVer : nil
        case "cmd", "cmd.exe":
            // `cmd.exe /c ver`, the WSL issue template's own hint.
            return args.count == 2 && args[0].lowercased() == "/c" && args[1].lowercased() == "ver" ? .windowsVer : nil
        case "tail", "head":
            return args.last.map { isGatewayLog($0.lowercased()) ? .gatewayLog : nil } ?? nil
        case "ipconfig", "ipconfig.exe": return .ipconfig
        case "journalctl": return .journalctl
        case "openclaw", "openclaw.cmd", "openclaw.exe":
            // As typed (`OpenClaw status Overview` is the title `openclaw status` prints, not a command).
            guard program == program.lowercased() else { return nil }
            // `openclaw logs [--follow]` tails the gateway's log file over RPC: its lines are log lines.
            if args.first == "logs" { return .gatewayLog }
            return isStatusCommand(args) ? .openclawCLI : nil
        case "systemctl":
            return args.contains("status") ? .systemctlStatus : nil
        default: break
        }
        switch program {
        case "ip":
            let parsed = PastedCommand.parse(command)
            switch parsed.object {
            case "addr": return .ipAddr
            case "link": return .ipLink
            case "route": return .ipRoute
            case "rule": return parsed.family == .inet6 ? .ipRule6 : .ipRule
            case "neigh": return .ipNeigh
            default: return nil
            }
        case "ifconfig": return .ifconfig
        case "uname":
            if args.contains(where: { $0 == "-a" || $0 == "--all" }) { return .unameA }
            if args.contains(where: { $0 == "-r" || $0 == "--kernel-release" }) { return .osRelease }
            return nil
        case "wslinfo", "wslinfo.exe":
            return args.contains(where: { $0 == "--networking-mode" || $0 == "-n" }) ? .wslinfo : nil
        case "cat", "type", "more", "less", "Get-Content", "gc", "bat", "batcat":
            return fileKind(args)
        case "env", "printenv":
            // `env` alone or piped (`env | grep WSL`); `env -u X curl ...` runs another program.
            return args.isEmpty || args.first == "|" ? .env : nil
        default: return nil
        }
    }

    /// The marker line above a pasted listener table (`ListenerTableText`): `# complete` for a whole table (a command
    /// with no filter, or an `ss`/`netstat` table found by its header), `# excerpt port=P` for one filtered to port P (`| grep
    /// 18789`, `| findstr :18789`, `sport = :P`, `lsof -i :P`), `# excerpt` for rows pasted without their header or a
    /// filter this reader cannot read (`| head`, `| grep node`).
    static func listenerExcerpt(_ command: [String], firstLine: [String]) -> String {
        let complete = ListenerTableText.completeMarker
        let excerpt = ListenerTableText.excerptMarker
        func port(_ word: String) -> UInt16? {
            var text = Substring(word).drop { $0 == "'" || $0 == "\"" || $0 == ":" || $0 == "(" }
            while let last = text.last, last == "'" || last == "\"" || last == ")" || last == "$" { text = text.dropLast() }
            if let colon = text.lastIndex(of: ":") { text = text[text.index(after: colon)...] }
            return text.allSatisfy({ $0.isASCII && $0.isNumber }) ? UInt16(text) : nil
        }
        if command.isEmpty {
            // Without its command line: a table with its header is whole, except lsof's (lsof prints its header
            // over whatever `-i :PORT` chose, and is nearly always run for one port).
            let tool = ListenerTableText.header(firstLine)
            return tool != nil && tool != .lsof ? complete : excerpt
        }
        var filtered: UInt16?
        var unknownFilter = false
        let isLsof = unwrapped(command).first.map(baseName) == "lsof"
        let sawSport = command.contains { $0.contains("sport") }
        for (index, word) in command.enumerated() {
            if word == "|" || word.hasPrefix("|") {
                let rest = command.dropFirst(index + 1).filter { !$0.hasPrefix("-") }
                if let program = rest.first.map(baseName), ["grep", "egrep", "findstr", "rg"].contains(program),
                   let pattern = rest.dropFirst().first, let p = port(pattern) {
                    filtered = filtered ?? p
                } else {
                    unknownFilter = true
                }
                break
            }
            // `ss -ltnp 'sport = :18789'`, `sport == :P`; lsof's `-i :P`, `-iTCP:P`, `-i TCP:P`.
            if sawSport || isLsof {
                let candidate = word.hasPrefix("-i") ? String(word.dropFirst(2)) : word
                if candidate.contains(":"), let p = port(candidate) { filtered = filtered ?? p }
            }
        }
        if unknownFilter { return excerpt }
        if let filtered { return "\(excerpt) port=\(filtered)" }
        return complete
    }

    /// `openclaw status`, `openclaw doctor`, `openclaw health`, `openclaw gateway status|probe|health` (options
    /// such as `--profile NAME` before the command skipped): the commands whose output states the gateway's state.
    static func isStatusCommand(_ args: [String]) -> Bool {
        var words = args[...]
        while let first = words.first, first.hasPrefix("-") {
            words = words.dropFirst(first == "--profile" ? 2 : 1)
        }
        guard let command = words.first else { return false }
        if ["status", "doctor", "health"].contains(command) { return true }
        guard command == "gateway", let sub = words.dropFirst().first else { return false }
        return ["status", "probe", "health"].contains(sub)
    }

    /// Whether `words` run a program (after wrappers) at all: for prompts in front of unknown commands.
    static func isKnown(_ words: [String]) -> Bool { kind(words) != nil }

    static func fileKind(_ args: [String]) -> TriageBlockKind? {
        for arg in args.reversed() where !arg.hasPrefix("-") {
            let lower = arg.lowercased()
            if lower.hasSuffix(".wslconfig") { return .wslconfig }
            if lower.hasSuffix("/etc/wsl.conf") || lower == "wsl.conf" { return .wslConf }
            if lower.hasSuffix("/etc/resolv.conf") || lower.hasSuffix("/run/systemd/resolve/resolv.conf") { return .resolvConf }
            if lower.hasSuffix("/etc/hosts") { return .hosts }
            if lower == "/proc/version" { return .procVersion }
            if lower == "/proc/sys/kernel/osrelease" { return .osRelease }
            if lower.hasSuffix("/cgroup") && lower.hasPrefix("/proc/") { return .cgroup }
            if lower.hasSuffix("/mountinfo") && lower.hasPrefix("/proc/") { return .mountinfo }
            if isGatewayLog(lower) { return .gatewayLog }
        }
        return nil
    }

    /// A gateway log file (lower-cased path): a `.log` whose name or folder names openclaw or the gateway
    /// (`/tmp/openclaw/openclaw-2026-03-10.log`, the `File logs:` path `gateway status` prints; `/tmp/openclaw-gateway.log`;
    /// `~/.openclaw/logs/gateway.log`).
    static func isGatewayLog(_ path: String) -> Bool {
        guard path.hasSuffix(".log") else { return false }
        let name = path.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? path
        return name.contains("openclaw") || name.contains("gateway") || path.contains("/openclaw/") || path.contains(".openclaw/")
    }

    /// The unit a `journalctl -u UNIT` / `--unit=UNIT` / `systemctl status UNIT` names.
    static func unit(_ words: [String]) -> String? {
        let command = unwrapped(words)
        for (index, word) in command.enumerated() {
            if (word == "-u" || word == "--unit" || word == "--user-unit"), index + 1 < command.count { return command[index + 1] }
            if word.hasPrefix("--unit=") { return String(word.dropFirst(7)) }
            if word == "status", index + 1 < command.count, !command[index + 1].hasPrefix("-") { return command[index + 1] }
        }
        return nil
    }

    /// `wsl --version`, `wsl.exe -v`, `wsl -l -v` / `wsl --list --verbose`, plain `wsl -l` / `wsl -l -q`, `wsl --status`: `wsl.exe` answering about
    /// itself (no Linux command after it).
    static func wslItself(_ words: [String]) -> TriageBlockKind? {
        guard let first = words.first.map(baseName)?.lowercased(), first == "wsl" || first == "wsl.exe" else { return nil }
        // Only wsl.exe's own options, up to the Linux command it would run (`wsl ls -l` runs `ls`).
        let args = words.dropFirst().map { $0.lowercased() }.prefix { $0.hasPrefix("-") && $0 != "--" && $0 != "-e" && $0 != "--exec" }
        if args.contains(where: { $0 == "-l" || $0 == "--list" || $0 == "-lv" }) {
            // `--online` lists what could be installed, not what is.
            if args.contains(where: { $0 == "--online" || $0 == "-o" }) { return nil }
            return args.contains(where: { $0 == "-v" || $0 == "--verbose" || $0 == "-lv" }) ? .wslList : .wslListNames
        }
        if args.contains("--status") { return .wslStatus }
        if args.contains(where: { $0 == "--version" || $0 == "-v" }) { return .wslVersion }
        return nil
    }

    static func isWSLVersion(_ words: [String]) -> Bool { wslItself(words) != nil }

    /// Linux `netstat -tlnp` / `-tulpn` / `-plnt` (`-t`, `-u`, `-l` are Linux's; Windows' netstat has none of them).
    static func isLinuxNetstat(_ args: [String]) -> Bool {
        args.contains { arg in
            guard arg.hasPrefix("-"), !arg.hasPrefix("--") else { return arg == "--tcp" || arg == "--listening" }
            return arg.dropFirst().contains { "tlu".contains($0) }
        }
    }

    /// The command after `sudo`, `doas`, `command`, `wsl [-d NAME] [--]`; empty for `wsl --version`.
    static func unwrapped(_ words: [String]) -> [String] {
        var index = 0
        while index < words.count {
            switch baseName(words[index]) {
            case "sudo", "doas", "command", "time", "exec":
                index += 1
                while index < words.count, words[index].hasPrefix("-") { index += 1 }
            case "wsl", "wsl.exe":
                if isWSLVersion(Array(words[index...])) { return [] }
                index += 1
                while index < words.count, words[index].hasPrefix("-") {
                    let option = words[index]
                    index += 1
                    if ["-d", "--distribution", "-u", "--user", "--cd"].contains(option) { index += 1 }
                }
            default:
                return Array(words[index...])
            }
        }
        return []
    }

    static func baseName(_ word: String) -> String {
        guard let slash = word.lastIndex(of: "/") else { return word }
        return String(word[word.index(after: slash)...])
    }
}
