import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

extension ScenarioTests {
    /// Scenario 6: a Docker-like container (eth0 172.17.0.2/16, `/.dockerenv`).
    @Suite("6 container: plan and bind rules")
    struct Container {
        static let guestAddress = "172.17.0.2"
        static let token = "scenario-token-6f1c"

        @Test("the doctor: loopback-probe; loopback-only bind is info (exit 0 on a clean container); --bind auto without a token is refused")
        func doctor() async throws {
            let context = try ScenarioContext()
            try await context.withMachine(.container, .clean) { session in
                let report = try await ScenarioDoctor.report(session, port: context.port, stateDir: context.stateDir)
                #expect(report.environment["kind"] as? String == "container")
                let plan = try report.check("gateway.plan")
                let data = try #require(plan.data as? [String: Any], "\(plan)")
                #expect(data["strategy"] as? String == "loopback-probe", "\(plan)")
                #expect((data["bindAddresses"] as? [String])?.allSatisfy { $0 == "127.0.0.1" || $0 == "::1" } == true, "\(plan)")
                let bind = try report.check("gateway.bind")
                #expect(bind.status == "info" && bind.title == "in a container, loopback only: reachable from inside the container only", "\(bind)")

                let auto = try await ScenarioDoctor.report(
                    session, port: context.port, stateDir: context.stateDir, extra: ["--bind", "auto"])
                let refused = try auto.check("gateway.plan")
                #expect(refused.status == "fail" && refused.title.hasPrefix("Refusing to bind gateway to 0.0.0.0 without auth"),
                        "\(refused)")

                let withToken = try await ScenarioDoctor.report(
                    session, port: context.port, stateDir: context.stateDir, extra: ["--bind", "auto"],
                    environment: ["OPENCLAW_GATEWAY_TOKEN=\(Self.token)"])
                let open = try withToken.check("gateway.plan")
                #expect((open.data as? [String: Any])?["bindAddresses"] as? [String] == ["0.0.0.0"], "\(open)")
                let openBind = try withToken.check("gateway.bind")
                #expect(openBind.status == "info" && openBind.title == "beyond loopback, with a token", "\(openBind)")
            }
        }

        @Test("gateway run --bind auto: 78 without a token; with one it serves 0.0.0.0, eth0 and the host; a wrong token gets 1008")
        func bindAuto() async throws {
            let context = try ScenarioContext()
            try await context.withMachine(.container, .clean) { session in
                let refused = try await scenarioOpenclaw(
                    session, ["gateway", "run", "--bind", "auto"] + context.portAndState, timeout: .seconds(30))
                #expect(refused.status == 78, "\(refused)")
                #expect(refused.stderr.contains(
                    "Refusing to bind gateway to 0.0.0.0 without auth. Set --token or OPENCLAW_GATEWAY_TOKEN, or use --bind loopback."),
                        "\(refused)")

                let gateway = try await ScenarioGuestGateway.start(
                    session, name: "gw", arguments: context.portAndState + ["--bind", "auto", "--token", Self.token])
                let started = try #require(await gateway.waitUntilListening(), "no start line: \(gateway.log)")
                #expect(gateway.log.contains("listening on ws://0.0.0.0:\(context.port) (pid \(started.pid)"), "\(gateway.log)")
                #expect(gateway.log.contains("strategy loopback-probe"), "\(gateway.log)")

                let guest = ScenarioNamespace.guestPath(session)
                let viaEth0 = try await ScenarioWebSocket.handshake(
                    networkNamespace: guest, host: Self.guestAddress, port: context.port, token: Self.token)
                #expect(viaEth0.helloType == "hello-ok" && viaEth0.helloInstanceId == started.instance, "\(viaEth0)")

                let wrong = try await ScenarioWebSocket.handshake(
                    networkNamespace: guest, host: Self.guestAddress, port: context.port, token: "not-the-token")
                #expect(wrong.closeCode == 1008 && wrong.closeReason == "unauthorized" && wrong.helloType == nil, "\(wrong)")
                let missing = try await ScenarioWebSocket.handshake(
                    networkNamespace: guest, host: Self.guestAddress, port: context.port, token: nil)
                #expect(missing.closeCode == 1008, "\(missing)")

                // From the container's host (the peer namespace, 172.17.0.1): what a published port reaches.
                let fromHost = try await ScenarioWebSocket.handshake(
                    networkNamespace: "/run/netns/wsim-\(session.id)-w", host: Self.guestAddress, port: context.port,
                    token: Self.token)
                #expect(fromHost.helloType == "hello-ok" && fromHost.helloInstanceId == started.instance, "\(fromHost)")

                let status = try await scenarioOpenclaw(session, ["gateway", "status"] + context.portAndState)
                #expect(status.status == 0 && status.stdout.contains("pid \(started.pid)"), "\(status)")

                kill(started.pid, SIGTERM)
                #expect(await gateway.waitForExit() == 0, "\(gateway.log)")
            }
        }
    }
}
