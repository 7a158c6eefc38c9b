import ArgumentParser

/// Options shared by `openclaw gateway ...`, `openclaw doctor` and `openclaw-doctor`.
public struct PortOption: ParsableArguments, Sendable {
    @Option(name: .customLong("port"), help: "The gateway port (default: $OPENCLAW_GATEWAY_PORT, else gateway.port of <state>/openclaw.json, else 18789).")
    public var explicitPort: UInt16?

    /// `--port`, else 18789. Commands resolve the port through `GatewaySettings` (option > environment > file >
    /// default: docs/configuration.md); this is the value without the environment and the file.
    public var port: UInt16 { explicitPort ?? 18789 }
    /// Whether `--port` was given (else a configuration file may name the port).
    public var wasGiven: Bool { explicitPort != nil }

    public init() {}

    /// `--port 0` is refused (exit 64 under `openclaw`, 2 under the doctor): port 0 would make the kernel pick a
    /// different random port per bind address, and a lock named `gateway-0.lock` guards nothing.
    public func validate() throws {
        if explicitPort == 0 { throw ValidationError("--port must be 1 to 65535 (port 0 would let the kernel pick a random port)") }
    }
}

/// `--state-dir`: overrides `OPENCLAW_STATE_DIR` and the default `~/.openclaw`.
public struct StateDirOption: ParsableArguments, Sendable {
    @Option(name: .customLong("state-dir"), help: "State directory (default: $OPENCLAW_STATE_DIR or ~/.openclaw).")
    public var stateDir: String?

    public init() {}
}

/// `--json`: one JSON object on standard output and nothing else there.
public struct JSONOption: ParsableArguments, Sendable {
    @Flag(name: .long, help: "Print one JSON object on standard output.")
    public var json = false

    public init() {}
}
