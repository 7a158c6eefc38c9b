/// One distribution plain `wsl -l` (`wsl --list`, `wsl -l -q`) names: its name, and whether it is the default.
/// Plain `wsl -l` prints no VERSION column: it never says WSL1 or WSL2.
public struct WslListedName: Sendable, Equatable, Codable {
    /// The registered name (`Ubuntu-22.04`).
    public var name: String
    /// The line carries WSL's default mark (`Ubuntu (Default)`, `Ubuntu (Standard)`, `Ubuntu (既定値)`).
    public var isDefault: Bool
    /// 1-based line in the text it was read from.
    public var line: Int

    public init(name: String, isDefault: Bool, line: Int) {
        self.name = name
        self.isDefault = isDefault
        self.line = line
    }
}

/// Plain `wsl.exe -l` / `wsl --list` as it prints it (`ListDistributionsHelper` in microsoft/WSL's
/// `src/windows/common/WslClient.cpp`): the header `Windows Subsystem for Linux Distributions:`
/// (`MessageRegisteredDistrosHeader`), then one name per line, the default's as `{} (Default)`
/// (`MessagePrintDistroDefault`), both localised in the 22 languages WSL ships (`strings`, extracted verbatim from
/// WSL's `localization/strings/*/Resources.resw`: docs/data/wsl-list-strings.tsv). `wsl -l -q` prints the names
/// alone. NUL characters (UTF-16 read as bytes) and carriage returns are dropped, no-break spaces read as blanks.
/// Pure; never fails.
public enum WslListNames {
    /// The names, in text order: a line holding one distribution name (letters, digits, `.`, `-`, `_`), or a name
    /// with the default mark of any language; the header and every other line (a `wsl -l -v` row) skipped.
    public static func parse(_ text: String) -> [WslListedName] {
        var names: [WslListedName] = []
        for (index, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            if case .name(let name, let isDefault)? = line(String(raw)) {
                names.append(WslListedName(name: name, isDefault: isDefault, line: index + 1))
            }
        }
        return names
    }

    /// What one line of `wsl -l` is.
    public enum Line: Sendable, Equatable {
        case header
        case name(String, isDefault: Bool)
    }

    /// The line's meaning, or `nil` when it is no line `wsl -l` prints.
    public static func line(_ text: String) -> Line? {
        let clean = normalized(text)
        guard !clean.isEmpty else { return nil }
        if headers.contains(clean) { return .header }
        if let name = defaultName(clean) { return .name(name, isDefault: true) }
        if !clean.contains(" "), WslDistributionList.isName(clean) { return .name(clean, isDefault: false) }
        return nil
    }

    /// `Ubuntu (Default)` (any language) -> `Ubuntu`; `nil` for other lines (the mark alone, prose before it).
    public static func defaultName(_ text: String) -> String? {
        let clean = normalized(text)
        let lowered = clean.lowercased()
        for mark in defaultMarks where lowered.hasSuffix(mark) {
            let name = String(clean.dropLast(mark.count)).trimmingSpaces()
            if WslDistributionList.isName(name) { return name }
        }
        return nil
    }

    /// Whether the line is the header in one of WSL's languages (`Windows Subsystem for Linux Distributions:`).
    public static func isHeader(_ text: String) -> Bool { headers.contains(normalized(text)) }

    /// NULs and carriage returns dropped, no-break spaces as blanks, runs of blanks as one, trimmed.
    static func normalized(_ text: String) -> String {
        let scalars = text.unicodeScalars.compactMap { scalar -> Unicode.Scalar? in
            if scalar.value == 0 || scalar == "\r" { return nil }
            return scalar == "\u{A0}" || scalar == "\u{202F}" || scalar == "\t" ? " " : scalar
        }
        var out = String.UnicodeScalarView()
        for scalar in scalars where !(scalar == " " && out.last == " ") { out.append(scalar) }
        return String(out).trimmingSpaces()
    }

    /// The headers, normalised.
    static let headers: Set<String> = Set(strings.filter { $0.name == "MessageRegisteredDistrosHeader" }.map { normalized($0.value) })

    /// The default marks without the name, lower case, longest first (` (default)`, `(기본값)`).
    static let defaultMarks: [String] = Set(strings.filter { $0.name == "MessagePrintDistroDefault" }.map {
        normalized($0.value.replacingFirst("{}", with: "")).lowercased()
    }).sorted { $0.count > $1.count }
}

extension String {
    /// `self` with its first `target` replaced (FoundationEssentials has no `replacingOccurrences`).
    fileprivate func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = firstRange(of: target) else { return self }
        var copy = self
        copy.replaceSubrange(range, with: replacement)
        return copy
    }
}
