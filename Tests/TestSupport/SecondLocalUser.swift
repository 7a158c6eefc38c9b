import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A second local account for the end-to-end tests of issue 23 ("another local account"): root creates it with
/// `useradd -m` when it is missing, and commands run as it through `runuser -u USER --`.
///
/// Outside CI a test that cannot have it (not root, no `useradd`) is skipped with the reason; under `CI=true`
/// `require()` throws, so the test fails instead of skipping.
public struct SecondLocalUser: Sendable {
    /// The account's name (`openclaw-e2e`).
    public static let name = "openclaw-e2e"

    public let name: String
    public let uid: UInt32
    public let gid: UInt32
    public let home: String

    /// Whether the tests that need it run here: root, or `CI=true` (where `require()` fails instead of skipping).
    public static var enabled: Bool { Privilege.isRoot || Privilege.isCI }
    public static let skipReason: Comment = "needs root to create and act as a second local user (useradd, runuser); run as root or with CI=true"

    /// The account, created with `useradd -m` when missing. Throws (failing the test) when it cannot be had.
    public static func require() async throws -> SecondLocalUser {
        try Privilege.requireRoot()
        if let found = lookUp(name) { return found }
        let made = try await SpawnedChild.run("/usr/sbin/useradd", ["-m", "-s", "/bin/sh", name])
        // A concurrent test may have made it meanwhile (exit 9: already exists).
        if let found = lookUp(name) { return found }
        throw Missing(reason: "useradd -m \(name) failed: \(made)")
    }

    static func lookUp(_ name: String) -> SecondLocalUser? {
        guard let entry = getpwnam(name) else { return nil }
        return SecondLocalUser(name: name, uid: entry.pointee.pw_uid, gid: entry.pointee.pw_gid,
                               home: String(cString: entry.pointee.pw_dir))
    }

    /// `runuser` (util-linux): `/usr/sbin/runuser`, or `/sbin/runuser` where `/usr` is not merged.
    static var runuser: String {
        ["/usr/sbin/runuser", "/sbin/runuser"].first { FileManager.default.isExecutableFile(atPath: $0) } ?? "/usr/sbin/runuser"
    }

    /// `runuser -u NAME -- EXECUTABLE ARGUMENTS`, to completion.
    public func run(_ executable: String, _ arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment,
                    timeout: Duration = TestDeadline.process) async throws -> ChildResult {
        try await SpawnedChild.run(Self.runuser, ["-u", name, "--", executable] + arguments, environment: environment, timeout: timeout)
    }

    /// `runuser -u NAME -- EXECUTABLE ARGUMENTS`, started (runuser stays the parent of the program: stop the program
    /// by its own pid, which it should print).
    public func start(_ executable: String, _ arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment) throws -> SpawnedChild {
        try SpawnedChild.start(Self.runuser, ["-u", name, "--", executable] + arguments, environment: environment)
    }

    /// A copy of `executable` the account can run, in a fresh 0755 directory under `/tmp` (the build tree may not be
    /// searchable for it, as a checkout under `/root` is not).
    public func executableCopy(of executable: String) throws -> String {
        let dir = "/tmp/\(name)-bin-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        let copy = dir + "/" + URL(fileURLWithPath: executable).lastPathComponent
        try FileManager.default.copyItem(atPath: executable, toPath: copy)
        chmod(copy, 0o755)
        return copy
    }

    /// `sh -c SCRIPT` as the account; throws when it exits non-zero.
    public func shell(_ script: String) async throws {
        let result = try await run("/bin/sh", ["-c", script])
        if result.status != 0 { throw Missing(reason: "as \(name): sh -c \(script.debugDescription) failed: \(result)") }
    }

    public struct Missing: Error, CustomStringConvertible {
        public var reason: String
        public var description: String { reason }
    }
}
