import NetProbe

/// A configuration value that cannot be used: names the file and line, or the variable, and what is wrong.
/// `gateway run` exits 78 (EX_CONFIG) on it, the other gateway commands 78 too, the doctor 2 (`config-invalid`).
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Where a setting's value came from.
public enum ConfigSource: Sendable, Equatable {
    case option
    case environment(variable: String)
    case file(path: String, line: Int)
    case fallback
}

/// The sources of the gateway's configuration for one command: the process environment and
/// `<state>/openclaw.json`, read once. Every command (`gateway run|status|stop|probe|unit`, the doctor) resolves
/// its settings here, with one precedence: option > environment variable > file > default.
///
/// The file is JSON, with `//` and `/* */` comments and trailing commas accepted (JSON5's, as upstream's file may be
/// hand-edited); keys this project does not use are ignored (upstream's file holds many more). A
/// missing file is no file; a file that cannot be read (permission, not a regular file) is reported in `warnings`
/// and skipped; a file that is not JSON, not an object, or over 1 MiB is a `ConfigError`, and so is a value of
/// the wrong type or range for a key that is used.
public struct GatewaySettings: Sendable {
    /// `openclaw.json` in the state directory.
    public static func filePath(stateDirectory: String) -> String { GatewayPaths.join(stateDirectory, "openclaw.json") }
    /// The largest configuration file read.
    public static let fileLimit = 1 << 20

    public let environment: [String: String]
    public let filePath: String
    let document: JSONNode?
    /// What could not be read, one sentence each (the command prints them on standard error).
    public let warnings: [String]

    /// Pure: the sources from the environment and the file's text (nil: no file). The file read is
    /// `load(stateDirectory:environment:)` in `GatewayLive`.
    public init(environment: [String: String], filePath: String, fileText: String?, warnings: [String] = []) throws(ConfigError) {
        self.environment = environment
        self.filePath = filePath
        self.warnings = warnings
        guard let fileText else {
            document = nil
            return
        }
        let parsed: JSONNode
        do throws(JSONReadError) {
            parsed = try JSONReader.node(Array(fileText.utf8), options: .configuration)
        } catch {
            throw ConfigError("\(filePath): line \(error.line): \(error.message) (the file must be JSON; comments and trailing commas are accepted)")
        }
        guard parsed.members != nil else {
            throw ConfigError("\(filePath): line \(parsed.line): the top level must be a JSON object ({ ... })")
        }
        document = parsed
    }

    /// The value of `key`: `option` when given, else the variable's (when set and not empty), else the file's,
    /// else the default. A variable or file value that is not valid is an error naming it (a secret's value is
    /// never shown).
    public func resolve<Value>(_ key: ConfigKey<Value>, option: Value?) throws(ConfigError) -> Value {
        try resolveWithSource(key, option: option).value
    }

    /// For a key whose value is optional (`gateway.customBindHost`): a nil option means "not given".
    public func resolve<Wrapped>(_ key: ConfigKey<Wrapped?>, option: Wrapped?) throws(ConfigError) -> Wrapped? {
        try resolveWithSource(key, option: option.map { .some($0) }).value
    }

    /// The value of `key` and where it came from.
    public func resolveWithSource<Value>(_ key: ConfigKey<Value>, option: Value?) throws(ConfigError) -> (value: Value, source: ConfigSource) {
        if let option { return (option, .option) }
        if let variable = key.variable, let text = environment[variable], !text.isEmpty {
            guard let value = key.fromText(text) else {
                let shown = key.isSecret ? "" : " (got \"\(text)\")"
                throw ConfigError("\(variable) must be \(key.expected)\(shown)")
            }
            return (value, .environment(variable: variable))
        }
        if let path = key.path, let document {
            switch document.lookup(path) {
            case .absent, .found(.null, _):
                break
            case .parentNotObject(let parent, let line):
                throw ConfigError("\(filePath): line \(line): \"\(parent)\" must be an object to hold \"\(path)\"")
            case .found(let json, let line):
                guard let value = key.fromJSON(json) else {
                    let shown = key.isSecret ? "" : " (got \(json.text))"
                    throw ConfigError("\(filePath): line \(line): \"\(path)\" must be \(key.expected)\(shown)")
                }
                return (value, .file(path: filePath, line: line))
            }
        }
        return (key.fallback, .fallback)
    }

    /// The start configuration by the one precedence (option > environment > file > default; a `nil` option is not
    /// given), with where the bind mode and host came from, so a refusal's fix names the file, the variable or the
    /// option (`BindRefusalFix`). `tokenPresent` is left false: the token is resolved by `tokenSetting(option:)`.
    public func startConfiguration(
        port: UInt16?, bind: BindMode?, bindHost: String?, instanceCheck: InstanceCheck
    ) throws(ConfigError) -> StartConfiguration {
        let mode = try resolveWithSource(GatewayConfigKeys.bind, option: bind)
        // A nil option must stay "not given" (`.none`), not become a given nil.
        let host = try resolveWithSource(GatewayConfigKeys.customBindHost, option: bindHost.map { .some($0) })
        var start = StartConfiguration(
            port: try resolve(GatewayConfigKeys.port, option: port), bindMode: mode.value, bindHost: host.value,
            instanceCheck: instanceCheck)
        start.bindModeSource = mode.source
        start.bindHostSource = host.source
        return start
    }
}
