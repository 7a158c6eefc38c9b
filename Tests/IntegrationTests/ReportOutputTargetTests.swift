import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Issue 9, item 2, for the other writers: `openclaw-doctor bugreport -o FILE` and `triage --capture-out FILE`
/// write through `CaptureOutputFile` like `capture -o`: a failed write (ENOSPC on `/dev/full`, written to in
/// place, not replaced) exits 2 naming the path; a symlink is refused unless `--force`.
@Suite("bugreport -o and triage --capture-out write to what the path is", .serialized)
struct ReportOutputTargetTests {
    static let report = Fixtures.path("issues/docs1967-mirrored.md")

    static func isLink(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0 && st.st_mode & S_IFMT == S_IFLNK
    }

    @Test("triage --capture-out: /dev/full exits 2 naming it; a symlink is refused, written through with --force")
    func triage() async throws {
        try DoctorHarness.requireBinaries()
        let h = DoctorHarness()
        defer { h.cleanUp() }
        let full = try await h.run(["triage", Self.report, "--capture-out", "/dev/full"], plain: true)
        #expect(full.code == 2 && full.stderr.contains("cannot write /dev/full: No space left on device"), "\(full.stderr)")
        #expect(FileManager.default.fileExists(atPath: "/dev/full"))

        let target = h.home + "/target.txt"
        try "old".write(toFile: target, atomically: false, encoding: .utf8)
        let link = h.home + "/link.txt"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "target.txt")
        let refused = try await h.run(["triage", Self.report, "--capture-out", link], plain: true)
        #expect(refused.code == 2 && refused.stderr.contains("not writing \(link): it is a symbolic link (use --force"),
                "\(refused.stderr)")
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "old")
        let forced = try await h.run(["triage", Self.report, "--capture-out", link, "--force"], plain: true)
        #expect(forced.code == 0 || forced.code == 1, "\(forced.stderr)")
        #expect(Self.isLink(link), "the link stays a link")
        #expect(try String(contentsOfFile: target, encoding: .utf8).contains("### "))
    }

    @Test("bugreport -o: /dev/full exits 2 naming it and never says wrote; a symlink is refused; a new file is 0600")
    func bugreport() async throws {
        try DoctorHarness.requireBinaries()
        let dir = try JournalFixture.directory("token-in-cmdline")
        let h = DoctorHarness()
        defer { h.cleanUp(); try? FileManager.default.removeItem(atPath: dir) }
        let full = try await h.run(["bugreport", "-o", "/dev/full", "--journal-dir", dir])
        #expect(full.code == 2 && full.stderr.contains("cannot write /dev/full: No space left on device"), "\(full.stderr)")
        #expect(!full.stderr.contains("bugreport: wrote"))

        let target = h.home + "/target.txt"
        try "old".write(toFile: target, atomically: false, encoding: .utf8)
        let link = h.home + "/link.txt"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        let refused = try await h.run(["bugreport", "-o", link, "--journal-dir", dir])
        #expect(refused.code == 2 && refused.stderr.contains("not writing \(link): it is a symbolic link (use --force"),
                "\(refused.stderr)")
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "old")
        #expect(Self.isLink(link))

        let fresh = h.home + "/fresh.txt"
        let made = try await h.run(["bugreport", "-o", fresh, "--journal-dir", dir])
        #expect(made.code == 0, "\(made.stderr)")
        var st = stat()
        #expect(stat(fresh, &st) == 0 && st.st_mode & 0o777 == 0o600, "mode \(String(st.st_mode & 0o777, radix: 8))")
    }
}
