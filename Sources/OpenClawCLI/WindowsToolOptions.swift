import NetProbe

/// The Windows tools' options from the environment: `OPENCLAW_WINDOWS_TIMEOUT_MS` (the one deadline for the whole
/// set, 1-10000 ms, default 1500; anything else keeps the default) and the test hook `OPENCLAW_WSL_CONF` (the
/// `wsl.conf` to read instead of `/etc/wsl.conf`, so a test can point `[automount] root` at stand-in tools).
enum WindowsToolOptions {
    static func from(_ environment: [String: String]) -> WindowsToolRunner.Options {
        var options = WindowsToolRunner.Options()
        if let text = environment["OPENCLAW_WINDOWS_TIMEOUT_MS"], let ms = Int(text), (1...10_000).contains(ms) {
            options.timeout = .milliseconds(ms)
        }
        if let path = environment["OPENCLAW_WSL_CONF"], path.hasPrefix("/") { options.wslConfPath = path }
        return options
    }
}
