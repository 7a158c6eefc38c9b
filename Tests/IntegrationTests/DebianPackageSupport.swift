import Foundation
import Testing
import TestSupport

/// The Debian package under test: `$OPENCLAW_DEB` when set (a package `make package` built, e.g. in CI), else
/// `scripts/package` run once per test process (incremental: its release build lives in `.build-package/swift`).
enum DebianPackage {
    struct Built: Sendable {
        /// The `.deb` file.
        var path: String
        /// `scripts/package`'s standard error (step times, lintian's output), empty for `$OPENCLAW_DEB`.
        var log: String
    }

    /// The package, built at most once per process.
    static let built = Task<Built, any Error> {
        if let given = ProcessInfo.processInfo.environment["OPENCLAW_DEB"], !given.isEmpty {
            guard FileManager.default.fileExists(atPath: given) else {
                throw PackageBuildFailed(status: -1, log: "OPENCLAW_DEB=\(given) does not exist (under make test: scripts/package failed; its output is above the tests')")
            }
            return Built(path: given, log: "")
        }
        let script = Fixtures.repositoryRoot.appendingPathComponent("scripts/package").path
        // A cold release build takes many minutes on a loaded machine: this deadline only bounds a hung build.
        let result = try await SpawnedChild.run(script, [], timeout: TestDeadline.scaled(.seconds(3 * 3600)))
        let path = result.stdout.split(separator: "\n").last.map(String.init) ?? ""
        guard result.status == 0, path.hasSuffix(".deb") else {
            throw PackageBuildFailed(status: result.status, log: result.stderr)
        }
        return Built(path: path, log: result.stderr)
    }

    struct PackageBuildFailed: Error, CustomStringConvertible {
        var status: Int32
        var log: String
        var description: String { "scripts/package exited \(status):\n\(log.suffix(6000))" }
    }

    /// Runs `executable arguments` and returns its result (a failure to start throws).
    static func run(_ executable: String, _ arguments: [String], input: String? = nil) async throws -> ChildResult {
        try await SpawnedChild.run(executable, arguments, input: input, timeout: TestDeadline.scaled(.seconds(600)))
    }

    /// A field of the package's control file (`dpkg-deb -f`).
    static func field(_ deb: String, _ name: String) async throws -> String {
        let result = try await run("/usr/bin/dpkg-deb", ["-f", deb, name])
        try #require(result.status == 0, "dpkg-deb -f \(name): \(result.stderr)")
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
