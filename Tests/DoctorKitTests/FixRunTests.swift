@testable import DoctorKit
import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// `--fix`'s loop (`SafeFixes.run`) on real directories: what it prints, what it applies, what it reports.
@Suite("Doctor --fix loop")
struct FixRunTests {
    static func mode(_ path: String) -> UInt32 {
        var st = stat()
        return lstat(path, &st) == 0 ? UInt32(st.st_mode & 0o7777) : 0
    }

    @Test("applies in order and prints before, after and the result; a refused repair is a failure, the next still runs")
    func appliesAndReports() throws {
        let root = TestDirectory.make("fixrun")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let loose = root + "/run"
        try FileManager.default.createDirectory(atPath: loose, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        let link = root + "/link"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: loose)
        let fixes = [
            PlannedFix(checkId: "gateway.lock", action: .tightenDirectory(path: link, from: 0o755), before: "link 755", after: "700"),
            PlannedFix(checkId: "gateway.lock", action: .tightenDirectory(path: loose, from: 0o755), before: "mode 755", after: "mode 700"),
        ]
        var text = ""
        let outcome = SafeFixes.run(fixes, dryRun: false) { text += $0 }
        #expect(outcome == SafeFixes.RunOutcome(applied: true, failed: true))
        #expect(Self.mode(loose) == 0o700)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "fix [gateway.lock]" && lines[1] == "  before: link 755" && lines[2] == "  after:  700", "\(text)")
        #expect(lines[3].hasPrefix("  failed: "), "a symlink is never followed: \(text)")
        #expect(Array(lines[4...]) == ["fix [gateway.lock]", "  before: mode 755", "  after:  mode 700", "  applied", "", ""], "\(text)")
    }

    @Test("a dry run applies nothing and says so; no repair says 'nothing to repair'")
    func dryRunAndNothing() throws {
        let root = TestDirectory.make("fixdry")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let missing = root + "/state/run"
        var text = ""
        let dry = SafeFixes.run([PlannedFix(checkId: "gateway.lock", action: .createPrivateDirectory(path: missing), before: "missing", after: "0700")],
                                dryRun: true) { text += $0 }
        #expect(dry == SafeFixes.RunOutcome(applied: false, failed: false))
        #expect(!FileManager.default.fileExists(atPath: missing))
        #expect(text.contains("  dry run: not applied\n"), "\(text)")
        var none = ""
        #expect(SafeFixes.run([], dryRun: false) { none += $0 } == SafeFixes.RunOutcome(applied: false, failed: false))
        #expect(none == "fix: nothing to repair\n")
    }
}
