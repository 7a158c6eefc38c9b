/// Which block a pasted command line starts, from its words (prompt already removed). Pure.
///
/// `sudo`, `doas`, `command`, and `wsl [-d NAME] [-e|--exec|--]` / `wsl.exe ...` in front are skipped;
/// `wsl --version`, `cat .../.wslconfig`, `type %UserProfile%\.wslconfig`, `Get-Content ...` are read as such.
enum TriageCommands {
    /// The block kind `words` start, or `nil` when they are not a command this reader knows.
    static func kind(_ words: [String]) -> TriageBlockKind? {
        let command = unwrapped(words)
        guard let program = command.first.map(baseName) else {
            return isWSLVersion(words) ? .wslVersion : nil
        }
        let args = Array(command.dropFirst())
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
        }
        return nil
    }

    /// `wsl --version`, `wsl.exe -v`, `wsl --status`.
    static func isWSLVersion(_ words: [String]) -> Bool {
        guard let first = words.first.map(baseName), first == "wsl" || first == "wsl.exe" else { return false }
        return words.dropFirst().contains { $0 == "--version" || $0 == "-v" || $0 == "--status" }
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
