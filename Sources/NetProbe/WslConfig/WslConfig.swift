import FoundationEssentials

/// The Windows-side `.wslconfig`, parsed: what the user REQUESTED (the effective mode comes from netlink).
///
/// INI text: `[section]` headers, `key = value` lines, `#` and `;` comments, section and key names
/// case-insensitive, a UTF-8 BOM and CRLF line ends tolerated. Every value keeps its 1-based line number.
/// Bad lines never stop the parse: they become `problems`.
public struct WslConfig: Sendable, Equatable {
    /// Most problems a report names (as evidence and in `env.wsl.config-keys`); the rest are counted.
    public static let listedProblems = 20

    /// Every `key = value` line, in file order.
    public var entries: [WslConfigEntry]
    /// `[wsl2] networkingMode` (or `[experimental] networkingMode` on early WSL 2.x); an unknown value means NAT.
    /// `consomme` reads as `.virtioproxy`. `nil` when not set.
    public var requestedNetworkingMode: WSLNetworkingMode?
    /// The entry `requestedNetworkingMode` came from (raw value and line).
    public var networkingModeEntry: WslConfigEntry?
    /// `[experimental] hostAddressLoopback`; `nil` when unset, misplaced or invalid.
    public var hostAddressLoopback: Bool?
    /// `[wsl2] localhostForwarding` (NAT only: whether WSL's relay forwards Windows' localhost to Linux listeners on
    /// loopback or the wildcard; WSL's default is `true`; ignored under mirrored networking); `nil` when unset,
    /// misplaced or invalid.
    public var localhostForwarding: Bool?
    /// `[experimental] ignoredPorts`, a comma list; invalid items are left out and reported.
    public var ignoredPorts: [Int]
    /// `dnsTunneling` from `[wsl2]` (or `[experimental]` on early 2.x).
    public var dnsTunneling: Bool?
    public var problems: [WslConfigProblem]

    /// Parses `.wslconfig` text; never fails.
    public init(parsing text: String) {
        let (entries, problems) = WslConfigLines.parse(text)
        self.entries = entries
        self.problems = problems
        self.ignoredPorts = []
        interpret()
    }

    /// Parses `.wslconfig` text; never fails.
    public static func parse(_ text: String) -> WslConfig { WslConfig(parsing: text) }

    /// The last entry for `key` in `section` (case-insensitive), as WSL reads it.
    public func entry(section: String, key: String) -> WslConfigEntry? {
        entries.last { $0.matches(section: section, key: key) }
    }

    /// Where WSL reads each key it matters to NetProbe, in order of preference.
    static let homes: [String: [String]] = [
        "networkingmode": ["wsl2", "experimental"],
        "dnstunneling": ["wsl2", "experimental"],
        "hostaddressloopback": ["experimental"],
        "ignoredports": ["experimental"],
        "localhostforwarding": ["wsl2"],
    ]

    private mutating func interpret() {
        for entry in entries {
            if let meant = WslConfigKeys.misspelling(of: entry.key) {
                problems.append(WslConfigProblem(line: entry.line, kind: .unknownKey(key: entry.key, section: entry.section, meant: meant)))
                continue
            }
            guard let homes = Self.homes[entry.key.lowercased()], let first = homes.first else { continue }
            let section = entry.section?.lowercased()
            if section == nil || !homes.contains(section ?? "") {
                problems.append(WslConfigProblem(
                    line: entry.line, kind: .keyInWrongSection(key: entry.key, section: entry.section, expected: first)))
            }
        }

        if let entry = homesFirst("networkingMode") {
            networkingModeEntry = entry
            if let mode = Self.networkingMode(entry.value) {
                requestedNetworkingMode = mode
            } else {
                requestedNetworkingMode = .nat
                problems.append(WslConfigProblem(line: entry.line, kind: .unknownNetworkingMode(entry.value)))
            }
        }
        if let entry = homesFirst("dnsTunneling") { dnsTunneling = bool(entry) }
        if let entry = homesFirst("hostAddressLoopback") { hostAddressLoopback = bool(entry) }
        if let entry = homesFirst("ignoredPorts") { ignoredPorts = ports(entry) }
        if let entry = homesFirst("localhostForwarding") { localhostForwarding = bool(entry) }
        problems.sort { $0.line < $1.line }
    }

    /// The entry for `key` from the first of its home sections that sets it.
    private func homesFirst(_ key: String) -> WslConfigEntry? {
        for section in Self.homes[key.lowercased()] ?? [] {
            if let entry = entry(section: section, key: key) { return entry }
        }
        return nil
    }

    /// `none|nat|bridged|mirrored|virtioproxy|consomme`, case-insensitive.
    static func networkingMode(_ text: String) -> WSLNetworkingMode? {
        switch text.lowercased() {
        case "none": return WSLNetworkingMode.none
        case "nat": return .nat
        case "bridged": return .bridged
        case "mirrored": return .mirrored
        case "virtioproxy", "consomme": return .virtioproxy
        default: return nil
        }
    }

    private mutating func bool(_ entry: WslConfigEntry) -> Bool? {
        switch entry.value.lowercased() {
        case "true", "1": return true
        case "false", "0": return false
        default:
            problems.append(WslConfigProblem(line: entry.line, kind: .invalidValue(key: entry.key, value: entry.value)))
            return nil
        }
    }

    private mutating func ports(_ entry: WslConfigEntry) -> [Int] {
        var result: [Int] = []
        if entry.value.trimmingSpaces().isEmpty { return result }
        for item in entry.value.split(separator: ",", omittingEmptySubsequences: false) {
            let text = item.trimmingSpaces()
            if let port = Int(text), (1...65535).contains(port) {
                if !result.contains(port) { result.append(port) }
            } else {
                problems.append(WslConfigProblem(line: entry.line, kind: .invalidValue(key: entry.key, value: text)))
            }
        }
        return result
    }
}
