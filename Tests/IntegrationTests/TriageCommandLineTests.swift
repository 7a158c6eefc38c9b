import Foundation
import NetProbe
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// `openclaw-doctor triage` end to end: the JSON (validated against the schema) with its `triage` part, the
/// derived capture replayed by `--snapshot` to the same verdict, `--redact`, standard input, exit codes.
@Suite("openclaw-doctor triage end to end", .serialized)
struct TriageCommandLineTests {
    static func fixture(_ name: String) -> String { Fixtures.path("issues/\(name)") }

    /// Runs with `--json` (no `--state-dir`: triage reads no machine state), validates against the schema.
    static func json(_ h: DoctorHarness, _ arguments: [String]) async throws -> (DoctorTestSupport.Run, [String: Any]) {
        let run = try await h.run(arguments + ["--json"], plain: true)
        try DoctorSchema.validate(run.stdout)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        return (run, object)
    }

    @Test("--json: the report shape plus triage (blocks, wouldDecide); --capture-out replays to the same verdict")
    func jsonAndReplay() async throws {
        try DoctorHarness.requireBinaries()
        let h = DoctorHarness()
        defer { h.cleanUp() }
        let out = h.home + "/derived.txt"
        let (run, report) = try await Self.json(h, ["triage", Self.fixture("docs1967-mirrored.md"), "--capture-out", out])
        #expect(run.code == 0 || run.code == 1, "\(run.stderr)")
        let environment = try #require(report["environment"] as? [String: Any])
        #expect(environment["kind"] as? String == "wsl2")
        #expect(environment["wslNetworkingMode"] as? String == "mirrored")
        let triage = try #require(report["triage"] as? [String: Any])
        let blocks = try #require(triage["blocks"] as? [[String: Any]])
        #expect(blocks.compactMap { $0["section"] as? String } == ["wslconfig", "ip-addr"])
        let asks = try #require(triage["wouldDecide"] as? [[String: Any]]).compactMap { $0["command"] as? String }
        #expect(asks.contains("ip rule") && asks.last == "openclaw-doctor capture", "\(asks)")
        // The derived capture, replayed.
        let (_, replay) = try await Self.json(h, ["--snapshot", out])
        let replayed = try #require(replay["environment"] as? [String: Any])
        for key in ["kind", "wslNetworkingMode", "confidence"] {
            #expect(replayed[key] as? String == environment[key] as? String, "\(key)")
        }
        #expect(replay["triage"] == nil)
    }

    @Test("--redact: prompt user and host names, MACs and addresses never leave; standard input works")
    func redactAndStdin() async throws {
        try DoctorHarness.requireBinaries()
        let h = DoctorHarness()
        defer { h.cleanUp() }
        let path = Self.fixture("docs1967-mirrored.md")
        let plain = try await h.run(["triage", path], plain: true)
        #expect(plain.stdout.contains("someuser") || plain.stdout.contains("c0:4b:24:10:20:03"), "the check below can fail")
        let out = h.home + "/redacted.txt"
        let run = try await DoctorTestSupport.run(
            "/bin/sh", ["-c", "cat \"$1\" | \"$2\" triage - --redact --json --capture-out \"$3\"", "sh", path,
                        DoctorTestSupport.doctorBinary, out],
            environment: ChildEnvironment.clean(home: h.home), timeout: .seconds(60))
        try DoctorSchema.validate(run.stdout)
        let capture = try String(contentsOfFile: out, encoding: .utf8)
        for secret in ["someuser", "devbox01", "c0:4b:24:10:20:03", "00:ff:a7:10:20:01"] {
            #expect(!run.stdout.contains(secret), "\(secret) in the JSON")
            #expect(!capture.contains(secret), "\(secret) in the capture")
        }
        #expect(run.stdout.contains("\"wslNetworkingMode\":\"mirrored\""), "redaction keeps the verdict: \(run.stdout.prefix(400))")
    }

    @Test("--capture-out follows capture -o's rules: a FIFO is written to and stays a FIFO; a symbolic link is refused")
    func captureOutTargets() async throws {
        try DoctorHarness.requireBinaries()
        let h = DoctorHarness()
        defer { h.cleanUp() }
        let path = Self.fixture("docs1967-mirrored.md")
        // A FIFO stands in for a device (/dev/null, /dev/stdout): replacing it by a regular file was the bug.
        let fifo = h.home + "/out.fifo", copy = h.home + "/copy.txt"
        #expect(mkfifo(fifo, 0o600) == 0)
        let run = try await DoctorTestSupport.run(
            "/bin/sh", ["-c", "cat \"$3\" > \"$4\" & \"$2\" triage \"$1\" --capture-out \"$3\" >/dev/null; s=$?; wait; exit $s",
                        "sh", path, DoctorTestSupport.doctorBinary, fifo, copy],
            environment: ChildEnvironment.clean(home: h.home), timeout: .seconds(60))
        #expect(run.code == 0 || run.code == 1, "\(String(describing: run.code)) \(run.stderr)")
        var st = stat()
        #expect(lstat(fifo, &st) == 0 && st.st_mode & S_IFMT == S_IFIFO, "still a FIFO")
        #expect(try String(contentsOfFile: copy, encoding: .utf8).contains("### ip-addr"))

        let target = h.home + "/target.txt", link = h.home + "/link.txt"
        try "keep me\n".write(toFile: target, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        let refused = try await h.run(["triage", path, "--capture-out", link], plain: true)
        #expect(refused.code == 2 && refused.stderr.contains("symbolic link"), "\(String(describing: refused.code)) \(refused.stderr)")
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "keep me\n")
    }

