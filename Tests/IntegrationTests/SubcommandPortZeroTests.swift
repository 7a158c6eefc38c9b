import Foundation
import Testing
import TestSupport

/// `--port 0` is refused by `PortOption.validate()` alone (the subcommands no longer repeat the check): a usage error,
/// exit 64 (EX_USAGE, as every usage error of both tools) with the option named, for `triage` and `bugreport` as for
/// the report.
@Suite("triage and bugreport: --port 0 is a usage error")
struct SubcommandPortZeroTests {
    @Test("triage --port 0 and bugreport --port 0 exit 64 naming --port; nothing is written")
    func portZero() async throws {
        try DoctorHarness.requireBinaries()
        let h = DoctorHarness()
        defer { h.cleanUp() }
        let out = h.home + "/never.txt"
        for arguments in [["triage", Fixtures.path("issues/docs1967-mirrored.md"), "--port", "0", "--capture-out", out],
                          ["bugreport", "--port", "0", "-o", out]] {
            let run = try await h.run(arguments, plain: true)
            #expect(run.code == 64, "\(arguments): \(run.stderr)")
            #expect(run.stderr.contains("--port must be 1 to 65535"), "\(arguments): \(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out), "\(arguments) wrote \(out)")
        }
    }
}
