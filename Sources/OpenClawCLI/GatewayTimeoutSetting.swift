import ArgumentParser
import Gateway

/// A millisecond timeout of `gateway run` that an option sets, else an environment variable, else a default.
struct GatewayTimeoutSetting {
    let option: String
    let variable: String
    let fallback: Duration

    static let handshake = GatewayTimeoutSetting(
        option: "--handshake-timeout", variable: "OPENCLAW_GATEWAY_HANDSHAKE_TIMEOUT_MS", fallback: GatewayTimeouts.handshake)
    static let requestHead = GatewayTimeoutSetting(
        option: "--request-head-timeout", variable: "OPENCLAW_GATEWAY_REQUEST_HEAD_TIMEOUT_MS",
        fallback: GatewayTimeouts.requestHead)

    /// The option's value (its text as given), else the variable's, else the default; a value outside 1...600000
    /// (or text that is not a whole number) is a usage error naming where it came from and the value.
    func resolve(option given: String?, environment: [String: String]) throws -> Duration {
        let range = GatewayTimeouts.allowedMilliseconds
        if let given { return .milliseconds(try MillisecondsValue.parse(given, option: option, range: range)) }
        guard let text = environment[variable], !text.isEmpty else { return fallback }
        guard let parsed = Int(text), range.contains(parsed) else {
            throw ValidationError(
                "\(variable) must be a whole number of milliseconds between \(range.lowerBound) and \(range.upperBound) (got \"\(text)\").")
        }
        return .milliseconds(parsed)
    }
}
