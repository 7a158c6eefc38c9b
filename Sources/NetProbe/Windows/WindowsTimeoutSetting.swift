/// `OPENCLAW_WINDOWS_TIMEOUT_MS`: the one deadline for the whole set of Windows tools (`WindowsToolRunner.Options.timeout`),
/// a whole number of milliseconds from 1 to 10000; unset or empty: the default, 1500 ms. Pure.
public enum WindowsTimeoutSetting {
    public static let variable = "OPENCLAW_WINDOWS_TIMEOUT_MS"
    public static let allowedMilliseconds = 1...10_000

    /// A value that is not a whole number of milliseconds in range; `message` names the variable and the value.
    public struct BadValue: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// The deadline the environment sets: `nil` when the variable is unset or empty (the default applies); a
    /// `BadValue` for anything else that is not a whole number from 1 to 10000 (`0`, `-5`, `1.5`, `1s`, `99999999`).
    public static func parse(_ environment: [String: String]) -> Result<Duration?, BadValue> {
        guard let text = environment[variable], !text.isEmpty else { return .success(nil) }
        guard text.allSatisfy(\.isASCII), let ms = Int(text), allowedMilliseconds.contains(ms) else {
            let shown = String(text.prefix(64)).unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7f ? "?" : String($0) }.joined()
            return .failure(BadValue(message: "\(variable) must be a whole number of milliseconds between "
                + "\(allowedMilliseconds.lowerBound) and \(allowedMilliseconds.upperBound) (got \"\(shown)\")"))
        }
        return .success(.milliseconds(ms))
    }
}
