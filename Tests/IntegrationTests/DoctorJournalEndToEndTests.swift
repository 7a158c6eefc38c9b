import Foundation
import NetProbe
import Testing
import TestSupport

/// The built doctor over real journal files (`--journal-dir`), on replayed machines, and `bugreport`.
@Suite("Doctor journal end to end", .serialized)
struct DoctorJournalEndToEndTests {
    @Test("--snapshot of a mirrored machine + --journal-dir with upstream's crash loop names issue 53877 and the fix; NAT does not")
    func issue53877() async throws {
        try DoctorHarness.requireBinaries()
        let dir = try JournalFixture.directory("crash-loop-upstream")
        let h = DoctorHarness()
        defer { h.cleanUp(); try? FileManager.default.removeItem(atPath: dir) }

        let mirrored = try await h.json(["--snapshot", Fixtures.path("captures/wsl2-mirrored-full.txt"), "--journal-dir", dir])
        #expect(mirrored.run.code == 1)
        let check = try #require(mirrored.report.check("supervisor.journal"))
        #expect(check["status"] as? String == "fail")
        #expect((check["data"] as? [String: Any])?["issue"] as? String == "53877")
        #expect((check["fix"] as? String)?.contains("--instance-check pidfile") == true)
        let findings = (mirrored.report["findings"] as? [[String: Any]]) ?? []
        #expect(findings.contains { $0["checkId"] as? String == "supervisor.journal" && $0["severity"] as? String == "error" })

        let text = try await h.run(["--snapshot", Fixtures.path("captures/wsl2-mirrored-full.txt"), "--journal-dir", dir, "--only", "supervisor.journal"])
        #expect(text.stdout.contains("53877") && text.stdout.contains("restart loop"))

        let nat = try await h.json(["--snapshot", Fixtures.path("captures/wsl2-nat.txt"), "--journal-dir", dir])
        let natCheck = try #require(nat.report.check("supervisor.journal"))
        #expect(natCheck["status"] as? String == "fail")
        #expect(!nat.run.stdout.contains("53877"))
    }

    @Test("capture --journal-dir writes the journal section; --snapshot of it gives the same check; secrets never written")
    func captureRoundTrip() async throws {
        try DoctorHarness.requireBinaries()
        let dir = try JournalFixture.directory(merging: ["crash-loop-upstream", "token-in-cmdline"])
        let h = DoctorHarness()
        defer { h.cleanUp(); try? FileManager.default.removeItem(atPath: dir) }
        let file = h.home + "/capture.txt"
        let capture = try await h.run(["capture", "-o", file, "--journal-dir", dir], plain: true)
        #expect(capture.code == 0, "\(capture.stderr)")
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(text.contains("### journal\n{\"query\":{"))
        #expect(text.contains("already listening on ws://127.0.0.1:18789"))
        for secret in ["s3cr3t-T0KEN-4f9a2c", "alice", "192.168.1.23"] { #expect(!text.contains(secret), "\(secret) in the capture") }
        #expect(text.contains("--token ***") && text.contains("OPENCLAW_GATEWAY_TOKEN=***") && text.contains("Bearer ***"))

        let direct = try await h.json(["--snapshot", Fixtures.path("captures/wsl2-nat.txt"), "--journal-dir", dir, "--only", "supervisor.journal"])
        let replay = try await h.json(["--snapshot", file, "--only", "supervisor.journal"])
        let a = try #require(direct.report.check("supervisor.journal")), b = try #require(replay.report.check("supervisor.journal"))
        #expect(a["status"] as? String == b["status"] as? String)
        #expect((a["data"] as? [String: Any])?["restartsInWindow"] as? Int == (b["data"] as? [String: Any])?["restartsInWindow"] as? Int)
    }

    @Test("bugreport: only the path on stdout, progress on stderr, a redacted file that --snapshot replays to the same verdict")
    func bugreport() async throws {
        try DoctorHarness.requireBinaries()
        let dir = try JournalFixture.directory("token-in-cmdline")
        let h = DoctorHarness()
        defer { h.cleanUp(); try? FileManager.default.removeItem(atPath: dir) }
        let file = h.home + "/report.txt"
        let run = try await h.run(["bugreport", "-o", file, "--journal-dir", dir])
        #expect(run.code == 0, "\(run.stderr)")
        #expect(run.stdout == file + "\n")
        #expect(run.stderr.contains("bugreport: wrote"))
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(text.hasPrefix("# openclaw-bugreport v1\n"))
        #expect(text.contains("REDACTED") && text.contains("#### snapshot 1 of 1") && text.contains("#### report (JSON)"))
        #expect(!text.contains("s3cr3t-T0KEN-4f9a2c") && !text.contains("alice"))
        let reportLine = try #require(text.split(separator: "\n").last)
        try DoctorSchema.validate(String(reportLine))
        let embedded = try #require(try JSONSerialization.jsonObject(with: Data(reportLine.utf8)) as? [String: Any])

        let replay = try await h.json(["--snapshot", file])
        let replayed = replay.report["environment"] as? [String: Any], original = embedded["environment"] as? [String: Any]
        for key in ["kind", "container", "wslNetworkingMode", "confidence"] {
            #expect(replayed?[key] as? String == original?[key] as? String, "environment.\(key)")
        }
        #expect(replay.report.status("supervisor.journal") == embedded["checks"].flatMap { ($0 as? [[String: Any]])?.first { $0["id"] as? String == "supervisor.journal" }?["status"] as? String })
    }

    @Test("bugreport -o follows capture -o's rules: a symbolic link is refused (its target untouched) unless --force")
    func bugreportOutputTarget() async throws {
        try DoctorHarness.requireBinaries()
        let dir = try JournalFixture.directory("token-in-cmdline")
        let h = DoctorHarness()
        defer { h.cleanUp(); try? FileManager.default.removeItem(atPath: dir) }
        let target = h.home + "/target.txt", link = h.home + "/link.txt"
        try "keep me\n".write(toFile: target, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        let refused = try await h.run(["bugreport", "-o", link, "--journal-dir", dir])
        #expect(refused.code == 2 && refused.stderr.contains("symbolic link"), "\(String(describing: refused.code)) \(refused.stderr)")
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "keep me\n")
        let forced = try await h.run(["bugreport", "-o", link, "--force", "--journal-dir", dir])
        #expect(forced.code == 0, "\(forced.stderr)")
        #expect(try String(contentsOfFile: target, encoding: .utf8).hasPrefix("# openclaw-bugreport v1\n"))
    }

    @Test("bugreport --record SECONDS: two snapshots and the journal part; SECONDS without --record is a usage error")
    func record() async throws {
        try DoctorHarness.requireBinaries()
        let dir = try JournalFixture.directory("healthy-gateway")
        let h = DoctorHarness()
        defer { h.cleanUp(); try? FileManager.default.removeItem(atPath: dir) }
        let file = h.home + "/recorded.txt"
        let run = try await h.run(["bugreport", "-o", file, "--record", "1", "--journal-dir", dir])
        #expect(run.code == 0, "\(run.stderr)")
        #expect(run.stdout == file + "\n" && run.stderr.contains("reproduce the problem"))
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(text.contains("#### snapshot 1 of 2: before reproducing") && text.contains("#### snapshot 2 of 2: after reproducing"))
        #expect(text.contains("#### journal during the recording"))

        let bad = try await h.run(["bugreport", "5"])
        #expect(bad.code == 64, "\(bad.stderr)")
        #expect(bad.stderr.contains("--record"))
    }
}
