import FoundationEssentials
import NetProbe

/// One setting of the gateway's configuration: its key in `<state>/openclaw.json`, its environment variable, its
/// default, and how a file value or a variable's text becomes a value. Adding a setting is one line in
/// `GatewayConfigKeys`; `GatewaySettings.resolve(_:option:)` applies the one precedence: option > environment >
/// file > default (docs/configuration.md).
public struct ConfigKey<Value: Sendable>: Sendable {
    /// The dotted path in `openclaw.json`, e.g. `gateway.port`; nil for a setting the file cannot hold.
    public let path: String?
    /// The environment variable, e.g. `OPENCLAW_GATEWAY_PORT`; nil when there is none.
    public let variable: String?
    /// The value when no option, variable or file sets it.
    public let fallback: Value
    /// What a valid value looks like, for errors: "a whole number from 1 to 65535".
    public let expected: String
    /// A secret: its value is never printed (errors say only that it is invalid).
    public let isSecret: Bool
    let fromJSON: @Sendable (JSONValue) -> Value?
    let fromText: @Sendable (String) -> Value?

    public init(path: String?, variable: String?, fallback: Value, expected: String, isSecret: Bool = false,
                fromJSON: @escaping @Sendable (JSONValue) -> Value?, fromText: @escaping @Sendable (String) -> Value?) {
        self.path = path
        self.variable = variable
        self.fallback = fallback
        self.expected = expected
        self.isSecret = isSecret
        self.fromJSON = fromJSON
        self.fromText = fromText
    }
}

extension ConfigKey where Value == UInt16 {
    /// A TCP port, 1 to 65535 (0 is refused: the kernel would pick a random port per bind address).
    public static func port(_ path: String?, variable: String?, fallback: UInt16) -> ConfigKey {
        ConfigKey(path: path, variable: variable, fallback: fallback, expected: "a whole number from 1 to 65535",
                  fromJSON: { $0.intValue.flatMap(Self.validPort) }, fromText: { Int($0).flatMap(Self.validPort) })
    }

    private static func validPort(_ value: Int) -> UInt16? { (1...65535).contains(value) ? UInt16(value) : nil }
}

extension ConfigKey where Value: RawRepresentable & CaseIterable, Value.RawValue == String {
    /// One of a fixed set of words (`loopback`, `lan`, ...).
    public static func word(_ path: String?, variable: String?, fallback: Value) -> ConfigKey {
        ConfigKey(path: path, variable: variable, fallback: fallback,
                  expected: "one of " + Value.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "),
                  fromJSON: { $0.stringValue.flatMap(Value.init(rawValue:)) }, fromText: { Value(rawValue: $0) })
    }
}

extension ConfigKey where Value == String? {
    /// An optional string; nil when nothing sets it. An empty string is refused (leave the key out instead).
    public static func text(_ path: String?, variable: String?, secret: Bool = false) -> ConfigKey {
        ConfigKey(path: path, variable: variable, fallback: nil, expected: "a non-empty string", isSecret: secret,
                  fromJSON: { json -> String?? in
                      guard let text = json.stringValue, !text.isEmpty else { return nil }
                      return .some(text)
                  },
                  fromText: { text -> String?? in text.isEmpty ? nil : .some(text) })
    }
}

extension ConfigKey where Value == String? {
    /// A secret string (a token): any string, blank included, so the caller can refuse a blank one by name; its
    /// value is never shown in errors.
    public static func secret(_ path: String?, variable: String?) -> ConfigKey {
        ConfigKey(path: path, variable: variable, fallback: nil, expected: "a string", isSecret: true,
                  fromJSON: { json -> String?? in json.stringValue.map { .some($0) } },
                  fromText: { text -> String?? in .some(text) })
    }
}

extension ConfigKey where Value == [String] {
    /// A list of strings; the variable holds them separated by commas.
    public static func textList(_ path: String?, variable: String?) -> ConfigKey {
        ConfigKey(path: path, variable: variable, fallback: [], expected: "an array of strings",
                  fromJSON: { json in
                      guard case .array(let items) = json else { return nil }
                      let texts = items.compactMap(\.stringValue)
                      return texts.count == items.count ? texts : nil
                  },
                  fromText: { text in
                      text.split(separator: ",").map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
                  })
    }
}
