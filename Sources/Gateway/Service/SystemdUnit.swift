/// The systemd user unit for a supervised gateway. Pure text rendering.
///
/// `Restart=always` with `RestartSec=5` restarts after crashes; `RestartPreventExitStatus=78` stops the loop when a
/// gateway already runs or the configuration is refused (exit 78), the loop upstream falls into (issue 53877).
/// Exit 75 (port held by something else) is retried: the holder may go away. `StartLimitBurst=5` in
/// `StartLimitIntervalSec=60` ends any other loop (upstream's issue 28191: 43,175 restarts in one boot);
/// `TimeoutStopSec=10` bounds a stop before SIGKILL. No `network-online.target`: a user manager has no such unit.
/// `SyslogIdentifier=openclaw-gateway` tags every line the gateway writes, so the doctor finds them by identifier
/// when journald could not attribute a line to the unit (a process that exits at once loses its unit tag).
/// The first line, `SystemdUnit.marker`, says this toolkit wrote it (`gateway install` replaces only such a unit
/// without `--force`).
public enum SystemdUnit {
    /// The comment that opens every unit this toolkit writes.
    public static let marker = "# Written by openclaw gateway install (openclaw-netprobe)"

    /// The gateway's `SyslogIdentifier=`, also what the doctor's journal query matches.
    public static let syslogIdentifier = "openclaw-gateway"

    /// The unit file text. `executable` must be an absolute, resolved path.
    public static func render(executable: String, port: UInt16, stateDirectory: String?, extraArguments: [String] = []) -> String {
        var arguments = [quote(executable), "gateway", "run", "--port", String(port)]
        if let stateDirectory { arguments += ["--state-dir", quote(stateDirectory)] }
        arguments += extraArguments.map(quote)
        return """
            \(marker); replaced by it, removed by 'openclaw gateway uninstall'.
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
            SyslogIdentifier=\(syslogIdentifier)
            # A token belongs in an EnvironmentFile readable only by you, e.g.:
            # EnvironmentFile=%h/.openclaw/gateway.env   (OPENCLAW_GATEWAY_TOKEN=...)

            [Install]
            WantedBy=default.target

            """
    }

    /// systemd command-line quoting: double quotes when the word holds spaces, quotes, backslashes or `%`.
    static func quote(_ word: String) -> String {
        let escapedPercent = word.replacing("%", with: "%%")
        guard escapedPercent.contains(where: { $0 == " " || $0 == "\"" || $0 == "\\" || $0 == "'" || $0 == "\t" }) else {
            return escapedPercent
        }
        let escaped = escapedPercent.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"")
        return "\"\(escaped)\""
    }
}
