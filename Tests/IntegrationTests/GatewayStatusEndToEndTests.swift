import Foundation
import Gateway
import GatewayLive
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// `gateway status` (lock + probe) and `gateway probe` against the real binary. In the serialized end-to-end suite.
extension GatewayEndToEndTests {
    static func jsonObject(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not a JSON object: \(text)")
    }

    /// The `probe` object of `gateway status --json`, checked for its shape.
    static func probeReport(_ status: [String: Any]) throws -> (agreement: String, agrees: Any?, explanation: String, results: [[String: Any]]) {
        let probe = try #require(status["probe"] as? [String: Any], "no probe object in \(status)")
        #expect(probe["timeoutMs"] as? Int == 500)
        #expect(probe.keys.contains("agreesWithLock"))
        let results = try #require(probe["results"] as? [[String: Any]])
        #expect(results.map { $0["host"] as? String } == ["127.0.0.1", "::1"])
        for result in results {
            #expect(result["verdict"] is String && result["summary"] is String && result["elapsedMs"] is Int)
        }
        return (try #require(probe["agreement"] as? String), probe["agreesWithLock"] as Any?,
                try #require(probe["explanation"] as? String), results)
    }

    static func instanceId(port: UInt16) throws -> String {
        let body = try GatewayWireClient.get(host: "127.0.0.1", port: port, path: "/__openclaw__/identity").body
        return try #require(try jsonObject(body)["instanceId"] as? String)
    }

    @Test("gateway status --json running: lock held and both loopback probes answer as the lock holder, exit 0")
    func statusRunningAgrees() async throws {
        try Self.requireBinary()
        let gw = Gateway()
        let gateway = try gw.start()
        defer { gateway.terminate() }
        #expect(await gateway.waitForOutput("listening on"), "stderr: \(gateway.stderr)")
        let instance = try Self.instanceId(port: gw.port)
        let ipv6 = LoopbackAvailability.ipv6()

        let result = try await gw.command(["gateway", "status", "--json"])
        #expect(result.code == 0, "\(result)")
        let status = try Self.jsonObject(result.out)
        #expect(status["schemaVersion"] as? Int == 1)
        #expect(status["running"] as? Bool == true)
        #expect(status["port"] as? Int == Int(gw.port))
        #expect(status["lock"] as? String == "held")
        #expect((status["lockPath"] as? String)?.hasSuffix("/gateway-\(gw.port).lock") == true)
        #expect(status["processVerified"] as? Bool == true)
        #expect(status["processVerifiedReason"] == nil)
        let metadata = try #require(status["instance"] as? [String: Any])
        #expect(metadata["instanceId"] as? String == instance && metadata["pid"] as? Int == Int(gateway.pid))
        #expect(metadata["status"] as? String == "ready")

        let probe = try Self.probeReport(status)
        #expect(probe.agreement == "agrees" && probe.agrees as? Bool == true, "\(probe)")
        #expect(probe.explanation.contains("answers on 127.0.0.1:\(gw.port)"))
        let v4 = probe.results[0]
        #expect(v4["verdict"] as? String == "gateway" && v4["isLockHolder"] as? Bool == true)
        #expect(v4["instanceId"] as? String == instance && v4["pid"] as? Int == Int(gateway.pid))
        let v6 = probe.results[1]
        if ipv6 {
            #expect(v6["verdict"] as? String == "gateway" && v6["isLockHolder"] as? Bool == true)
        } else {
            #expect(v6["verdict"] as? String != "gateway" && v6["isLockHolder"] == nil)
        }

        let text = try await gw.command(["gateway", "status"])
        #expect(text.code == 0)
        #expect(text.out.contains("Probe 127.0.0.1:\(gw.port): gateway, the lock holder (instance \(instance), pid \(gateway.pid))"),
                "\(text.out)")
        #expect(text.out.contains("Probe agrees with the lock: "))

        let lockOnly = try Self.jsonObject(try await gw.command(["gateway", "status", "--json", "--no-probe"]).out)
        let notProbed = try #require(lockOnly["probe"] as? [String: Any])
        #expect(notProbed["agreement"] as? String == "not-probed" && (notProbed["results"] as? [Any])?.isEmpty == true)
        #expect(notProbed["agreesWithLock"] is NSNull)

        gateway.signal(SIGTERM)
        #expect(await gateway.waitForExit() == 0)

        let stopped = try await gw.command(["gateway", "status", "--json"])
        #expect(stopped.code == 3, "\(stopped)")
        let after = try Self.jsonObject(stopped.out)
        #expect(after["running"] as? Bool == false && after["lock"] as? String == "free" && after["instance"] == nil)
        let afterProbe = try Self.probeReport(after)
        #expect(afterProbe.agreement == "agrees" && afterProbe.agrees as? Bool == true)
        for result in afterProbe.results {
            #expect(result["verdict"] as? String != "gateway" && result["isLockHolder"] == nil, "\(result)")
        }
        let stoppedText = try await gw.command(["gateway", "status"])
        #expect(stoppedText.code == 3 && stoppedText.out.contains("Runtime: not running"))
        #expect(stoppedText.out.contains("Probe agrees with the lock: no process holds the lock"))
    }

