/// Where the gateway keeps its state and its per-port lock files. A pure function of the environment.
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
    public static func resolve(stateDirOverride: String?, environment: [String: String], home: String) -> GatewayPaths {
        let state: String
        if let override = stateDirOverride, !override.isEmpty {
            state = override
        } else if let env = environment["OPENCLAW_STATE_DIR"], !env.isEmpty {
            state = env
        } else {
            state = join(home, ".openclaw")
        }
        let lock: String
        if let runtime = environment["XDG_RUNTIME_DIR"], runtime.hasPrefix("/") {
            lock = join(runtime, "openclaw")
        } else {
            lock = join(state, "run")
        }
        return GatewayPaths(stateDirectory: state, lockDirectory: lock)
    }

    /// The lock file for one port.
    public func lockFile(port: UInt16) -> String { GatewayPaths.join(lockDirectory, "gateway-\(port).lock") }

    /// The canvas root served under `/__openclaw__/canvas/`.
    public var canvasDirectory: String { GatewayPaths.join(stateDirectory, "canvas") }

    static func join(_ base: String, _ name: String) -> String {
        base.hasSuffix("/") ? base + name : base + "/" + name
    }
}
