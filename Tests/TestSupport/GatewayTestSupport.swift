import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Helpers for gateway tests: the built `openclaw` binary and child processes (free ports: `TestPorts`; temporary
/// directories: `TestDirectory`; child environments: `ChildEnvironment`).
public enum GatewayTestSupport {
    /// `.build/debug/openclaw` of this checkout (built by `swift build --build-tests`).
    public static var openclawBinary: String { BuiltExecutables.openclaw }

}
