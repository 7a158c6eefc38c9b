import NetProbe

/// The `--version` line of both tool names: `NAME VERSION`, e.g. `openclaw 0.1.0`. The version is the toolkit's one
/// version, `NetProbeVersion.string` (also the gateway's identity and hello `version`); the Debian package's version
/// is read from this line (`scripts/package`).
public enum ToolVersion {
    /// `name` followed by a space and the toolkit's version, without a newline (ArgumentParser adds it).
    public static func line(_ name: String) -> String { "\(name) \(NetProbeVersion.string)" }
}
