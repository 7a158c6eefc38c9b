import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Issue 9, items 7, 9 and 10: the command line refuses what it cannot do and agrees with itself.
@Suite("command line refusals and help", .serialized)
struct CommandLineAgreementTests {
    static func requireBinaries() throws {
        try #require(FileManager.default.isExecutableFile(atPath: DoctorTestSupport.doctorBinary), "build first")
        try #require(FileManager.default.isExecutableFile(atPath: DoctorTestSupport.openclawBinary), "build first")
    }

    static func openclaw(_ arguments: [String], home: String? = nil, extra: [String: String] = [:]) async throws -> DoctorTestSupport.Run {
        try await DoctorTestSupport.run(DoctorTestSupport.openclawBinary, arguments,
                                        environment: DoctorTestSupport.environment(home: home, extra: extra))
    }

    static func doctor(_ arguments: [String], home: String? = nil) async throws -> DoctorTestSupport.Run {
        try await DoctorTestSupport.run(DoctorTestSupport.doctorBinary, arguments, environment: DoctorTestSupport.environment(home: home))
    }

    @Test("--port 0 is refused with 64 by every gateway command (2 by the doctor), and no gateway-0.lock is taken")
    func portZero() async throws {
        try Self.requireBinaries()
        let state = DoctorTestSupport.temporaryDirectory("port0")
        for command in [["gateway", "run"], ["gateway", "status"], ["gateway", "stop"], ["gateway", "probe"], ["gateway", "unit"]] {
            let run = try await Self.openclaw(command + ["--port", "0", "--state-dir", state])
            #expect(run.code == 64, "\(command): \(String(describing: run.code)) \(run.stderr)")
            #expect(run.stderr.contains("--port must be 1 to 65535"), "\(command): \(run.stderr)")
            #expect(!run.stdout.contains("listening"))
        }
        #expect(!FileManager.default.fileExists(atPath: state + "/run/gateway-0.lock"))
        let doctor = try await Self.doctor(["--port", "0", "--snapshot", Fixtures.path("captures/native-debian.txt")])
        #expect(doctor.code == 2 && doctor.stderr.contains("--port must be 1 to 65535"), "\(doctor.stderr)")
    }

    @Test("a misspelt subcommand is a usage error with a suggestion, never a started gateway; bare `gateway` prints help")
    func misspeltSubcommand() async throws {
        try Self.requireBinaries()
        let state = DoctorTestSupport.temporaryDirectory("typo")
        let typo = try await Self.openclaw(["gateway", "stauts", "--state-dir", state])
        #expect(typo.code == 64, "\(String(describing: typo.code)) \(typo.stdout) \(typo.stderr)")
        #expect(typo.stderr.contains("unknown subcommand 'stauts'; did you mean 'status'?"), "\(typo.stderr)")
        #expect(!typo.stdout.contains("listening") && !FileManager.default.fileExists(atPath: state + "/run"))
        let far = try await Self.openclaw(["gateway", "frobnicate"])
        #expect(far.code == 64 && far.stderr.contains("unknown subcommand 'frobnicate'") && !far.stderr.contains("did you mean"))
        let top = try await Self.openclaw(["gatewya"])
        #expect(top.code == 64 && top.stderr.contains("did you mean 'gateway'?"), "\(top.stderr)")

        let bare = try await Self.openclaw(["gateway"])
        #expect(bare.code == 0, "\(bare.stderr)")
        #expect(bare.stdout.contains("SUBCOMMANDS:") && bare.stdout.contains("run") && bare.stdout.contains("status"), "\(bare.stdout)")
        #expect(!bare.stdout.contains("listening"))

        let doctorTypo = try await Self.doctor(["captrue"])
        #expect(doctorTypo.code == 2 && doctorTypo.stderr.contains("did you mean 'capture'?"), "\(doctorTypo.stderr)")
        let doctorTypoJSON = try await Self.doctor(["captrue", "--json"])
        #expect(doctorTypoJSON.code == 2 && doctorTypoJSON.stdout.contains("\"usage\""), "\(doctorTypoJSON.stdout)")
    }

    @Test("help: the doctor's top page shows the report's options and the subcommands; names and defaults are right")
    func help() async throws {
        try Self.requireBinaries()
        for (run, name) in [(try await Self.doctor(["--help"]), "openclaw-doctor"),
                            (try await Self.openclaw(["doctor", "--help"]), "openclaw doctor")] {
            #expect(run.code == 0, "\(run.stderr)")
            for option in ["--json", "--port", "--snapshot", "--redact", "--fix", "--dry-run", "--only", "--probe-timeout", "--state-dir"] {
                #expect(run.stdout.contains(option), "\(name) --help lacks \(option):\n\(run.stdout)")
            }
            #expect(run.stdout.contains("SUBCOMMANDS:") && run.stdout.contains("capture"), "\(run.stdout)")
            #expect(run.stdout.contains("USAGE: \(name) "), "\(run.stdout)")
        }
        let nested = try await Self.openclaw(["doctor", "capture", "--help"])
        #expect(nested.stdout.contains("openclaw doctor capture"), "\(nested.stdout)")
        for arguments in [["gateway", "run", "--help"], ["gateway", "status", "--help"], ["gateway", "probe", "--help"], ["doctor", "report", "--help"]] {
            let page = try await Self.openclaw(arguments).stdout
            #expect(page.contains("--port"), "\(arguments): \(page)")
            // Wrapped lines joined: an option's help never ends "(default 500). (default: 500)".
            let joined = page.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(!joined.contains(") (default: ") && !joined.contains("). (default: "), "a default printed twice in \(arguments):\n\(page)")
        }
    }
}
