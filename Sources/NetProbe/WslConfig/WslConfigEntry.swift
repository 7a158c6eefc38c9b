import FoundationEssentials

/// One `key = value` line of a `.wslconfig`, with its section and 1-based line number.
public struct WslConfigEntry: Sendable, Equatable {
    /// The section name as written (`wsl2`, `experimental`), `nil` above the first header.
    public var section: String?
    /// The key as written (`networkingMode`).
    public var key: String
    /// The value with surrounding blanks, quotes and any trailing comment removed.
    public var value: String
    public var line: Int

    public init(section: String?, key: String, value: String, line: Int) {
        self.section = section
        self.key = key
        self.value = value
        self.line = line
    }

    /// Case-insensitive match of section and key.
    func matches(section name: String, key wanted: String) -> Bool {
        section?.lowercased() == name.lowercased() && key.lowercased() == wanted.lowercased()
    }
}

/// The INI layer: lines to entries and parse problems. Knows nothing about WSL's keys.
enum WslConfigLines {
    static func parse(_ text: String) -> (entries: [WslConfigEntry], problems: [WslConfigProblem]) {
        var entries: [WslConfigEntry] = []
        var problems: [WslConfigProblem] = []
        var section: String?
        var body = Substring(text)
        if body.hasPrefix("\u{FEFF}") { body = body.dropFirst() }
        // Split on "\n" only (CRLF becomes one Character in Swift, so split on scalars).
        let lines = body.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, scalars) in lines.enumerated() {
            let number = index + 1
            let line = String(String.UnicodeScalarView(scalars)).trimmingSpacesAndNewlines()
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") {
                let content = stripComment(line)
                guard content.hasSuffix("]"), content.count >= 2 else {
                    problems.append(WslConfigProblem(line: number, kind: .unparseableLine(clip(line))))
                    continue
                }
                let name = content.dropFirst().dropLast().trimmingSpaces()
                guard !name.isEmpty, !name.contains("["), !name.contains("]") else {
                    problems.append(WslConfigProblem(line: number, kind: .unparseableLine(clip(line))))
                    continue
                }
                section = name
                continue
            }
            guard let equals = line.firstIndex(of: "=") else {
                problems.append(WslConfigProblem(line: number, kind: .unparseableLine(clip(line))))
                continue
            }
            let key = line[..<equals].trimmingSpaces()
            guard !key.isEmpty, !key.contains(where: { $0 == " " || $0 == "\t" || $0 == "[" || $0 == "]" }) else {
                problems.append(WslConfigProblem(line: number, kind: .unparseableLine(clip(line))))
                continue
            }
            let value = unquote(stripComment(String(line[line.index(after: equals)...])))
            entries.append(WslConfigEntry(section: section, key: key, value: value, line: number))
        }
        return (entries, problems)
    }

    /// Removes a `#` or `;` comment that is not inside double quotes, then trims.
    static func stripComment(_ text: String) -> String {
        var inQuotes = false
        var end = text.endIndex
        for index in text.indices {
            let character = text[index]
            if character == "\"" { inQuotes.toggle() }
            if !inQuotes, character == "#" || character == ";" {
                end = index
                break
            }
        }
        return text[..<end].trimmingSpaces()
    }

    static func unquote(_ text: String) -> String {
        if text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") {
            return String(text.dropFirst().dropLast())
        }
        return text
    }

    static func clip(_ text: String) -> String { text.count > 80 ? String(text.prefix(80)) + "…" : text }
}
