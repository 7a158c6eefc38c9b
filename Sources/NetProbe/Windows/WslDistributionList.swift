/// One row of `wsl.exe -l -v` (`wsl --list --verbose`): a registered distribution, its state and its WSL version.
public struct WslDistribution: Sendable, Equatable, Codable {
    /// The distribution's registered name (`Ubuntu-22.04`); WSL allows no spaces in it.
    public var name: String
    /// The STATE column as printed (`Running`, `Stopped`, `Installing`, `Converting`, ...; words, maybe localised).
    public var state: String
    /// The VERSION column: 1 (WSL1) or 2 (WSL2).
    public var version: Int
    /// The row carries the `*` mark: the default distribution.
    public var isDefault: Bool
    /// 1-based line in the text it was read from.
    public var line: Int

    public init(name: String, state: String, version: Int, isDefault: Bool, line: Int) {
        self.name = name
        self.state = state
        self.version = version
        self.isDefault = isDefault
        self.line = line
    }
}

/// `wsl.exe -l -v` as it prints it: a header (`  NAME      STATE           VERSION`; `NAME`, `STATE`, `VERSION` are
/// fixed strings in `src/windows/inc/wsl.h` of microsoft/WSL, older inbox builds printed them localised, such as
/// German `NAME STATUS VERSION`), then one row per distribution, the default first and marked `*`
/// (`* Ubuntu    Running         2`). Read by the rows' shape, never by the header's words: an optional `*`, the name,
/// the state (one or more words), the version `1` or `2`. NUL characters (UTF-16 read as bytes) are dropped first.
/// Pure; never fails.
public enum WslDistributionList {
    /// The rows, in text order; empty when no line has a row's shape.
    public static func parse(_ text: String) -> [WslDistribution] {
        var rows: [WslDistribution] = []
        for (index, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            if let row = row(String(raw), line: index + 1, relaxed: false) { rows.append(row) }
        }
        return rows
    }

    /// One row's words (`*`, name, state words, version), or `nil` for a header or any other line. Unless `relaxed`
    /// (a line already inside a `wsl -l -v` block), a row (marked `*` or not) needs a state `wsl.exe` prints
    /// (`Running`, `Stopped`, `Installing`, `Uninstalling`, `Converting`, `Exporting`) or the column gap after the name
    /// (two blanks or more; `wsl.exe` pads the name to its longest plus four): prose (`it uses version 2`, a bullet
    /// `* I use WSL 2`) is no row.
    public static func row(_ text: String, line: Int, relaxed: Bool = true) -> WslDistribution? {
        let clean = String(String.UnicodeScalarView(text.unicodeScalars.filter { $0.value != 0 }))
        var words = clean.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map(String.init)
        var isDefault = false
        if words.first == "*" {
            isDefault = true
            words.removeFirst()
        } else if let first = words.first, first.hasPrefix("*"), first.count > 1 {
            isDefault = true
            words[0] = String(first.dropFirst())
        }
        guard words.count >= 3, words.count <= 6, let version = Int(words[words.count - 1]), version == 1 || version == 2,
              isName(words[0]) else { return nil }
        let state = words[1..<(words.count - 1)].joined(separator: " ")
        guard state.contains(where: \.isLetter) else { return nil }
        if !relaxed, !states.contains(state.lowercased()), !clean.contains(words[0] + "  ") { return nil }
        return WslDistribution(name: words[0], state: state, version: version, isDefault: isDefault, line: line)
    }

    /// The states `wsl.exe -l -v` prints (`src/windows/common/WslClient.cpp`, `ListDistributionsHelper`), lower case.
    static let states: Set<String> = ["running", "stopped", "installing", "uninstalling", "converting", "exporting"]

    /// WSL's distribution names: letters, digits, `.`, `-`, `_` (at most 64 here).
    static func isName(_ word: String) -> Bool {
        !word.isEmpty && word.count <= 64 && word.unicodeScalars.allSatisfy {
            ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "." || $0 == "-" || $0 == "_"
        }
    }

    /// Whether `words` are the header in a form it is printed in (`NAME STATE VERSION`, `NAME STATUS VERSION`): three
    /// words of capitals, the first `NAME`. Other languages' headers are skipped by the row shape.
    public static func isHeader(_ words: [String]) -> Bool {
        words.count == 3 && words[0] == "NAME" && words.allSatisfy { word in
            !word.isEmpty && word.allSatisfy { $0.isLetter && $0.isUppercase }
        }
    }
}
