/// Where the gateway keeps its state and its per-port lock files. A pure function of the environment, the home and the working directory.
///
/// - state directory: `--state-dir`, else `OPENCLAW_STATE_DIR`, else `~/.openclaw`;
/// - lock directory: `$XDG_RUNTIME_DIR/openclaw` when `XDG_RUNTIME_DIR` is set to an absolute path, else `<state>/run`;
/// - lock file: `<lock directory>/gateway-<port>.lock`; canvas root: `<state>/canvas`.
public struct GatewayPaths: Sendable, Equatable {
    public var stateDirectory: String
    public var lockDirectory: String

    public init(stateDirectory: String, lockDirectory: String) {
        self.stateDirectory = stateDirectory
        self.lockDirectory = lockDirectory
    }

    /// Resolves the paths from an explicit `--state-dir`, the process environment and the home directory.
    ///
    /// The state directory is made absolute here, once, at input (`currentDirectory`, the process's working directory
    /// as the edge read it: `resolveInWorkingDirectory` in GatewayLive):
    /// a relative `--state-dir` or `OPENCLAW_STATE_DIR` becomes `<cwd>/<path>` with `.` components and repeated
    /// slashes dropped (`..` is kept: only the kernel knows what it means past a symlink), so every consumer (the
    /// lock, `--fix`'s ownership test against `realpath(3)`, the canvas root) compares the same absolute path.
    public static func resolve(stateDirOverride: String?, environment: [String: String], home: String,
                               currentDirectory: String) -> GatewayPaths {
        var state: String
        if let override = stateDirOverride, !override.isEmpty {
            state = override
        } else if let env = environment["OPENCLAW_STATE_DIR"], !env.isEmpty {
            state = env
        } else {
            state = join(home, ".openclaw")
        }
        state = absolute(state, in: currentDirectory)
        let lock: String
        if let runtime = environment["XDG_RUNTIME_DIR"], runtime.hasPrefix("/") {
            lock = join(runtime, "openclaw")
        } else {
            lock = join(state, "run")
        }
        return GatewayPaths(stateDirectory: state, lockDirectory: lock)
    }

    /// `path` made absolute against `directory`, `.` components and empty ones dropped (pure).
    static func absolute(_ path: String, in directory: String) -> String {
        let full = path.hasPrefix("/") ? path : directory + "/" + path
        let parts = full.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }
        return "/" + parts.joined(separator: "/")
    }

    /// The lock file for one port.
    public func lockFile(port: UInt16) -> String { GatewayPaths.join(lockDirectory, "gateway-\(port).lock") }

    /// The canvas root served under `/__openclaw__/canvas/`.
    public var canvasDirectory: String { GatewayPaths.join(stateDirectory, "canvas") }

    /// `base/name`, with one slash between them. Pure.
    public static func join(_ base: String, _ name: String) -> String {
        base.hasSuffix("/") ? base + name : base + "/" + name
    }
}
