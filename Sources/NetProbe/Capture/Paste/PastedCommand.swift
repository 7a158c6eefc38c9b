/// A shell prompt or command line that people paste together with `ip` output, and what it tells.
///
/// Recognises `user@host:~$ ip addr`, `$ ip a`, `# ip r`, `[root@box ~]# ip rule`, `bash-5.1$ ip -6 route`,
/// `PS C:\> wsl ip a`, `C:\Users\me> wsl -d Ubuntu ip a`, `>` continuation lines and bare `ip ...` /
/// `sudo ip ...` echoes; the lower line of a two-line prompt (Kali's `└─# ip a`, `└─$ ip a`, `╰─➤ ip a`),
/// zsh's `host % ip addr`, fish's `user@host ~> ip a`, `❯ ip a`, and bare `ifconfig` / `uname` / `cat` echoes. The `ip` options it understands set the context of the output that follows
/// (`-6` for the family, `table 127` for the table of routes that do not print one).
struct PastedCommand: Sendable, Equatable {
    /// The `ip` object (`addr`, `link`, `route`, `rule`, `neigh`), when the line runs `ip`.
    var object: String?
    /// `-4` / `-6` (or `-f inet6`).
    var family: AddressFamily?
    /// `table X` of `ip route show table X`, unless X is `all`.
    var table: Int?

    /// Words that start a command after a prompt.
    private static let commandWords: Set<String> = [
        "ip", "sudo", "doas", "wsl", "wsl.exe", "cat", "env", "printenv", "sysctl", "grep", "wslinfo",
        "uname", "ls", "echo", "tee", "/sbin/ip", "/usr/sbin/ip", "/bin/ip", "/usr/bin/ip",
        "ifconfig", "/sbin/ifconfig", "/usr/sbin/ifconfig", "wslinfo.exe", "type", "Get-Content", "gc",
    ]
    /// Commands whose bare echo (no prompt before it) is recognised as a command line.
    private static let bareCommands: Set<String> = [
        "ip", "sudo", "doas", "wsl", "wsl.exe", "ifconfig", "/sbin/ifconfig", "/usr/sbin/ifconfig",
    ]
    private static let barePrompts: Set<String> = ["$", "#", "%", ">", ">>", "$>", "\u{276F}", "\u{279C}"]
    private static let promptEnds: Set<Character> = ["$", "#", "%", ">"]

    /// The command of `words` when they form a prompt or command line; `nil` for anything else.
    static func recognise(_ words: [String]) -> PastedCommand? {
        guard let first = words.first else { return nil }
        if barePrompts.contains(first) { return parse(Array(words.dropFirst())) }
        if bareCommands.contains(first) { return parse(words) }
        if isLowerPromptCorner(first) { return parse(Array(words.dropFirst())) }
        // zsh `host % ip addr`, `user@host $ ip a`: a bare prompt sign after a word or two.
        for index in 1..<min(words.count, 3) where barePrompts.contains(words[index]) {
            let rest = Array(words.dropFirst(index + 1))
            if let command = rest.first, commandWords.contains(command) { return parse(rest) }
        }
        // A prompt word (`user@host:~$`, `~]#`, `C:\>`) within the first few words, followed by a command
        // word or ending the line.
        for (index, word) in words.prefix(4).enumerated() {
            guard let last = word.last, promptEnds.contains(last), word.count > 1, looksLikePrompt(word) else { continue }
            let rest = Array(words.dropFirst(index + 1))
            if rest.isEmpty || commandWords.contains(rest[0]) { return parse(rest) }
        }
        return nil
    }

    /// A prompt word holds a user, host, path or drive marker (`@`, `:`, `]`, `\`, `~`, `-`) before its end.
    private static func looksLikePrompt(_ word: String) -> Bool {
        return word.contains(where: { "@:]\\~-/".contains($0) }) || word.hasPrefix("bash") || word.hasPrefix("sh")
    }

    /// The lower line of a two-line prompt: `└─#`, `└──╼ $`, `╰─➤` (a box-drawing corner, then dashes or a
    /// prompt sign).
    private static func isLowerPromptCorner(_ word: String) -> Bool {
        guard let scalar = word.unicodeScalars.first else { return false }
        return scalar == "\u{2514}" || scalar == "\u{2570}"
    }

    /// Reads the `ip` invocation out of a command line (after the prompt).
    static func parse(_ words: [String]) -> PastedCommand {
        var command = PastedCommand()
        var index = 0
        // Skip wrappers (`sudo`, `wsl -d Ubuntu --`, ...) up to `ip`.
        while index < words.count, !isIP(words[index]) { index += 1 }
        guard index < words.count else { return command }
        index += 1
        while index < words.count, words[index].hasPrefix("-") {
            switch words[index] {
            case "-4": command.family = .inet
            case "-6": command.family = .inet6
            case "-f", "-family":
                if index + 1 < words.count {
                    index += 1
                    if words[index] == "inet6" { command.family = .inet6 }
                    if words[index] == "inet" { command.family = .inet }
                }
            case "-n", "-netns", "-b", "-batch", "-rc", "-rcvbuf":
                index += 1
            default: break
            }
            index += 1
        }
        guard index < words.count else { return command }
        command.object = objectName(words[index])
        let args = words.dropFirst(index + 1)
        if command.object == "route", let tableIndex = args.firstIndex(where: { $0 == "table" || $0 == "tab" }),
           tableIndex + 1 < args.endIndex
        {
            let name = args[tableIndex + 1]
            if name != "all" { command.table = RouteTable.id(name) }
        }
        return command
    }

    private static func isIP(_ word: String) -> Bool {
        word == "ip" || word.hasSuffix("/ip")
    }

    private static func objectName(_ word: String) -> String? {
        switch word {
        case "a", "ad", "add", "addr", "addre", "addres", "address": return "addr"
        case "l", "li", "lin", "link": return "link"
        case "r", "ro", "rou", "rout", "route": return "route"
        case "ru", "rul", "rule": return "rule"
        case "n", "ne", "nei", "neig", "neigh", "neighbor", "neighbour": return "neigh"
        default: return nil
        }
    }
}
