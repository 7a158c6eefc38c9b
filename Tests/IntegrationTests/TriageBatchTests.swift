import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// `openclaw-doctor triage FILE...` / `triage DIR` (issue 19 item 6): one verdict per report, `--json` as JSON lines
/// and a summary, an unreadable file an error line naming it while the rest go on, the exit code; the progress line
/// and the standard-input hint only on a terminal (run under `script(1)`, which gives the child a pty).
@Suite("openclaw-doctor triage: many reports at once", .serialized)
struct TriageBatchTests {
    /// A directory of reports: a decided one (constructed: WSL2 NAT, high confidence), an undecided one (prose only),
    /// a public issue body in a subdirectory (WSL2 mirrored, low confidence: undecided), a file that is not UTF-8, and
    /// a symbolic link (not followed).
    static func makeReports(_ home: String) throws -> String {
        let dir = home + "/reports"
        try FileManager.default.createDirectory(atPath: dir + "/sub", withIntermediateDirectories: true)
        try Self.decided.write(toFile: dir + "/a-nat.md", atomically: true, encoding: .utf8)
        try "The gateway does not start. Please help.\n".write(toFile: dir + "/b-prose.md", atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(atPath: Fixtures.path("issues/docs1967-mirrored.md"), toPath: dir + "/sub/c-mirrored.md")
        try Data([0x41, 0xC3, 0x28, 0x0A]).write(to: URL(fileURLWithPath: dir + "/d-bad.md"))
        try FileManager.default.createSymbolicLink(atPath: dir + "/e-link.md", withDestinationPath: dir + "/a-nat.md")
        return dir
    }

    static let decided = """
        ```
        $ cat /proc/version
        Linux version 5.15.167.4-microsoft-standard-WSL2 (root@host) (gcc) #1 SMP
        $ wslinfo --networking-mode
        nat
        $ ip rule
        0:\tfrom all lookup local
        32766:\tfrom all lookup main
        32767:\tfrom all lookup default
        ```
        """

    static func lines(_ text: String) -> [[String: Any]] {
        text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    @Test("triage DIR --json: one JSON line per file in path order, the link skipped, the bad file an error; summary last; exit 2")
    func directoryJSON() async throws {
        try DoctorHarness.requireBinaries()
        let h = DoctorHarness()
        defer { h.cleanUp() }
        let dir = try Self.makeReports(h.home)
        let run = try await h.run(["triage", dir, "--json"], plain: true)
        #expect(run.code == 2, "\(run.stderr)")
        #expect(run.stderr.isEmpty, "no progress line when stderr is not a terminal: \(run.stderr)")
        let objects = Self.lines(run.stdout)
        #expect(objects.count == run.stdout.split(separator: "\n").count, "every line is one JSON object")
        let files = objects.compactMap { $0["file"] as? String }.map { String($0.dropFirst(dir.count + 1)) }
        #expect(files == ["a-nat.md", "b-prose.md", "d-bad.md", "e-link.md", "sub/c-mirrored.md"], "\(files)")
        #expect(objects[0]["verdict"] as? String == "wsl2 nat" && objects[0]["exitCode"] as? Int == 0, "\(objects[0])")
        #expect(objects[1]["verdict"] as? String == "unknown" && objects[1]["exitCode"] as? Int == 1)
        #expect((objects[2]["error"] as? String)?.contains("d-bad.md") == true, "\(objects[2])")
        #expect(objects[3]["skipped"] as? String == "symbolic link, not followed")
        #expect(objects[4]["verdict"] as? String == "wsl2 mirrored" && objects[4]["exitCode"] as? Int == 1, "\(objects[4])")
        let summary = try #require(objects.last?["summary"] as? [String: Any])
        #expect(summary["reports"] as? Int == 4 && summary["decided"] as? Int == 1 && summary["unreadable"] as? Int == 1)
        #expect(summary["undecided"] as? Int == 2 && summary["skipped"] as? Int == 1 && summary["exitCode"] as? Int == 2)
        let verdicts = try #require(summary["verdicts"] as? [String: Int])
        #expect(verdicts == ["wsl2 mirrored": 1, "unknown": 1, "wsl2 nat": 1], "\(verdicts)")
    }

    @Test("triage FILE FILE (text): one block per file, a missing file an error line naming it, the summary's counts; exit 1 or 2")
    func filesText() async throws {
        try DoctorHarness.requireBinaries()
        let h = DoctorHarness()
        defer { h.cleanUp() }
        let dir = try Self.makeReports(h.home)
        let run = try await h.run(["triage", dir + "/a-nat.md", h.home + "/missing.md", dir + "/b-prose.md"], plain: true)
        #expect(run.code == 2)
        let out = run.stdout
        #expect(out.contains("\(dir)/a-nat.md:\n  verdict: wsl2 nat (confidence high); exit 0\n"), "\(out)")
        #expect(out.contains("\(h.home)/missing.md: error: ") && out.contains("missing.md"), "\(out)")
        #expect(out.contains("\(dir)/b-prose.md:\n  verdict: unknown (confidence low); exit 1\n"), "\(out)")
        #expect(out.contains("  ask for: uname -r;"), "\(out)")
        #expect(out.hasSuffix("triage of 3 reports: 1 decided, 1 undecided, 1 unreadable\n  unknown: 1\n  wsl2 nat: 1\n"), "\(out)")
        // Readable and decided only: exit 0; an undecided one: exit 1.
        let good = try await h.run(["triage", dir + "/a-nat.md", dir + "/a-nat.md"], plain: true)
        #expect(good.code == 0, "\(good.stdout)")
        let mixed = try await h.run(["triage", dir + "/a-nat.md", dir + "/sub/c-mirrored.md"], plain: true)
        #expect(mixed.code == 1, "\(mixed.stdout)")
        // --capture-out writes one capture: refused with many reports.
        let refused = try await h.run(["triage", dir, "--capture-out", h.home + "/c.txt"], plain: true)
        #expect(refused.code == 64, "\(refused.stderr)")
    }

    /// Runs `command` (a shell line) under `script(1)`: the child's standard streams are a pty; what it wrote there
    /// comes back as script's output.
    static func underTerminal(_ command: String, input: String = "", home: String) async throws -> DoctorTestSupport.Run {
        try await DoctorTestSupport.run(
            "/bin/sh", ["-c", "printf '%b' \"$1\" | script -qec \"$2\" /dev/null", "sh", input, command],
            environment: ChildEnvironment.clean(home: home), timeout: .seconds(120))
    }

    @Test("on a terminal: the progress line goes to stderr (the pty), never into the redirected JSON")
    func progressOnTerminal() async throws {
        try DoctorHarness.requireBinaries()
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else { return }
        let h = DoctorHarness()
        defer { h.cleanUp() }
        let dir = try Self.makeReports(h.home)
        let out = h.home + "/out.jsonl"
        let run = try await Self.underTerminal("'\(DoctorTestSupport.doctorBinary)' triage '\(dir)' --json > '\(out)'", home: h.home)
        #expect(run.stdout.contains("triage: [1/5] \(dir)/a-nat.md"), "\(run.stdout)")
        #expect(run.stdout.contains("triage: [5/5] \(dir)/sub/c-mirrored.md"), "\(run.stdout)")
        let written = try String(contentsOfFile: out, encoding: .utf8)
        #expect(!written.contains("triage: [") && Self.lines(written).count == 6, "\(written)")
    }

    @Test("triage with no file on a terminal says it reads standard input and how to end it; piped, it says nothing")
    func stdinHint() async throws {
        try DoctorHarness.requireBinaries()
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else { return }
        let h = DoctorHarness()
        defer { h.cleanUp() }
        let run = try await Self.underTerminal("'\(DoctorTestSupport.doctorBinary)' triage --json",
                                               input: "Linux version 5.15.167.4-microsoft-standard-WSL2\\n\\004", home: h.home)
        #expect(run.stdout.contains("reading the report from standard input") && run.stdout.contains("Ctrl-D"), "\(run.stdout)")
        #expect(run.stdout.contains("\"kind\" : \"wsl2\"") || run.stdout.contains("\"kind\":\"wsl2\""), "\(run.stdout)")
        let piped = try await DoctorTestSupport.run(
            "/bin/sh", ["-c", "printf 'uname -r\\n' | \"$1\" triage", "sh", DoctorTestSupport.doctorBinary],
            environment: ChildEnvironment.clean(home: h.home), timeout: .seconds(60))
        #expect(!piped.stderr.contains("standard input"), "\(piped.stderr)")
    }
}
