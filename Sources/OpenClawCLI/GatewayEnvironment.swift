import Foundation
import Gateway
import NetProbe

/// The machine-facing pieces the gateway commands plug into the Gateway library.
enum GatewayEnvironment {
    /// The environment verdict for the start plan.
    ///
    /// INTEGRATION: replace with the live NetProbe classification, i.e.
    /// `Classifier.classify(LiveReader.read())` once branches `live` and `classify` are merged.
    static func liveVerdict() -> EnvironmentVerdict {
        // INTEGRATION: a verdict built from nothing until the live reader and classifier are wired in.
        EnvironmentVerdict(kind: .unknown, confidence: .low, evidence: [])
    }

    /// The probe, port-owner table and IPv6 check used by `gateway run` and `gateway probe`.
    static func startDependencies() -> StartDependencies { .live }

    /// State and lock paths from `--state-dir`, the environment and the home directory.
    static func paths(stateDir: String?) -> GatewayPaths {
        GatewayPaths.resolve(
            stateDirOverride: stateDir, environment: ProcessInfo.processInfo.environment,
            home: FileManager.default.homeDirectoryForCurrentUser.path)
    }
}
