import Foundation
import Testing
import TestSupport

extension ScenarioTests {
    /// Scenario 5: a non-gateway Linux program holds 127.0.0.1:PORT in the guest.
    @Suite("5 linux-foreign-listener")
    struct ForeignListener {
        @Test("gateway run exits 75 naming the program's pid and command, never 'another gateway'",
              arguments: [SimLayout.native, .wsl2NAT, .wsl2Mirrored])
        func exit75(layout: SimLayout) async throws {
            let context = try ScenarioContext()
            try await context.withMachine(layout, .linuxForeignListener) { session in
                let pidText = try String(contentsOfFile: session.stateDirectory + "/foreign.pid", encoding: .utf8)
                let pid = try #require(Int32(pidText.trimmingCharacters(in: .whitespacesAndNewlines)), "foreign.pid: \(pidText)")
                let cmdline = try Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline"))
                let command = cmdline.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }.joined(separator: " ")
                #expect(command.contains("http-responder.py"), "\(command)")

                let run = try await scenarioOpenclaw(session, ["gateway", "run"] + context.portAndState, timeout: .seconds(30))
                #expect(run.status == 75, "\(layout): \(run)")
                #expect(run.stderr.contains(
                    "Port \(context.port) is already in use (binding 127.0.0.1:\(context.port) failed: address in use) by another program:"),
                        "\(run)")
                #expect(run.stderr.contains("  - pid \(pid) (uid 0): \(command) (127.0.0.1)"), "\(run)")
                #expect(run.stderr.contains("Stop that program or start the gateway with another --port."), "\(run)")
                for words in scenarioAnotherInstanceWords { #expect(!run.stderr.contains(words), "\(run)") }
                #expect(!run.stdout.contains("listening on"), "\(run)")

                // The lock went with the process, and the program is untouched.
                let status = try await scenarioOpenclaw(session, ["gateway", "status"] + context.portAndState)
                #expect(status.status == 3, "\(status)")
                #expect(simProcessAlive(pid))
            }
        }
    }
}
