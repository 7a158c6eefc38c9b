import Foundation
import Testing
import TestSupport

/// A set but blank token (`OPENCLAW_GATEWAY_TOKEN=`, `"token": ""` in openclaw.json) is refused by
/// `openclaw gateway run` (exit 78); the doctor's `gateway.plan` fails with the same sentence, read through the
/// one loader, instead of judging the plan as if no token were set.
@Suite("doctor: a blank token fails gateway.plan as gateway run refuses it", .serialized)
struct DoctorBlankTokenTests {
    @Test("OPENCLAW_GATEWAY_TOKEN=: gateway.plan fails with gateway run's sentence; a real token plans")
    func blankToken() async throws {
        try DoctorHarness.requireBinaries()
        let h = DoctorHarness()
        defer { h.cleanUp() }
        let (_, report) = try await h.json(["--only", "gateway.plan"], extraEnvironment: ["OPENCLAW_GATEWAY_TOKEN": ""])
        #expect(report.status("gateway.plan") == "fail", "\(report.check("gateway.plan") ?? [:])")
        let title = report.title("gateway.plan")
        #expect(title.hasPrefix("Refusing a blank token from OPENCLAW_GATEWAY_TOKEN:"), "\(title)")
        #expect((report.check("gateway.plan")?["fix"] as? String)?.contains("unset OPENCLAW_GATEWAY_TOKEN") == true)

        // The gateway says the same.
        let run = try await DoctorTestSupport.run(
            DoctorTestSupport.openclawBinary, ["gateway", "run", "--port", String(h.port), "--state-dir", h.stateDir],
            environment: ChildEnvironment.clean(home: h.home, extra: ["OPENCLAW_GATEWAY_TOKEN": ""]))
        #expect(run.code == 78 && run.stderr.contains(title), "\(run.stderr)")

        // A blank token in the file is refused the same way, naming the file.
        try FileManager.default.createDirectory(atPath: h.stateDir, withIntermediateDirectories: true)
        try Data(#"{"gateway": {"auth": {"token": "  "}}}"#.utf8).write(to: URL(fileURLWithPath: h.stateDir + "/openclaw.json"))
        let (_, fromFile) = try await h.json(["--only", "gateway.plan"])
        #expect(fromFile.status("gateway.plan") == "fail", "\(fromFile.check("gateway.plan") ?? [:])")
        #expect(fromFile.title("gateway.plan").hasPrefix("Refusing a blank token from gateway.auth.token in "), "\(fromFile.title("gateway.plan"))")
        try FileManager.default.removeItem(atPath: h.stateDir + "/openclaw.json")

        let (_, usable) = try await h.json(["--only", "gateway.plan"],
                                           extraEnvironment: ["OPENCLAW_GATEWAY_TOKEN": String(repeating: "a", count: 32)])
        #expect(usable.status("gateway.plan") == "ok", "\(usable.check("gateway.plan") ?? [:])")
    }
}
