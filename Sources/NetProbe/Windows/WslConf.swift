/// `/etc/wsl.conf`, the keys that decide whether and where Windows programs can be run (INI text, parsed with the
/// `.wslconfig` line reader: case-insensitive names, `#`/`;` comments, CRLF and BOM tolerated).
public struct WslConf: Sendable, Equatable {
    /// `[interop] enabled`; `nil` when unset (WSL's default is on) or not a boolean.
    public var interopEnabled: Bool?
    /// The entry it came from, for the line to change.
    public var interopEntry: WslConfigEntry?
    /// `[interop] appendWindowsPath`.
    public var appendWindowsPath: Bool?
    /// `[automount] root`, normalised to end with `/`; `nil` when unset (WSL's default is `/mnt/`).
    public var automountRoot: String?

    public static let defaultAutomountRoot = "/mnt/"

    public init(parsing text: String) {
        let (entries, _) = WslConfigLines.parse(text)
        func last(_ section: String, _ key: String) -> WslConfigEntry? {
            entries.last { $0.matches(section: section, key: key) }
        }
        interopEntry = last("interop", "enabled")
        interopEnabled = interopEntry.flatMap { Self.boolean($0.value) }
        appendWindowsPath = last("interop", "appendWindowsPath").flatMap { Self.boolean($0.value) }
        if let root = last("automount", "root")?.value.trimmingSpaces(), root.hasPrefix("/") {
            automountRoot = root.hasSuffix("/") ? root : root + "/"
        }
    }

    /// The automount root to use: the configured one, else `/mnt/`.
    public var effectiveAutomountRoot: String { automountRoot ?? Self.defaultAutomountRoot }

    /// WSL's boolean spellings: `true`/`false`, `1`/`0`, `yes`/`no` (case-insensitive); `nil` otherwise.
    static func boolean(_ value: String) -> Bool? {
        switch value.trimmingSpaces().lowercased() {
        case "true", "1", "yes", "on": return true
        case "false", "0", "no", "off": return false
        default: return nil
        }
    }
}
