import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

extension ScenarioTests {
    /// Scenario 3: WSL2 mirrored where a closed port hangs instead of being refused (WSL issue 12245).
    @Suite("3 wsl2-mirrored + closed-port-hang")
    struct MirroredClosedPortHang {
        static let probeTimeoutMillis = 1000

        @Test("gateway probe says timeout within its bound; the doctor calls it a hang, neither free nor another instance")
        func probeAndDoctor() async throws {
            let context = try ScenarioContext()
            try await context.withMachine(.wsl2Mirrored, .closedPortHang) { session in
                let clock = ContinuousClock()
                let begin = clock.now
                let probe = try await scenarioOpenclaw(
                    session, ["gateway", "probe", "--host", "127.0.0.1", "--port", String(context.port), "--json",
                              "--timeout", String(Self.probeTimeoutMillis)])
                let elapsed = clock.now - begin
                #expect(probe.status == 3, "no gateway answered: \(probe)")
                // The whole command (simulator exec and process start included) takes at least the timeout, and
                // far less than an unbounded connect (the kernel gives up on a SYN after about 127 s): the probe
                // gives up at its deadline. The slack is wide because CI runs on a loaded 2-core machine.
                #expect(elapsed >= .milliseconds(Self.probeTimeoutMillis), "\(elapsed)")
                #expect(elapsed < .milliseconds(Self.probeTimeoutMillis) + .seconds(20), "\(elapsed)")

                let json = try #require(try JSONSerialization.jsonObject(with: Data(probe.stdout.utf8)) as? [String: Any],
                                        "\(probe)")
                let entry = try #require((json["results"] as? [[String: Any]])?.first, "\(probe)")
                #expect(entry["host"] as? String == "127.0.0.1")
                #expect(entry["outcome"] as? String == "timeout", "a hang is not 'no-listener': \(probe.stdout)")
                #expect(entry["verdict"] as? String == "timeout", "\(probe.stdout)")
                let probeMillis = try #require(entry["elapsedMs"] as? Int, "\(probe.stdout)")
                #expect(probeMillis >= Self.probeTimeoutMillis && probeMillis < Self.probeTimeoutMillis + 500, "\(probe.stdout)")
                #expect((entry["detail"] as? String)?.contains("not proof that nothing listens") == true, "\(probe.stdout)")

                // The doctor: a hang on 127.0.0.1, never "free" from the probe, never another instance.
                let report = try await ScenarioDoctor.report(
                    session, port: context.port, stateDir: context.stateDir,
                    extra: ["--probe-timeout", String(Self.probeTimeoutMillis)])
                #expect(report.environment["wslNetworkingMode"] as? String == "mirrored")
                let check = try report.check("gateway.probe")
                #expect(scenarioProbeVerdict(check, host: "127.0.0.1") == "timeout", "\(check)")
                #expect(check.status == "info", "\(check)")
                #expect(check.detail.contains { $0.hasPrefix("127.0.0.1 hangs") && $0.hasSuffix("this is not \"free\"") }, "\(check)")
                #expect(!check.title.contains("free"), "\(check)")
                // The port is free to bind (a trial bind), which is a different fact than the hang and is read from it.
                let port = try report.check("gateway.port")
                #expect(port.title == "port \(context.port) is free", "\(port)")
                for message in report.allMessages {
                    for words in scenarioAnotherInstanceWords { #expect(!message.contains(words), "\(message)") }
                }
            }
        }

        @Test("the gateway starts despite the hang (not 75, not 78) and says nothing of free ports or other instances")
        func gatewayStarts() async throws {
            let context = try ScenarioContext()
            try await context.withMachine(.wsl2Mirrored, .closedPortHang) { session in
                let gateway = try await ScenarioGuestGateway.start(
                    session, name: "gw", arguments: context.portAndState + ["--probe-timeout", String(Self.probeTimeoutMillis)])
                let started = try #require(await gateway.waitUntilListening(), "no start line: \(gateway.log)")
                #expect(gateway.exitStatus == nil, "it must keep running: \(gateway.log)")
                let log = gateway.log
                #expect(log.contains("listening on ws://127.0.0.1:\(context.port) (pid \(started.pid)"), "\(log)")
                #expect(log.contains("strategy pidfile"), "\(log)")
                for words in scenarioAnotherInstanceWords + ["is free", "already in use"] {
                    #expect(!log.contains(words), "\(log)")
                }
                let status = try await scenarioOpenclaw(session, ["gateway", "status"] + context.portAndState)
                #expect(status.status == 0, "\(status)")
                #expect(status.stdout.contains("Probe disagrees with the lock: the lock holder (pid \(started.pid)"), "\(status)")
                #expect(status.stdout.contains("127.0.0.1:\(context.port) gave no answer in time although it binds that address"), "\(status)")

                // With our gateway up, the guest's 127.0.0.1 still hangs (the SYNs die in "Windows"); the doctor
                // must not take that, or our own listener on ::1, for another instance. Nor may it say the probes
                // agree with the lock: Linux clients of 127.0.0.1 do not reach the gateway, as gateway.reach says too.
                let report = try await ScenarioDoctor.report(
                    session, port: context.port, stateDir: context.stateDir,
                    extra: ["--probe-timeout", String(Self.probeTimeoutMillis)])
                let check = try report.check("gateway.probe")
                #expect(scenarioProbeVerdict(check, host: "127.0.0.1") == "timeout", "\(check)")
                #expect(scenarioProbeVerdict(check, host: "::1") == "gateway", "\(check)")
                #expect(check.status == "warn"
                        && check.title == "the lock holder (gateway pid \(started.pid)) is not reached on 127.0.0.1:\(context.port), which it binds", "\(check)")
                #expect(check.detail.contains { $0.contains("so it is not a hung gateway") }, "\(check)")
                let reach = try report.check("gateway.reach")
                #expect(reach.status == "warn", "\(reach)")
                #expect(check.detail.contains { $0.hasPrefix("::1: gateway (the lock holder, instance \(started.instance)") }, "\(check)")
                #expect(!check.detail.contains { $0.contains("other, instance \(started.instance)") }, "\(check)")
                for message in report.allMessages {
                    for words in scenarioAnotherInstanceWords { #expect(!message.contains(words), "\(message)") }
                }

                kill(started.pid, SIGTERM)
                let code = await gateway.waitForExit()
                #expect(code == 0, "\(gateway.log)")
            }
        }
    }
}
