import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

extension ScenarioTests {
    /// Scenario 4: where loopback stays in Linux (native, WSL2 NAT) the start probes 127.0.0.1 and ::1; a real second
    /// gateway with another state directory (so the lock cannot see the first) is stopped by the identity handshake.
    @Suite("4 native and wsl2-nat: loopback-probe and a second gateway")
    struct SecondGateway {
        @Test("plan loopback-probe; a second gateway (other --state-dir) exits 78 naming the first; our own listener is ours",
              arguments: [SimLayout.native, .wsl2NAT])
        func secondGateway(layout: SimLayout) async throws {
            let context = try ScenarioContext()
            let otherState = context.otherStateDir()
            defer { try? FileManager.default.removeItem(atPath: otherState) }
            try await context.withMachine(layout, .clean) { session in
                let before = try await ScenarioDoctor.report(session, port: context.port, stateDir: context.stateDir)
                let plan = try before.check("gateway.plan")
                #expect((plan.data as? [String: Any])?["strategy"] as? String == "loopback-probe", "\(layout): \(plan)")

                let first = try await ScenarioGuestGateway.start(session, name: "gw", arguments: context.portAndState)
                let started = try #require(await first.waitUntilListening(), "no start line: \(first.log)")
                #expect(first.log.contains("strategy loopback-probe"), "\(first.log)")
                // Its own probe found nothing (it probes before binding): no notes about other services or gateways.
                #expect(!first.log.contains("note:"), "\(first.log)")

                // The second gateway: another lock directory, same port.
                let second = try await scenarioOpenclaw(
                    session, ["gateway", "run", "--port", String(context.port), "--state-dir", otherState], timeout: .seconds(30))
                #expect(second.status == 78, "\(second)")
                #expect(second.stderr.contains(
                    "Gateway already running on port \(context.port): 127.0.0.1:\(context.port) answered as OpenClaw gateway "
                        + "(pid \(started.pid), instance \(started.instance)"), "\(second)")
                #expect(second.stderr.contains("It does not hold this lock (another state or runtime directory)"), "\(second)")
                #expect(second.stderr.contains("kill -TERM \(started.pid)"), "\(second)")
                #expect(!second.stdout.contains("listening on"), "\(second)")

                // The first is untouched, and everything that looks at it sees itself, not another instance.
                #expect(first.exitStatus == nil, "\(first.log)")
                let status = try await scenarioOpenclaw(session, ["gateway", "status"] + context.portAndState)
                #expect(status.status == 0 && status.stdout.contains("pid \(started.pid)"), "\(status)")
                let otherStatus = try await scenarioOpenclaw(
                    session, ["gateway", "status", "--port", String(context.port), "--state-dir", otherState])
                #expect(otherStatus.status == 3, "the second never held its lock: \(otherStatus)")

                let report = try await ScenarioDoctor.report(session, port: context.port, stateDir: context.stateDir)
                let probe = try report.check("gateway.probe")
                #expect(probe.status == "ok" && probe.title == "probes agree with the lock (gateway pid \(started.pid))",
                        "\(probe)")
                #expect(scenarioProbeVerdict(probe, host: "127.0.0.1") == "gateway", "\(probe)")
                #expect(probe.detail.contains { $0.hasPrefix("127.0.0.1: gateway (the lock holder, instance \(started.instance)") },
                        "\(probe)")
                #expect(!probe.detail.contains { $0.contains("other, instance \(started.instance)") }, "\(probe)")
                let port = try report.check("gateway.port")
                #expect(port.status == "ok" && port.title.hasPrefix("held by our gateway (pid \(started.pid)"), "\(port)")
                let lock = try report.check("gateway.lock")
                #expect(lock.title.hasPrefix("held by gateway pid \(started.pid), instance \(started.instance)"), "\(lock)")

                // Seen from the other state directory the same answer IS another instance, and the doctor says so.
                let otherReport = try await ScenarioDoctor.report(session, port: context.port, stateDir: otherState)
                let otherProbe = try otherReport.check("gateway.probe")
                #expect(otherProbe.status == "warn", "\(otherProbe)")
                #expect(otherProbe.detail.contains {
                    $0.contains("answers as gateway instance \(started.instance), which does not hold this lock")
                }, "\(otherProbe)")

                kill(started.pid, SIGTERM)
                #expect(await first.waitForExit() == 0, "\(first.log)")
            }
        }
    }
}
