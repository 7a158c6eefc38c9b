import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

extension ScenarioTests {
    /// Scenario 2: upstream's decision procedure (a test helper, `UpstreamDecisionProcedure`) run inside the simulated
    /// machines. It documents upstream issue 53877: these tests FAIL if the simulation stops reproducing the symptom.
    @Suite("2 upstream's decision procedure")
    struct UpstreamDecision {
        @Test("wsl2-mirrored + windows-listener: upstream concludes 'another gateway instance' with no gateway; ours starts")
        func reproducesIssue53877() async throws {
            let context = try ScenarioContext()
            try await context.withMachine(.wsl2Mirrored, .windowsListener) { session in
                // No gateway runs: no socket in the guest listens on the port.
                let listeners = try await session.exec(["ss", "-Htln", "sport = :\(context.port)"])
                #expect(listeners.status == 0 && listeners.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty,
                        "\(listeners)")

                let decision = try await UpstreamDecisionProcedure.run(
                    port: context.port, networkNamespace: ScenarioNamespace.guestPath(session))
                #expect(decision.lock == .ownerAlive, "\(decision)")
                #expect(decision.health == .status(404), "\(decision)")
                #expect(decision.conclusion != .free, "\(decision)")
                #expect(decision.message == "another gateway instance is already listening on ws://127.0.0.1:\(context.port)",
                        "\(decision)")

                // Our gateway, on the same machine, starts (pidfile strategy) and serves.
                let gateway = try await ScenarioGuestGateway.start(session, name: "gw", arguments: context.portAndState)
                let started = try #require(await gateway.waitUntilListening(), "no start line: \(gateway.log)")
                #expect(gateway.log.contains("strategy pidfile"), "\(gateway.log)")
                let hello = try await ScenarioWebSocket.handshake(
                    networkNamespace: ScenarioNamespace.guestPath(session), host: "::1", port: context.port)
                #expect(hello.helloInstanceId == started.instance, "\(hello)")
                kill(started.pid, SIGTERM)
                #expect(await gateway.waitForExit() == 0, "\(gateway.log)")
            }
        }

        /// The same helper elsewhere, so its conclusion above comes from the machine, not from the helper: a clean
        /// mirrored machine is free, a hanging closed port reads as "owner dead" (upstream's other misjudgment), and a
        /// foreign Linux program is called "another instance" through the bind rule.
        @Test("the helper's other readings: clean is free, a hang is 'dead', a foreign Linux holder is 'another instance'",
              arguments: [
                  (SimLayout.wsl2Mirrored, SimScenario.clean),
                  (.wsl2Mirrored, .closedPortHang),
                  (.native, .linuxForeignListener),
              ])
        func otherReadings(layout: SimLayout, scenario: SimScenario) async throws {
            let context = try ScenarioContext()
            try await context.withMachine(layout, scenario) { session in
                let clock = ContinuousClock()
                let begin = clock.now
                let decision = try await UpstreamDecisionProcedure.run(
                    port: context.port, networkNamespace: ScenarioNamespace.guestPath(session))
                let elapsed = clock.now - begin
                switch scenario {
                case .clean:
                    #expect(decision.lock == .refused && decision.bind == .bound, "\(decision)")
                    #expect(decision.conclusion == .free, "\(decision)")
                case .closedPortHang:
                    #expect(decision.lock == .timedOut && !decision.lock.ownerAlive, "\(decision)")
                    #expect(decision.health == .noAnswer(String(cString: strerror(ETIMEDOUT))), "\(decision)")
                    #expect(decision.conclusion == .free, "\(decision)")
                    // Two 1000 ms connect timeouts (lock probe, health check).
                    #expect(elapsed >= .milliseconds(2000) && elapsed < .seconds(6), "\(elapsed)")
                default:
                    #expect(decision.bind == .addressInUse && decision.lock == .ownerAlive, "\(decision)")
                    #expect(decision.health == .status(404), "\(decision)")
                    #expect(decision.conclusion == .anotherInstanceListening(rule: "bind EADDRINUSE"), "\(decision)")
                }
            }
        }
    }
}

/// The helper's rules as the reference describes them (pure; no machine needed).
@Suite("Upstream decision procedure rules")
struct UpstreamDecisionRuleTests {
    typealias Procedure = UpstreamDecisionProcedure

    @Test("any status below 500 is 'healthy'; 500 and no answer are not")
    func healthRule() {
        #expect(Procedure.HealthCheck.status(200).healthy)
        #expect(Procedure.HealthCheck.status(404).healthy)
        #expect(Procedure.HealthCheck.status(499).healthy)
        #expect(!Procedure.HealthCheck.status(500).healthy)
        #expect(!Procedure.HealthCheck.noAnswer("timed out after 1 s").healthy)
    }

    @Test("connected is 'alive'; refused, timed out and errors are 'dead'")
    func lockRule() {
        #expect(Procedure.LockProbe.ownerAlive.ownerAlive)
        for dead in [Procedure.LockProbe.refused, .timedOut, .failed(ENETUNREACH)] { #expect(!dead.ownerAlive) }
    }

    @Test("EADDRINUSE alone, or alive + healthy, concludes 'another instance'; anything else is free",
          arguments: [
              (Procedure.LockProbe.refused, Procedure.BindProbe.addressInUse, Procedure.HealthCheck.noAnswer("refused"), true),
              (.ownerAlive, .bound, .status(404), true),
              (.ownerAlive, .bound, .status(503), false),
              (.ownerAlive, .bound, .noAnswer("timed out after 1 s"), false),
              (.timedOut, .bound, .status(200), false),
              (.refused, .bound, .noAnswer("refused"), false),
              (.ownerAlive, .failed(EACCES), .status(500), false),
          ] as [(Procedure.LockProbe, Procedure.BindProbe, Procedure.HealthCheck, Bool)])
    func conclusion(lock: Procedure.LockProbe, bind: Procedure.BindProbe, health: Procedure.HealthCheck, another: Bool) {
        let conclusion = Procedure.conclude(lock: lock, bind: bind, health: health)
        #expect((conclusion != .free) == another, "\(lock) \(bind) \(health)")
    }
}
