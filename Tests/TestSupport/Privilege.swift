import Testing
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Gating for tests that need root (network and mount namespaces).
///
/// Outside CI such a test is skipped with a visible reason when not root. Under `CI=true` it is
/// never skipped: it runs, and `Privilege.requireRoot()` fails it if root is missing, so CI can
/// never go green by skipping the namespace tests.
public enum Privilege {
    public static var isRoot: Bool { geteuid() == 0 }
    public static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// Use as `.enabled(if: Privilege.rootTestsEnabled, Privilege.rootSkipReason)`.
    public static var rootTestsEnabled: Bool { isRoot || isCI }
    public static let rootSkipReason: Comment = "needs root (network/mount namespaces); run as root or with CI=true"

    /// Throws (failing the test) when not root; call first in every root-gated test.
    public static func requireRoot() throws {
        if !isRoot { throw RootRequired() }
    }

    public struct RootRequired: Error, CustomStringConvertible {
        public var description: String { "this test needs root, and CI=true forbids skipping it" }
    }
}
