import Foundation
import NetProbe
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// One executable, two names: `openclaw-doctor` is `openclaw` started under another name, and argv[0] alone picks
/// the tool. The commands and exit codes of both names are the other end-to-end suites' (they run both names).
@Suite("one executable answering to openclaw and openclaw-doctor")
struct MultiCallEndToEndTests {
    static func requireBuilt() throws {
        try #require(FileManager.default.isExecutableFile(atPath: BuiltExecutables.openclaw), "build first")
        try #require(FileManager.default.isExecutableFile(atPath: BuiltExecutables.doctor), "build first")
    }

    static func run(_ executable: String, _ arguments: [String]) async throws -> DoctorTestSupport.Run {
        try await DoctorTestSupport.run(executable, arguments, environment: ChildEnvironment.clean())
    }

    /// A fresh directory holding `names`, each a symbolic link to the built executable (or a copy of it).
    static func directory(_ names: [String], copy: Bool = false) throws -> String {
        let dir = TestDirectory.make("multicall")
        for name in names {
            if copy {
                try FileManager.default.copyItem(atPath: BuiltExecutables.openclaw, toPath: dir + "/" + name)
            } else {
                try FileManager.default.createSymbolicLink(atPath: dir + "/" + name, withDestinationPath: BuiltExecutables.openclaw)
            }
        }
        return dir
    }

    @Test("openclaw-doctor of the build is the same file as openclaw (one executable)")
    func sameFile() throws {
        try Self.requireBuilt()
        var doctor = stat(), openclaw = stat()
        try #require(stat(BuiltExecutables.doctor, &doctor) == 0 && stat(BuiltExecutables.openclaw, &openclaw) == 0)
        #expect(doctor.st_dev == openclaw.st_dev && doctor.st_ino == openclaw.st_ino)
    }

    @Test("a copy of the file picks its tool by the name it is started under, not by the file")
    func nameDecides() async throws {
        try Self.requireBuilt()
        let dir = try Self.directory(["openclaw-doctor"], copy: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.linkItem(atPath: dir + "/openclaw-doctor", toPath: dir + "/openclaw")
        let doctor = try await Self.run(dir + "/openclaw-doctor", ["--version"])
        #expect(doctor.code == 0 && doctor.stdout == "openclaw-doctor \(NetProbeVersion.string)\n", "\(doctor.stdout)\(doctor.stderr)")
        let openclaw = try await Self.run(dir + "/openclaw", ["--version"])
        #expect(openclaw.code == 0 && openclaw.stdout == "openclaw \(NetProbeVersion.string)\n", "\(openclaw.stdout)\(openclaw.stderr)")
        // A usage error exits 64 under either name (EX_USAGE).
        #expect(try await Self.run(dir + "/openclaw-doctor", ["--no-such-option"]).code == 64)
        #expect(try await Self.run(dir + "/openclaw", ["--no-such-option"]).code == 64)
    }

    @Test("any other name is refused with exit 64, naming the name and the two it answers to",
          arguments: ["openclaw-gateway", "doctor", "openclaw-doctor.old", "OpenClaw"])
    func unknownName(name: String) async throws {
        try Self.requireBuilt()
        let dir = try Self.directory([name])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for arguments in [[], ["--version"], ["gateway", "run"]] {
            let run = try await Self.run(dir + "/" + name, arguments)
            #expect(run.code == 64, "\(name) \(arguments): \(run.code.map(String.init) ?? "timeout") \(run.stderr)")
            #expect(run.stdout.isEmpty, "\(run.stdout)")
            #expect(run.stderr.contains("not as \"\(name)\"") && run.stderr.contains("openclaw or openclaw-doctor"), "\(run.stderr)")
        }
    }
}
