import ArgumentParser
import FoundationEssentials

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
    /// expected (before any option) is the finding. Options end the walk: the parser judges those. `help` before the
    /// names is stepped over (`openclaw-doctor help captrue` printed the top help, exit 0, as if nothing were wrong).
    static func find(root: any ParsableCommand.Type, rootName: String, arguments: [String]) -> SubcommandSuggestion? {
        var command = root
        var path = [rootName]
        var helpSeen = false
        for word in arguments {
            if word.hasPrefix("-") { return nil }
            let subcommands = command.configuration.subcommands
            if subcommands.isEmpty { return nil }
            if let next = subcommands.first(where: { $0._commandName == word || $0.configuration.aliases.contains(word) }) {
                command = next
                path.append(word)
                continue
            }
            if word == "help" {
                if helpSeen || path.count > 1 { return nil }
                helpSeen = true
                continue
            }
            return finding(path: path, word: word, choices: subcommands.map { $0._commandName })
        }
        return nil
    }

    /// `find` for a line whose options stand before the misspelt word (`openclaw-doctor --json captrue`, which the
    /// parser calls an unexpected argument). Called only after the parser refused the line, since it reads the
    /// command tree's own dump (`_dumpHelp`): each option is stepped over by its definition there, a flag one word,
    /// an option with a value two (`--port=1` one). An option the tree does not define, or `--`, ends the walk.
    static func findPastOptions(root: any ParsableCommand.Type, rootName: String, arguments: [String]) -> SubcommandSuggestion? {
        guard let tree = try? JSONDecoder().decode(DumpedTool.self, from: Data(root._dumpHelp().utf8)) else { return nil }
        var node = tree.command
        var path = [rootName]
        var index = 0
        while index < arguments.count {
            let word = arguments[index]
            if word == "--" { return nil }
            if word.hasPrefix("-") {
                guard let argument = node.argument(spelled: word) else { return nil }
                index += argument.kind == "option" && !word.contains("=") ? 2 : 1
                continue
            }
            let subcommands = (node.subcommands ?? []).filter { $0.commandName != "help" }
            if subcommands.isEmpty { return nil }
            if let next = subcommands.first(where: { $0.commandName == word }) {
                node = next
                path.append(word)
                index += 1
                continue
            }
            if word == "help" { return nil }
            return finding(path: path, word: word, choices: subcommands.map(\.commandName))
        }
        return nil
    }

    /// The finding for `word` at `path`: the nearest of `choices` (at most 2 edits, fewer than its length), if any.
    private static func finding(path: [String], word: String, choices: [String]) -> SubcommandSuggestion {
        let nearest = choices
            .map { (name: $0, distance: editDistance($0, word)) }
            .filter { $0.distance <= 2 && $0.distance < $0.name.count }
            .min { $0.distance < $1.distance }
        return SubcommandSuggestion(path: path, word: word, suggestion: nearest?.name, choices: choices)
    }

    /// The part of argument-parser's `--experimental-dump-help` document the walk reads.
    private struct DumpedTool: Decodable {
        var command: DumpedCommand
    }

    private struct DumpedCommand: Decodable {
        struct Argument: Decodable {
            struct Name: Decodable {
                var kind: String
                var name: String
            }
            var kind: String
            var names: [Name]?
        }
        var commandName: String
        var arguments: [Argument]?
        var subcommands: [DumpedCommand]?

        /// The flag or option `word` names (`--long`, `--long=value`, `-s`, `-longWithSingleDash`).
        func argument(spelled word: String) -> Argument? {
            let spelled = String(word.split(separator: "=", maxSplits: 1).first ?? "")
            return arguments?.first { argument in
                (argument.names ?? []).contains { name in
                    switch name.kind {
                    case "long": return spelled == "--" + name.name
                    case "short", "longWithSingleDash": return spelled == "-" + name.name
                    default: return false
                    }
                }
            }
        }
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
