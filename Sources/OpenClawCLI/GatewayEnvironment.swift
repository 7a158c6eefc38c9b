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

    /// The probe, port-owner table and IPv6 check used by `gateway run`.
    static func startDependencies() -> StartDependencies {
        StartDependencies(
            probeLoopback: { hosts, port, timeout, selfInstanceId in
                // INTEGRATION: NetProbe `LoopbackProbe.probe(host:port:timeout:selfInstanceId:maxBytes:)` per host,
                // mapped to `ProbeFinding` (branch `probe`).
                []
            },
            portHolder: { port in
                // INTEGRATION: NetProbe `PortOwners.listeners(port:)` + `PortHolder.classify` (branch `probe`).
                nil
            },
            ipv6LoopbackAvailable: { LoopbackAvailability.ipv6() })
    }

    /// State and lock paths from `--state-dir`, the environment and the home directory.
    static func paths(stateDir: String?) -> GatewayPaths {
        GatewayPaths.resolve(
            stateDirOverride: stateDir, environment: ProcessInfo.processInfo.environment,
            home: FileManager.default.homeDirectoryForCurrentUser.path)
    }
}
