import Foundation

/// The tests' one child-environment helper: the runner's environment without what would steer a child gateway or
/// doctor away from the test's own state (a token, `XDG_RUNTIME_DIR`, so locks go under the test's state directory,
/// `OPENCLAW_STATE_DIR`, the port, bind and bind-host settings, the doctor's namespace and file-root redirections,
/// `XDG_CONFIG_HOME`, `NO_COLOR` unless given), with a private `HOME` when asked and `extra` on top. `ChildSpawn` puts
/// the sbin directories in front of `PATH` for every child.
public enum ChildEnvironment {
    /// The keys removed from the runner's environment.
    public static let removed = [
        "XDG_RUNTIME_DIR", "OPENCLAW_GATEWAY_TOKEN", "OPENCLAW_STATE_DIR", "NO_COLOR", "OPENCLAW_DOCTOR_NETNS",
        "OPENCLAW_DOCTOR_FILE_ROOT", "XDG_CONFIG_HOME", "OPENCLAW_GATEWAY_PORT", "OPENCLAW_GATEWAY_BIND",
        "OPENCLAW_GATEWAY_BIND_HOST",
    ]

    /// The environment for a child: the runner's, less `removed`, `HOME` set to `home` when given, then `extra`.
    public static func clean(home: String? = nil, extra: [String: String] = [:]) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        for key in removed { env.removeValue(forKey: key) }
        if let home { env["HOME"] = home }
        for (key, value) in extra { env[key] = value }
        return env
    }
}
