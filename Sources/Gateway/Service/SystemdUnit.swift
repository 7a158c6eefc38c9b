/// The systemd user unit for a supervised gateway. Pure text rendering.
///
/// `Restart=always` with `RestartSec=5` restarts after crashes; `RestartPreventExitStatus=78` stops the loop when a
/// gateway already runs or the configuration is refused (exit 78), the loop upstream falls into (issue 53877).
/// Exit 75 (port held by something else) is retried: the holder may go away. `StartLimitBurst=5` in
/// `StartLimitIntervalSec=60` ends any other loop (upstream's issue 28191: 43,175 restarts in one boot);
/// `TimeoutStopSec=10` bounds a stop before SIGKILL. No `network-online.target`: a user manager has no such unit.
public enum SystemdUnit {
    /// The unit file text. `executable` must be an absolute, resolved path.
    public static func render(executable: String, port: UInt16, stateDirectory: String?, extraArguments: [String] = []) -> String {
        var arguments = [quote(executable), "gateway", "run", "--port", String(port)]
        if let stateDirectory { arguments += ["--state-dir", quote(stateDirectory)] }
        arguments += extraArguments.map(quote)
        return """
            [Unit]
            Description=OpenClaw gateway (port \(port))
            StartLimitBurst=5
            StartLimitIntervalSec=60

            [Service]
            Type=simple
            ExecStart=\(arguments.joined(separator: " "))
            Restart=always
            RestartSec=5
            RestartPreventExitStatus=78
            TimeoutStopSec=10
            # A token belongs in an EnvironmentFile readable only by you, e.g.:
            # EnvironmentFile=%h/.openclaw/gateway.env   (OPENCLAW_GATEWAY_TOKEN=...)

            [Install]
            WantedBy=default.target

            """
    }

    /// systemd command-line quoting: double quotes when the word holds spaces, quotes, backslashes or `%`.
    static func quote(_ word: String) -> String {
        let escapedPercent = word.replacingOccurrences(of: "%", with: "%%")
        guard escapedPercent.contains(where: { $0 == " " || $0 == "\"" || $0 == "\\" || $0 == "'" || $0 == "\t" }) else {
            return escapedPercent
        }
        let escaped = escapedPercent.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "\"\(escaped)\""
    }
}
