import Foundation
import Testing
import TestSupport

/// `make doctor` (README's first command) judges the port every command reads (option > `OPENCLAW_GATEWAY_PORT` >
/// `gateway.port` of `openclaw.json` > 18789), and `make doctor PORT=N` port N. The Makefile's own recipe is run
/// (`make -o deps -o build doctor`: the built doctor, without installing packages or building again).
@Suite("make doctor reads the configured port")
struct MakeDoctorTests {
    static func makeDoctor(_ extraArguments: [String], environment extra: [String: String]) async throws -> DoctorTestSupport.Run {
        try DoctorHarness.requireBinaries()
        _ = BuiltExecutables.doctor
        let home = TestDirectory.make("make-doctor")
        defer { try? FileManager.default.removeItem(atPath: home) }
        var environment = ChildEnvironment.clean(home: home, extra: extra)
        environment.removeValue(forKey: "MAKEFLAGS")
        environment.removeValue(forKey: "MFLAGS")
        let root = Fixtures.repositoryRoot.path
        return try await DoctorTestSupport.run("/usr/bin/env", ["make", "-s", "--no-print-directory", "-C", root, "-o", "deps", "-o", "build", "doctor"] + extraArguments,
                                               environment: environment)
    }

    @Test("without PORT the doctor's header names OPENCLAW_GATEWAY_PORT's port, not 18789")
    func environmentPort() async throws {
        let port = DoctorTestSupport.quietPort()
        let run = try await Self.makeDoctor([], environment: ["OPENCLAW_GATEWAY_PORT": String(port)])
        let header = run.stdout.split(separator: "\n").first.map(String.init) ?? ""
        #expect(run.code == 0 || run.code == 1, "make doctor: \(run.stderr)")
        #expect(header.hasSuffix(", port \(port)"), "header: \(header)\n\(run.stderr)")
    }

    @Test("PORT=N is the doctor's --port N, over the environment")
    func makePort() async throws {
        let port = DoctorTestSupport.quietPort()
        let run = try await Self.makeDoctor(["PORT=\(port)"], environment: ["OPENCLAW_GATEWAY_PORT": String(port == 29999 ? 29998 : 29999)])
        let header = run.stdout.split(separator: "\n").first.map(String.init) ?? ""
        #expect(header.hasSuffix(", port \(port)"), "header: \(header)\n\(run.stderr)")
    }
}
