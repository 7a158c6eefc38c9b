import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Issue 9, item 12: run as another user with a HOME it cannot read (`setpriv --reuid 65534`, HOME=/root), every
/// reader of HOME and state paths says what it could not read and carries on: the doctor's lock check warns
/// naming the path (no "lstat failed" failure), the configuration file is a warning, `gateway unit` still prints.
@Suite("unreadable HOME", .serialized)
struct UnreadableHomeTests {
    /// The binaries copied where uid 65534 can execute them (the build tree may not be searchable for it).
    static func copies() throws -> (doctor: String, openclaw: String) {
        let dir = "/tmp/openclaw-nobody-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        let doctor = dir + "/openclaw-doctor", openclaw = dir + "/openclaw"
        try FileManager.default.copyItem(atPath: DoctorTestSupport.doctorBinary, toPath: doctor)
        try FileManager.default.copyItem(atPath: DoctorTestSupport.openclawBinary, toPath: openclaw)
        chmod(doctor, 0o755)
        chmod(openclaw, 0o755)
        return (doctor, openclaw)
    }

    static func asNobody(_ executable: String, _ arguments: [String]) async throws -> DoctorTestSupport.Run {
        try await DoctorTestSupport.run(
            "/usr/bin/setpriv", ["--reuid", "65534", "--regid", "65534", "--clear-groups", executable] + arguments,
            environment: ChildEnvironment.clean(home: "/root"))
    }

    @Test("the doctor, gateway status and gateway unit as uid 65534 with HOME=/root",
          .enabled(if: Privilege.rootTestsEnabled, Privilege.rootSkipReason))
    func nobody() async throws {
        try Privilege.requireRoot()
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"), "setpriv (util-linux) is needed")
        var st = stat()
        try #require(stat("/root", &st) == 0 && st.st_mode & 0o001 == 0, "/root must not be searchable by others here")
        let (doctor, openclaw) = try Self.copies()
        defer { try? FileManager.default.removeItem(atPath: (doctor as NSString).deletingLastPathComponent) }
        let port = String(DoctorTestSupport.quietPort())

        let report = try await Self.asNobody(doctor, ["--json", "--port", port])
        #expect(report.code == 0 || report.code == 1, "the doctor carries on: \(String(describing: report.code)) \(report.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any], "\(report.stdout)")
        let checks = object["checks"] as? [[String: Any]] ?? []
        let lock = try #require(checks.first { $0["id"] as? String == "gateway.lock" }, "\(checks)")
        #expect(lock["status"] as? String == "warn", "\(lock)")
        let title = lock["title"] as? String ?? ""
        #expect(title.contains("cannot read /root/.openclaw/run: Permission denied") && title.contains("uid 65534"), "\(title)")
        #expect(!report.stdout.contains("lstat failed"))
        #expect(!checks.contains { $0["status"] as? String == "fail" && ($0["title"] as? String ?? "").contains("Permission denied") },
                "no permission failure anywhere: \(checks.filter { $0["status"] as? String == "fail" })")
        #expect(report.stderr.contains("warning: cannot read /root/.openclaw/openclaw.json: Permission denied"), "\(report.stderr)")

        let status = try await Self.asNobody(openclaw, ["gateway", "status", "--no-probe", "--port", port])
        #expect(status.code == 1 && status.stderr.contains("/root/.openclaw/run") && status.stderr.contains("Permission denied"),
                "status names what it could not read: \(status.stderr)")
        let unit = try await Self.asNobody(openclaw, ["gateway", "unit", "--port", port])
        #expect(unit.code == 0 && unit.stdout.contains("ExecStart="), "\(unit.stderr)")
        #expect(unit.stderr.contains("warning: cannot read /root/.openclaw/openclaw.json"), "\(unit.stderr)")
    }
}
