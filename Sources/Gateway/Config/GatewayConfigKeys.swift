/// Every setting the gateway's commands read through `GatewaySettings`, one line each: the key in
/// `<state>/openclaw.json`, the environment variable, the default. docs/configuration.md lists them.
public enum GatewayConfigKeys {
    public static let port: ConfigKey<UInt16> = .port("gateway.port", variable: "OPENCLAW_GATEWAY_PORT", fallback: 18789)
    public static let bind: ConfigKey<BindMode> = .word("gateway.bind", variable: "OPENCLAW_GATEWAY_BIND", fallback: .loopback)
    public static let customBindHost: ConfigKey<String?> = .text("gateway.customBindHost", variable: "OPENCLAW_GATEWAY_BIND_HOST")
    /// Blank values are kept (not "unset"), so that `TokenPolicy` refuses them with the source named.
    public static let token: ConfigKey<String?> = .secret("gateway.auth.token", variable: "OPENCLAW_GATEWAY_TOKEN")
    public static let allowedOrigins: ConfigKey<[String]> = .textList("gateway.controlUi.allowedOrigins", variable: nil)
}