    @Test("gateway status for another state directory: not running (exit 3), probe disagrees, isLockHolder false")
    func statusOtherGatewayDisagrees() async throws {
        try Self.requireBinary()
        let gw = Gateway()
        let gateway = try gw.start()
        defer { gateway.terminate() }
        #expect(await gateway.waitForOutput("listening on"), "stderr: \(gateway.stderr)")
        let instance = try Self.instanceId(port: gw.port)
        let elsewhere = TestDirectory.make("gw-other")
        let child = try SpawnedChild.start(GatewayTestSupport.openclawBinary,
                                     ["gateway", "status", "--json", "--port", String(gw.port), "--state-dir", elsewhere],
                                     environment: ChildEnvironment.clean())
        #expect(await child.waitForExit() == 3, "\(child.stdout) \(child.stderr)")
        let status = try Self.jsonObject(child.stdout)
        #expect(status["running"] as? Bool == false && status["lock"] as? String == "absent")
        let probe = try Self.probeReport(status)
        #expect(probe.agreement == "other-gateway-answers" && probe.agrees as? Bool == false)
        #expect(probe.explanation.contains("instance \(instance)") && probe.explanation.contains("no process holds this port's lock"))
        #expect(probe.results[0]["verdict"] as? String == "gateway" && probe.results[0]["isLockHolder"] as? Bool == false)
        gateway.signal(SIGTERM)
        #expect(await gateway.waitForExit() == 0)
    }

    @Test("gateway probe --host ::1 --json names the gateway; a host name is refused with exit 64")
    func probeIPv6AndHostName() async throws {
        try Self.requireBinary()
        let gw = Gateway()
        let refused = try await gw.command(["gateway", "probe", "--host", "localhost", "--json"], withStateDir: false)
        #expect(refused.code == 64, "\(refused)")
        #expect(refused.err.contains("--host must be a numeric IPv4 or IPv6 address") && refused.err.contains("\"localhost\""))
        #expect(refused.out.isEmpty)

        let gateway = try gw.start()
        defer { gateway.terminate() }
        #expect(await gateway.waitForOutput("listening on"), "stderr: \(gateway.stderr)")
        let instance = try Self.instanceId(port: gw.port)
        let probed = try await gw.command(["gateway", "probe", "--host", "::1", "--json"], withStateDir: false)
        let report = try Self.jsonObject(probed.out)
        #expect(report["schemaVersion"] as? Int == 1 && report["port"] as? Int == Int(gw.port))
        let results = try #require(report["results"] as? [[String: Any]])
        #expect(results.count == 1 && results.first?["host"] as? String == "::1")
        if LoopbackAvailability.ipv6() {
            #expect(probed.code == 0, "\(probed)")
            #expect(results.first?["outcome"] as? String == "gateway")
            let identity = try #require(results.first?["identity"] as? [String: Any])
            #expect(identity["instanceId"] as? String == instance && identity["pid"] as? Int == Int(gateway.pid))
            #expect(identity["service"] as? String == "openclaw-gateway")
        } else {
            #expect(probed.code == 3 && results.first?["outcome"] as? String == "no-listener")
        }

        gateway.signal(SIGTERM)
        #expect(await gateway.waitForExit() == 0)
        let none = try await gw.command(["gateway", "probe", "--host", "::1", "--json"], withStateDir: false)
        #expect(none.code == 3, "\(none)")
        let noneResults = try #require(try Self.jsonObject(none.out)["results"] as? [[String: Any]])
        #expect(noneResults.first?["outcome"] as? String == "no-listener" && noneResults.first?["identity"] == nil)
    }
}
