import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

extension ScenarioTests {
    /// Scenario 1: WSL2 mirrored, a "Windows" program answering plain HTTP 404 on 0.0.0.0:PORT (upstream issue 53877).
    @Suite("1 wsl2-mirrored + windows-listener")
    struct MirroredWindowsListener {
        @Test("the doctor: mirrored (high), 127.0.0.1 answered by a non-Linux http-not-websocket, plan pidfile")
        func doctor() async throws {
            let context = try ScenarioContext()
            try await context.withMachine(.wsl2Mirrored, .windowsListener) { session in
                let report = try await ScenarioDoctor.report(session, port: context.port, stateDir: context.stateDir)
                #expect(report.environment["kind"] as? String == "wsl2")
                #expect(report.environment["wslNetworkingMode"] as? String == "mirrored")
                #expect(report.environment["confidence"] as? String == "high")

                let probe = try report.check("gateway.probe")
                let entry = try #require(scenarioProbeEntry(probe, host: "127.0.0.1"), "\(probe)")
                let outcome = try #require(entry["outcome"] as? [String: Any], "\(probe)")
                #expect(outcome["verdict"] as? String == "http-not-websocket", "\(probe)")
                #expect(outcome["status"] as? Int == 404, "\(probe)")
                #expect(outcome["server"] as? String == "WindowsDevServer/1.0", "\(probe)")
                #expect(probe.detail.contains(
                    "127.0.0.1 is answered by something that is not a Linux process here (under mirrored networking: a Windows program)"),
                        "\(probe)")
                #expect(probe.status != "ok" && probe.status != "fail", "an unknown answer is worth a note, not a failure: \(probe)")
                // ::1 stays in Linux, where nothing listens.
                #expect(scenarioProbeVerdict(probe, host: "::1") == "refused", "\(probe)")
                // And it is really not Linux: no socket in the guest listens on the port.
                let port = try report.check("gateway.port")
                #expect(port.title == "port \(context.port) is free", "\(port)")

                let plan = try report.check("gateway.plan")
                let planData = try #require(plan.data as? [String: Any], "\(plan)")
                #expect(planData["strategy"] as? String == "pidfile", "\(plan)")
                #expect((planData["bindAddresses"] as? [String])?.first == "127.0.0.1", "\(plan)")
                #expect(plan.title.hasPrefix("pidfile on 127.0.0.1:\(context.port)"), "\(plan)")

