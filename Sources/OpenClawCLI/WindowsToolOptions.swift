import NetProbe
import NetProbeLive

/// The Windows tools' options from the environment: `OPENCLAW_WINDOWS_TIMEOUT_MS` (the one deadline for the whole
/// set, 1-10000 ms, default 1500: `WindowsTimeoutSetting`; a bad value is an error naming the variable and the value)
/// and the test hook `OPENCLAW_WSL_CONF` (the `wsl.conf` to read instead of `/etc/wsl.conf`, so a test can point
/// `[automount] root` at stand-in tools).
enum WindowsToolOptions {
    static func from(_ environment: [String: String]) throws(WindowsTimeoutSetting.BadValue) -> WindowsToolRunner.Options {
        var options = WindowsToolRunner.Options()
        if let timeout = try WindowsTimeoutSetting.parse(environment).get() { options.timeout = timeout }
        if let path = environment["OPENCLAW_WSL_CONF"], path.hasPrefix("/") { options.wslConfPath = path }
        return options
    }
}
