/// Reads the command out of a pasted command line, whatever prompt is in front of it: `$ ip a`, `# ip r`,
/// `user@host:~$ ip a`, `[root@box ~]# ip rule`, zsh `host % ip addr`, fish `user@host ~> ip a`, `❯ ip a`,
/// Kali's `└─# ip a` (after `┌──(root㉿kali)-[~]`), `PS C:\> wsl ip a`, `C:\Users\me> wsl --version`. Pure.
///
/// Also collects the user and host names the prompt shows, so `--redact` can replace them everywhere.
struct TriagePrompt: Equatable {
    /// The command's words, wrappers included (`sudo`, `wsl -d Ubuntu --`).
    var command: [String]
    var users: Set<String> = []
    var hosts: Set<String> = []

    static let signs: Set<String> = ["$", "#", "%", ">", ">>", "$>", "\u{276F}", "\u{279C}", "\u{27A4}", "\u{2570}\u{2500}\u{27A4}"]
    static let ends: Set<Character> = ["$", "#", "%", ">"]

    /// The prompt and command of `words`; `nil` when the line is not a command line. A bare `#` counts only in
    /// front of a known command (otherwise it is a comment of a pasted file).
    static func read(_ words: [String], knownCommand: ([String]) -> Bool) -> TriagePrompt? {
        guard let first = words.first else { return nil }
        var names = TriagePrompt(command: [])
        if first == "#" {
            let rest = Array(words.dropFirst())
            return knownCommand(rest) ? TriagePrompt(command: rest) : nil
        }
        if signs.contains(first) { return TriagePrompt(command: Array(words.dropFirst())) }
        // cmd.exe prints no blank after its prompt: `C:\Users\me\Desktop>netstat -aon`.
        if let close = first.firstIndex(of: ">"), close != first.index(before: first.endIndex), isDrivePath(first[..<close]) {
            let rest = [String(first[first.index(after: close)...])] + words.dropFirst()
            guard knownCommand(rest) || isCommandWord(rest[0]) else { return nil }
            names.learn(String(first[...close]))
            names.command = rest
            return names
        }
        if let scalar = first.unicodeScalars.first, scalar == "\u{2514}" || scalar == "\u{2570}",
           words.count > 1 || first.unicodeScalars.contains(where: { !(0x2500...0x257F).contains($0.value) }) {
            // `└─#`, `└─$`, or `└──╼` then `$`; a table's bottom rule alone (`└────┴────┘`) is none.
            var rest = Array(words.dropFirst())
            if let next = rest.first, signs.contains(next) { rest.removeFirst() }
            return TriagePrompt(command: rest)
        }
        for (index, word) in words.prefix(4).enumerated() {
            // A bare sign after a word or two (`host % ip a`) only in front of a known command: in pasted files
            // `#`, `>` and `%` appear mid-line for other reasons.
            let isSign = signs.contains(word) && index > 0 && word != "#"
            let isPromptWord = word.count > 1 && ends.contains(word.last ?? " ") && looksLikePrompt(word)
            guard isSign || isPromptWord else { continue }
            let rest = Array(words.dropFirst(index + 1))
            if isSign && !knownCommand(rest) { continue }
            if isPromptWord, let next = rest.first, !knownCommand(rest), !isCommandWord(next) { continue }
            for prefix in words.prefix(index + 1) { names.learn(prefix) }
            names.command = rest
            return names
        }
        return nil
    }

    /// `C:\`, `C:\Users\me`, `D:\work`.
    static func isDrivePath(_ text: Substring) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count >= 3, scalars[0].properties.isAlphabetic, scalars[0].isASCII, scalars[1] == ":", scalars[2] == "\\"
        else { return false }
        return true
    }

    /// A prompt word holds a user, host, path or drive marker before its end.
    static func looksLikePrompt(_ word: String) -> Bool {
        word.contains(where: { "@:]\\~/)".contains($0) }) || word.hasPrefix("bash") || word.hasPrefix("sh-")
    }

    /// A lower-case word that could be a program name (`ping`, `curl`, `ls`).
    static func isCommandWord(_ word: String) -> Bool {
        guard let first = word.unicodeScalars.first else { return false }
        return (first.properties.isLowercase || first == "/" || first == ".") && word.count < 40
    }

    /// Learns `user@host` from `user@host:~$`, `[user@host`, `(root㉿kali)-[~]`, and the user from `C:\Users\NAME>`,
    /// `/home/NAME`, `/mnt/c/Users/NAME`.
    mutating func learn(_ word: String) {
        let cleaned = word.strippingEdges(of: "[]()$#%>:~ ")
        for separator: Character in ["@", "\u{327F}"] where cleaned.contains(separator) {
            let parts = cleaned.split(separator: separator, omittingEmptySubsequences: false).map(String.init)
            if parts.count == 2 {
                // The name right before the separator: `┌──(root` gives `root`, `[user` gives `user`.
                let user = String(parts[0].reversed().prefix(while: { $0.isLetter || $0.isNumber || "._-".contains($0) }).reversed())
                let host = String(parts[1].prefix(while: { !":])~ /".contains($0) }))
                if !user.isEmpty { users.insert(user) }
                if !host.isEmpty { hosts.insert(host) }
            }
        }
        for marker in ["\\Users\\", "/home/", "/Users/"] {
            if let range = word.firstRange(of: marker) {
                let rest = word[range.upperBound...]
                let name = String(rest.prefix(while: { !"\\/>$#:] ".contains($0) }))
                if !name.isEmpty { users.insert(name) }
            }
        }
    }
}

extension String {
    /// `self` without leading and trailing characters of `set`.
    func strippingEdges(of set: String) -> String {
        let characters = Set(set)
        var start = startIndex
        var end = endIndex
        while start < end, characters.contains(self[start]) { start = index(after: start) }
        while end > start, characters.contains(self[index(before: end)]) { end = index(before: end) }
        return String(self[start..<end])
    }
}
