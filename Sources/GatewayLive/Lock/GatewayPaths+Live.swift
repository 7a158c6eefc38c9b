import FoundationEssentials
import Gateway

extension GatewayPaths {
    /// `GatewayPaths.resolve` for this process: a relative `--state-dir` or `OPENCLAW_STATE_DIR` is made absolute
    /// against the process's working directory, read here (`FileManager.default.currentDirectoryPath`, `getcwd(3)`)
    /// once per call; the rest (`environment`, `home`) is the caller's. The core's `resolve` reads nothing.
    public static func resolveInWorkingDirectory(stateDirOverride: String?, environment: [String: String], home: String) -> GatewayPaths {
        resolve(stateDirOverride: stateDirOverride, environment: environment, home: home,
                currentDirectory: FileManager.default.currentDirectoryPath)
    }
}
