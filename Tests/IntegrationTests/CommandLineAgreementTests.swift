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
                                        environment: ChildEnvironment.clean(home: home, extra: extra))
    }

    static func doctor(_ arguments: [String], home: String? = nil) async throws -> DoctorTestSupport.Run {
        try await DoctorTestSupport.run(DoctorTestSupport.doctorBinary, arguments, environment: ChildEnvironment.clean(home: home))
    }

    @Test("--port 0 is refused with 64 by every gateway command and by the doctor, and no gateway-0.lock is taken")
    func portZero() async throws {
        try Self.requireBinaries()
        let state = TestDirectory.make("port0")
        for command in [["gateway", "run"], ["gateway", "status"], ["gateway", "stop"], ["gateway", "probe"], ["gateway", "unit"]] {
            let run = try await Self.openclaw(command + ["--port", "0", "--state-dir", state])
            #expect(run.code == 64, "\(command): \(String(describing: run.code)) \(run.stderr)")
            #expect(run.stderr.contains("--port must be 1 to 65535"), "\(command): \(run.stderr)")
            #expect(!run.stdout.contains("listening"))
        }
        #expect(!FileManager.default.fileExists(atPath: state + "/run/gateway-0.lock"))
        let doctor = try await Self.doctor(["--port", "0", "--snapshot", Fixtures.path("captures/native-debian.txt")])
        #expect(doctor.code == 64 && doctor.stderr.contains("--port must be 1 to 65535"), "\(doctor.stderr)")
    }

    @Test("a misspelt subcommand is a usage error with a suggestion, never a started gateway; bare `gateway` prints help")
    func misspeltSubcommand() async throws {
        try Self.requireBinaries()
        let state = TestDirectory.make("typo")
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
        #expect(doctorTypo.code == 64 && doctorTypo.stderr.contains("did you mean 'capture'?"), "\(doctorTypo.stderr)")
        let doctorTypoJSON = try await Self.doctor(["captrue", "--json"])
        #expect(doctorTypoJSON.code == 64 && doctorTypoJSON.stdout.contains("\"usage\""), "\(doctorTypoJSON.stdout)")
        // The report's options before the word (a flag, an option and its value, `--opt=value`): the same finding,
        // not argument-parser's "Unexpected argument"; also under `openclaw doctor`.
        for line in [["--json", "captrue"], ["--port", "19000", "-v", "captrue"], ["--probe-timeout=300", "triag"]] {
            let run = try await Self.doctor(line)
            #expect(run.code == 64 && run.stderr.contains("unknown subcommand '\(line.last!)'; did you mean"), "\(line): \(run.stderr)")
            #expect(!run.stderr.contains("Unexpected argument"), "\(line): \(run.stderr)")
        }
        let viaOpenclaw = try await Self.openclaw(["doctor", "--json", "captrue"])
        #expect(viaOpenclaw.code == 64 && viaOpenclaw.stderr.contains("did you mean 'capture'?")
            && viaOpenclaw.stderr.contains("'openclaw doctor --help'"), "\(viaOpenclaw.stderr)")
        // `help WORD` with a misspelt WORD is the same usage error (it printed the top help, exit 0); `help capture` is help.
        let helpTypo = try await Self.doctor(["help", "captrue"])
        #expect(helpTypo.code == 64 && helpTypo.stderr.contains("did you mean 'capture'?"), "\(helpTypo.stderr)")
        let helpGatewayTypo = try await Self.openclaw(["help", "gateway", "stauts"])
        #expect(helpGatewayTypo.code == 64 && helpGatewayTypo.stderr.contains("did you mean 'status'?"), "\(helpGatewayTypo.stderr)")
        let helpCapture = try await Self.doctor(["help", "capture"])
        #expect(helpCapture.code == 0 && helpCapture.stdout.contains("USAGE: openclaw-doctor capture"), "\(helpCapture.stdout)")
        // A word after a subcommand without subcommands stays the parser's error.
        let extra = try await Self.doctor(["--json", "report", "extra"])
        #expect(extra.code == 64 && extra.stderr.contains("Unexpected argument 'extra'"), "\(extra.stderr)")
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
        // The root's page is argument-parser's own: every option of `report` and every subcommand, under both names.
        func optionNames(_ page: String) -> Set<String> {
            Set(page.split(separator: "\n").filter { $0.hasPrefix("  -") }.compactMap { line in
                line.split(separator: " ").first { $0.hasPrefix("--") }.map(String.init)
            })
        }
        let reportPage = try await Self.doctor(["report", "--help"]).stdout
        for page in [try await Self.doctor(["--help"]).stdout, try await Self.openclaw(["doctor", "--help"]).stdout] {
            #expect(optionNames(page).isSuperset(of: optionNames(reportPage).subtracting(["--help"])) && optionNames(reportPage).count >= 16,
                    "root \(optionNames(page).sorted()) vs report \(optionNames(reportPage).sorted())")
            for sub in ["report", "capture", "triage", "bugreport"] {
                #expect(page.contains("\n  \(sub) "), "\(sub) missing:\n\(page)")
            }
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

    @Test("one usage contract: exit 64 and one 'Error:' under both names; options after a doctor subcommand are its own or refused")
    func usageContract() async throws {
        try Self.requireBinaries()
        for (run, named) in [(try await Self.doctor(["--verison"]), "--verison"),
                             (try await Self.openclaw(["doctor", "--verison"]), "--verison"),
                             (try await Self.openclaw(["gateway", "status", "--frob"]), "--frob"),
                             (try await Self.openclaw(["gateway", "stauts"]), "stauts"),
                             (try await Self.doctor(["captrue"]), "captrue")] {
            #expect(run.code == 64, "\(named): \(String(describing: run.code)) \(run.stderr)")
            #expect(run.stderr.hasPrefix("Error: ") && run.stderr.components(separatedBy: "Error:").count == 2 && run.stderr.contains(named),
                    "one prefix, once: \(run.stderr)")
        }
        // The report's options are the root's: after a subcommand that does not take one, it is refused, never ignored.
        let capture = try await Self.doctor(["capture", "--json"])
        #expect(capture.code == 64 && capture.stderr.contains("--json is an option of the report, not of 'capture'"), "\(capture.stderr)")
        let triage = try await Self.doctor(["triage", Fixtures.path("issues/docs1967-mirrored.md"), "--fix"])
        #expect(triage.code == 64 && triage.stderr.contains("--fix is an option of the report, not of 'triage'"), "\(triage.stderr)")
        // Before the subcommand, a shared option is the subcommand's too.
        let before = try await Self.doctor(["--json", "triage", Fixtures.path("issues/docs1967-mirrored.md")])
        #expect((try? JSONSerialization.jsonObject(with: Data(before.stdout.utf8))) != nil, "\(before.stdout.prefix(200)) \(before.stderr)")
    }

    @Test("durations: milliseconds, the unit in the help; a negative or malformed value is named with the option; old spellings accepted")
    func durations() async throws {
        try Self.requireBinaries()
        let state = TestDirectory.make("durations")
        defer { try? FileManager.default.removeItem(atPath: state) }
        let cases: [([String], String, String)] = [
            (["gateway", "stop", "--stop-timeout", "-1"], "--stop-timeout must be between 1 and 600000 milliseconds", "(got -1)"),
            (["gateway", "stop", "--stop-timeout", "5s"], "--stop-timeout must be between 1 and 600000 milliseconds", "(got \"5s\")"),
            (["gateway", "stop", "--timeout", "-1"], "--timeout must be between 1 and 600 seconds", "(got -1)"),
            (["gateway", "status", "--probe-timeout", "-5"], "--probe-timeout must be between 1 and 60000 milliseconds", "(got -5)"),
            (["gateway", "probe", "--probe-timeout", "0"], "--probe-timeout must be between 1 and 60000 milliseconds", "(got 0)"),
            (["gateway", "probe", "--timeout", "70000"], "--timeout must be between 1 and 60000 milliseconds", "(got 70000)"),
            (["gateway", "run", "--handshake-timeout", "-1"], "--handshake-timeout must be between 1 and 600000 milliseconds", "(got -1)"),
            (["doctor", "--probe-timeout", "-1"], "--probe-timeout must be between 1 and 60000 milliseconds", "(got -1)"),
        ]
        for (arguments, message, got) in cases {
            let run = try await Self.openclaw(arguments + ["--state-dir", state])
            #expect(run.code == 64, "\(arguments): \(String(describing: run.code)) \(run.stderr)")
            #expect(run.stderr.contains(message) && run.stderr.contains(got), "\(arguments): \(run.stderr)")
        }
        for (command, option) in [("stop", "--stop-timeout <ms>"), ("probe", "--probe-timeout <ms>"), ("status", "--probe-timeout <ms>"),
                                  ("run", "--handshake-timeout <ms>")] {
            let page = try await Self.openclaw(["gateway", command, "--help"]).stdout
            #expect(page.contains(option) && page.contains("milliseconds"), "gateway \(command) --help:\n\(page)")
            #expect(!page.contains("--timeout <"), "the old spelling is accepted, not advertised: \(page)")
        }
        // --port -1 is a bad value of --port (argument-parser's message names both), not a missing value.
        for arguments in [["gateway", "status", "--port", "-1"], ["doctor", "--port", "-1"]] {
            let run = try await Self.openclaw(arguments)
            #expect(run.code == 64 && run.stderr.contains("'-1'") && run.stderr.contains("--port") && !run.stderr.contains("Missing value"),
                    "\(arguments): \(run.stderr)")
        }
        // The old spellings still work: nothing runs, so stop exits 0 and probe 3 (none answered).
        let stop = try await Self.openclaw(["gateway", "stop", "--timeout", "2", "--state-dir", state, "--port", "1"])
        #expect(stop.code == 0, "\(stop.stderr)")
        let probe = try await Self.openclaw(["gateway", "probe", "--timeout", "200", "--state-dir", state, "--port", "1", "--json"])
        #expect(probe.code == 3, "\(probe.stderr)")
        // One JSON style: one line, as the doctor's.
        #expect(probe.stdout.hasSuffix("}\n") && probe.stdout.filter { $0 == "\n" }.count == 1, "\(probe.stdout)")
    }
}