                for message in report.allMessages {
                    for words in scenarioAnotherInstanceWords {
                        #expect(!message.contains(words), "the Windows answer read as a gateway: \(message)")
                    }
                }
            }
        }

        @Test("openclaw gateway run (auto) starts, ::1 completes the handshake, status is running; --bind custom 127.0.0.2 too")
        func gatewayStarts() async throws {
            let context = try ScenarioContext()
            try await context.withMachine(.wsl2Mirrored, .windowsListener) { session in
                let guest = ScenarioNamespace.guestPath(session)
                let gateway = try await ScenarioGuestGateway.start(session, name: "gw", arguments: context.portAndState)
                let started = try #require(await gateway.waitUntilListening(), "no start line: \(gateway.log)")
                let log = gateway.log
                #expect(log.contains("listening on ws://127.0.0.1:\(context.port) (pid \(started.pid)"), "\(log)")
                #expect(log.contains("also listening on ws://[::1]:\(context.port)"), "\(log)")
                #expect(log.contains("strategy pidfile"), "\(log)")
                // The Windows answer is a note that never stops the start, and is not called a gateway.
                #expect(log.contains("note: 127.0.0.1:\(context.port) answered but is not a gateway (http-not-websocket (HTTP 404, server WindowsDevServer/1.0))"),
                        "\(log)")
                for words in scenarioAnotherInstanceWords { #expect(!log.contains(words), "\(log)") }

                // A WebSocket client in the guest on ::1: challenge and hello-ok from this gateway.
                let v6 = try await ScenarioWebSocket.handshake(networkNamespace: guest, host: "::1", port: context.port)
                #expect(v6.upgradeStatus == 101 && v6.helloType == "hello-ok", "\(v6)")
                #expect(v6.challengeInstanceId == started.instance && v6.helloInstanceId == started.instance, "\(v6)")

                // The simulator's hairpin: the guest's 127.0.0.1 still reaches Windows first (no upgrade there).
                let v4 = try await ScenarioWebSocket.handshake(networkNamespace: guest, host: "127.0.0.1", port: context.port)
                #expect(v4.upgradeStatus == 404, "\(v4)")

                let status = try await scenarioOpenclaw(session, ["gateway", "status"] + context.portAndState)
                #expect(status.status == 0, "\(status)")
                #expect(status.stdout.contains("pid \(started.pid)") && status.stdout.contains(started.instance), "\(status)")
                // Item 7 in `gateway status` too: the Windows answer on 127.0.0.1, where the lock holder binds, is a
                // disagreement naming what answered (it used to say "Probe agrees with the lock" from ::1 alone).
                #expect(status.stdout.contains(
                    "Probe disagrees with the lock: 127.0.0.1:\(context.port) is answered by something that is not a Linux process here "
                        + "(under mirrored networking: a Windows program) (http-not-websocket (HTTP 404, server WindowsDevServer/1.0)), "
                        + "not by the lock holder (pid \(started.pid), instance \(started.instance)), which binds it: Windows clients of "
                        + "127.0.0.1:\(context.port) (and Linux ones) reach that instead of the gateway; the lock holder answers on [::1]:\(context.port)"),
                        "\(status)")
                let statusJSON = try await scenarioOpenclaw(session, ["gateway", "status", "--json"] + context.portAndState)
                #expect(statusJSON.status == 0, "\(statusJSON)")
                #expect(statusJSON.stdout.contains("\"agreement\":\"foreign-answer\""), "\(statusJSON)")

                // The doctor, with the gateway running: the lock, the port and ::1 agree; 127.0.0.1 is still Windows, and
                // that is a failure naming what answered (issue 18 item 7: it used to say "probes agree with the lock").
                let report = try await ScenarioDoctor.report(session, port: context.port, stateDir: context.stateDir)
                let probe = try report.check("gateway.probe")
                #expect(probe.status == "fail", "\(probe)")
                #expect(probe.title == "127.0.0.1:\(context.port) is answered by something that is not a Linux process here "
                            + "(under mirrored networking: a Windows program), not by the gateway that holds the lock (pid \(started.pid))",
                        "\(probe)")
                #expect(probe.detail.contains { $0.contains("Windows clients of 127.0.0.1:\(context.port)") && $0.contains("reach that program instead of the gateway") },
                        "\(probe)")
                #expect((probe.raw["fix"] as? String)?.contains("netstat -ano | findstr :\(context.port)") == true, "\(probe)")
                // gateway.bind no longer sends Windows clients to 127.0.0.1, where the Windows program answers.
                let bind = try report.check("gateway.bind")
                #expect(!bind.detail.contains { $0.contains("use ws://127.0.0.1") }, "\(bind)")
                #expect(bind.detail.contains { $0.contains("instead of the gateway (see gateway.probe)") }, "\(bind)")
                #expect(scenarioProbeVerdict(probe, host: "::1") == "gateway", "\(probe)")
                #expect(probe.detail.contains { $0.hasPrefix("::1: gateway (the lock holder, instance \(started.instance)") }, "\(probe)")
                #expect(!probe.detail.contains { $0.contains("other, instance \(started.instance)") }, "\(probe)")
                #expect(scenarioProbeVerdict(probe, host: "127.0.0.1") == "http-not-websocket", "\(probe)")
                let lock = try report.check("gateway.lock")
                #expect(lock.title.hasPrefix("held by gateway pid \(started.pid), instance \(started.instance), ready"), "\(lock)")
                let port = try report.check("gateway.port")
                #expect(port.title.hasPrefix("held by our gateway (pid \(started.pid)"), "\(port)")

                kill(started.pid, SIGTERM)
                #expect(await gateway.waitForExit() == 0, "\(gateway.log)")
                #expect(gateway.log.contains("stopping (pid \(started.pid)"), "\(gateway.log)")

                // --bind custom on 127.0.0.2: outside WSL's 127.0.0.1 rule, so it never travels through Windows.
                let custom = try await ScenarioGuestGateway.start(
                    session, name: "gw-custom", arguments: context.portAndState + ["--bind", "custom", "--bind-host", "127.0.0.2"])
                let customStart = try #require(await custom.waitUntilListening(), "no start line: \(custom.log)")
                #expect(custom.log.contains("listening on ws://127.0.0.2:\(context.port) (pid \(customStart.pid)"), "\(custom.log)")
                let v2 = try await ScenarioWebSocket.handshake(networkNamespace: guest, host: "127.0.0.2", port: context.port)
                #expect(v2.helloType == "hello-ok" && v2.helloInstanceId == customStart.instance, "\(v2)")
                let customStatus = try await scenarioOpenclaw(session, ["gateway", "status"] + context.portAndState)
                #expect(customStatus.status == 0 && customStatus.stdout.contains("pid \(customStart.pid)"), "\(customStatus)")
                kill(customStart.pid, SIGTERM)
                #expect(await custom.waitForExit() == 0, "\(custom.log)")
            }
        }
    }
}