    @Test("exit codes: 1 for nothing recognisable, 2 for an unreadable input (JSON error object)")
    func exitCodes() async throws {
        try DoctorHarness.requireBinaries()
        let h = DoctorHarness()
        defer { h.cleanUp() }
        let prose = h.home + "/prose.md"
        try "It does not work.\n".write(toFile: prose, atomically: true, encoding: .utf8)
        let nothing = try await h.run(["triage", prose], plain: true)
        #expect(nothing.code == 1)
        #expect(nothing.stdout.contains("uname -r"), "asks for the kernel: \(nothing.stdout)")
        let missing = try await h.run(["triage", h.home + "/none.md", "--json"], plain: true)
        #expect(missing.code == 2)
        try DoctorSchema.validate(missing.stdout)
        #expect(missing.stdout.contains("input-unreadable"))
    }

    @Test("--port is the plan's port only: the environment and openclaw.json are not read; the header names the pasted report")
    func portAndHeader() async throws {
        try DoctorHarness.requireBinaries()
        let h = DoctorHarness()
        defer { h.cleanUp() }
        let path = Self.fixture("docs1967-mirrored.md")
        // OPENCLAW_GATEWAY_PORT is the gateway's and the doctor's; a pasted report is not this machine's.
        let plain = try await h.run(["triage", path], plain: true, extraEnvironment: ["OPENCLAW_GATEWAY_PORT": "19001"])
        let header = plain.stdout.split(separator: "\n").first.map(String.init) ?? ""
        #expect(header.contains(", port 18789 [pasted report \(path)]"), "\(header)")
        let given = try await h.run(["triage", path, "--port", "19002"], plain: true)
        #expect(given.stdout.split(separator: "\n").first?.contains(", port 19002 [pasted report") == true, "\(given.stdout.prefix(300))")
        let zero = try await h.run(["triage", path, "--port", "0"], plain: true)
        #expect(zero.code == 64 && zero.stderr.contains("--port must be 1 to 65535"), "\(zero.code.map(String.init) ?? "nil") \(zero.stderr)")
        let help = try await h.run(["triage", "--help"], plain: true)
        #expect(help.stdout.contains("--port") && !help.stdout.contains("OPENCLAW_GATEWAY_PORT"), "\(help.stdout)")
        // Its exit codes as docs/doctor.md and the code give them, 64 (every usage error, as `--port 0` above) included.
        let flat = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(flat.contains("64 bad arguments") && flat.contains("2 could not run"), "\(help.stdout)")
    }

    @Test("a pasted command's secrets are masked in every form, and a huge pasted command line is quoted by its start")
    func pastedSecretsAndHugeLines() async throws {
        try DoctorHarness.requireBinaries()
        let h = DoctorHarness()
        defer { h.cleanUp() }
        let path = h.home + "/secrets.md"
        let huge = String(repeating: "x", count: 200_000)
        try """
            $ openclaw gateway run --token s3cr3tvalue123456
            error: something
            $ OPENCLAW_GATEWAY_TOKEN=abcdefabcdef123 openclaw gateway status
            ok
            $ ip a \(huge)
            1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
                inet 127.0.0.1/8 scope host lo

            """.write(toFile: path, atomically: true, encoding: .utf8)
        for extra in [[], ["--json"], ["-v"], ["--redact"], ["--json", "--redact"]] {
            let run = try await h.run(["triage", path] + extra, plain: true)
            #expect(run.code == 1 || run.code == 0, "\(extra): \(run.stderr)")
            for secret in ["s3cr3tvalue123456", "abcdefabcdef123"] {
                #expect(!run.stdout.contains(secret) && !run.stderr.contains(secret), "\(extra): \(secret) shown")
            }
            #expect(run.stdout.contains("--token ***"), "\(extra): the option stays, its value is masked")
            #expect(run.stdout.utf8.count < 64 * 1024, "\(extra): \(run.stdout.utf8.count) bytes for a 200 KB command line")
            #expect(run.stdout.contains("(200005 bytes in all, cut)"), "\(extra): the cut is said")
        }
    }

    @Test("a paste of many commands lists every used block and at most 200 blocks in all, and says how many more")
    func manyBlocks() async throws {
        try DoctorHarness.requireBinaries()
        let h = DoctorHarness()
        defer { h.cleanUp() }
        let path = h.home + "/many.md"
        var text = (0..<300).map { "$ ping host\($0)\nPING host\($0): 56 data bytes\n" }.joined()
        text += "$ ip a\n1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000\n"
        text += "    inet 127.0.0.1/8 scope host lo\n"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let (run, object) = try await Self.json(h, ["triage", path])
        let triage = try #require(object["triage"] as? [String: Any], "\(run.stdout.prefix(300))")
        let blocks = triage["blocks"] as? [[String: Any]] ?? []
        #expect(blocks.count == 200)
        #expect(blocks.contains { $0["section"] as? String == "ip-addr" }, "the used block is listed although it comes last")
        #expect(triage["blocksNotListed"] as? Int == 301 - 200)
        let plain = try await h.run(["triage", path], plain: true)
        #expect(plain.stdout.contains("left out: 101 more blocks, not listed (at most 200 blocks are)"), "\(plain.stdout.suffix(600))")
        #expect(plain.stdout.components(separatedBy: "\n").filter { $0.hasPrefix("  left out: `ping") }.count == 199)
    }
}
