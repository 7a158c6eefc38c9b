import Foundation
import Gateway
import NetProbe

/// The machine-facing pieces the gateway commands plug into the Gateway library.
enum GatewayEnvironment {
    /// The environment verdict for the start plan: the live machine, read by NetProbe and classified.
    /// The socket tables (`/proc/net/tcp{,6}`) are not read: the classifier does not use them, and each costs a
    /// walk of the kernel's TCP hash table (docs/performance.md).
    static func liveVerdict() -> EnvironmentVerdict {
        Classifier.classify(LiveReader(options: .init(readsSocketTables: false)).read())
    }

    /// The probe, port-owner table and IPv6 check used by `gateway run` and `gateway probe`.
    /// On WSL the Windows half is asked after a refused bind (at most the Windows tools' deadline, 1.5 s by default).
    static func startDependencies() -> StartDependencies {
        var dependencies = StartDependencies.live
        var configured = WindowsToolOptions.from(ProcessInfo.processInfo.environment)
        configured.timeout = min(configured.timeout, .seconds(2))  // the start waits at most 2 s for Windows
        let options = configured
        dependencies.windowsHalf = { port in WindowsConsult.from(WindowsFacts.readLive(options: options), port: port) }
        return dependencies
    }

    /// State and lock paths from `--state-dir`, the environment and the home directory.
    static func paths(stateDir: String?) -> GatewayPaths {
        GatewayPaths.resolve(
            stateDirOverride: stateDir, environment: ProcessInfo.processInfo.environment,
            home: FileManager.default.homeDirectoryForCurrentUser.path)
    }
}
