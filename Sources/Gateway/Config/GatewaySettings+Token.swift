extension GatewaySettings {
    /// The token and where it came from (`--token`, `OPENCLAW_GATEWAY_TOKEN`, `gateway.auth.token in PATH`), by the
    /// one precedence (option > environment > file); nil: none is set. A set but empty `OPENCLAW_GATEWAY_TOKEN` is
    /// returned as a blank token (not as "no token"), so `TokenPolicy.blankRefusal` refuses it by name: `gateway run`
    /// exits 78 on it and the doctor's `gateway.plan` fails with the same sentence. The value is never printed.
    public func tokenSetting(option: String?) throws(ConfigError) -> TokenSetting? {
        let variable = GatewayConfigKeys.token.variable ?? "OPENCLAW_GATEWAY_TOKEN"
        if option == nil, let raw = environment[variable], raw.isEmpty {
            return TokenSetting(value: raw, source: variable)
        }
        // A nil option must stay "not given" (`.none`), not become a given nil (`.some(nil)`), or the
        // environment and the file would never be read.
        let resolved = try resolveWithSource(GatewayConfigKeys.token, option: option.map { .some($0) })
        guard let value = resolved.value else { return nil }
        switch resolved.source {
        case .option, .fallback: return TokenSetting(value: value, source: "--token")
        case .environment(let name): return TokenSetting(value: value, source: name)
        case .file(let path, _): return TokenSetting(value: value, source: "gateway.auth.token in \(path)", file: path)
        }
    }
}
