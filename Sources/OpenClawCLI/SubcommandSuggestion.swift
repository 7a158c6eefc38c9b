import ArgumentParser

/// A word where a subcommand was expected that names none (`openclaw gateway stauts`): found before parsing, so
/// a typo is never taken as an argument of a default subcommand. Pure over the command tree and the arguments.
struct SubcommandSuggestion: Equatable {
    /// The command names up to the word, such as `["openclaw", "gateway"]`.
    var path: [String]
    /// The unknown word.
    var word: String
    /// The nearest subcommand name (at most 2 edits away, a transposition counting as 1), if any.
    var suggestion: String?
    /// The subcommands that exist there.
    var choices: [String]

    /// The usage error: "unknown subcommand 'stauts'; did you mean 'status'?", then the subcommands there and the
    /// help to read (`See 'openclaw gateway --help'.`, which names the command).
    var message: String {
        let command = path.joined(separator: " ")
        var text = "unknown subcommand '\(word)'"
        if let suggestion { text += "; did you mean '\(suggestion)'?" }
        text += "\nSubcommands: \(choices.joined(separator: ", ")). See '\(command) --help'."
        return text
    }

    /// Walks `arguments` down from `root` while they name subcommands; the first other word where subcommands are
    /// expected (before any option) is the finding. Options end the walk: the parser judges those.
    static func find(root: any ParsableCommand.Type, rootName: String, arguments: [String]) -> SubcommandSuggestion? {
        var command = root
        var path = [rootName]
        for word in arguments {
            if word.hasPrefix("-") { return nil }
            let subcommands = command.configuration.subcommands
            if subcommands.isEmpty { return nil }
            if let next = subcommands.first(where: { $0._commandName == word || $0.configuration.aliases.contains(word) }) {
                command = next
                path.append(word)
                continue
            }
            if word == "help" { return nil }
            let names = subcommands.map { $0._commandName }
            let nearest = names
                .map { (name: $0, distance: editDistance($0, word)) }
                .filter { $0.distance <= 2 && $0.distance < $0.name.count }
                .min { $0.distance < $1.distance }
            return SubcommandSuggestion(path: path, word: word, suggestion: nearest?.name, choices: names)
        }
        return nil
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a.lowercased()), y = Array(b.lowercased())
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: y.count + 1), count: x.count + 1)
        for i in 0...x.count { d[i][0] = i }
        for j in 0...y.count { d[0][j] = j }
        for i in 1...x.count {
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[x.count][y.count]
    }
}
