import Foundation
import NetProbe
import Testing
import TestSupport

/// `--version` on both tool names: one plain line, `NAME VERSION`, from the toolkit's one version.
@Suite("--version of openclaw and openclaw-doctor")
struct VersionEndToEndTests {
    static func run(_ binary: String, _ arguments: [String]) async throws -> DoctorTestSupport.Run {
        try #require(FileManager.default.isExecutableFile(atPath: binary), "build first")
        return try await DoctorTestSupport.run(binary, arguments, environment: ChildEnvironment.clean())
    }

    @Test("each name prints its own name and the toolkit's version on stdout, exit 0, nothing on stderr",
          arguments: [
              (DoctorTestSupport.openclawBinary, ["--version"], "openclaw"),
              (DoctorTestSupport.openclawBinary, ["doctor", "--version"], "openclaw"),
              (DoctorTestSupport.openclawBinary, ["gateway", "--version"], "openclaw"),
              (DoctorTestSupport.doctorBinary, ["--version"], "openclaw-doctor"),
              (DoctorTestSupport.doctorBinary, ["--version", "--json"], "openclaw-doctor"),
          ])
    func versionLine(binary: String, arguments: [String], name: String) async throws {
        let run = try await Self.run(binary, arguments)
        #expect(run.code == 0, "\(arguments): \(run.stderr)")
        #expect(run.stdout == "\(name) \(NetProbeVersion.string)\n", "\(arguments): \(run.stdout)")
        #expect(run.stderr.isEmpty, "\(arguments): \(run.stderr)")
    }

    @Test("--help of both roots lists --version")
    func helpListsVersion() async throws {
        for (binary, arguments) in [(DoctorTestSupport.openclawBinary, ["--help"]), (DoctorTestSupport.doctorBinary, ["--help"])] {
            let run = try await Self.run(binary, arguments)
            #expect(run.code == 0 && run.stdout.contains("--version"), "\(binary) --help:\n\(run.stdout)")
        }
    }
}
