import Foundation
import Gateway
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Readiness, handshake and slow-client limits of the real binary. In the serialized end-to-end suite.
extension GatewayEndToEndTests {
    /// Polls `GET path` until it answers (any status); bounded.
    static func waitForHTTP(port: UInt16, path: String, timeout: Duration = TestDeadline.process) async -> (status: Int, body: String)? {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            if let answer = try? GatewayWireClient.get(host: "127.0.0.1", port: port, path: path) { return answer }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return try? GatewayWireClient.get(host: "127.0.0.1", port: port, path: path)  // a last look
    }

    @Test("/readyz is 503 {\"ready\":false} while starting (held by the test gate) and while stopping")
    func readinessWhileStartingAndStopping() async throws {
        try Self.requireBinary()
        let gw = Gateway()
        let gate = gw.stateDir + "/ready-gate"
        let gateway = try gw.start(environment: ["OPENCLAW_GATEWAY_TEST_READY_GATE": gate])
        defer { gateway.terminate() }

        // Serving, but held in `starting` until the gate file exists.
        let health = await Self.waitForHTTP(port: gw.port, path: "/healthz")
        #expect(health?.status == 200, "stderr: \(gateway.stderr)")
        let starting = try GatewayWireClient.get(host: "127.0.0.1", port: gw.port, path: "/readyz")
        #expect(starting.status == 503 && starting.body == #"{"ready":false}"#)
        #expect(!gateway.stdout.contains("listening on"))
        let status = try Self.jsonObject(try await gw.command(["gateway", "status", "--json"]).out)
        #expect((status["instance"] as? [String: Any])?["status"] as? String == "starting")
        #expect((status["probe"] as? [String: Any])?["agreement"] as? String == "agrees")

        #expect(FileManager.default.createFile(atPath: gate, contents: Data()))
        #expect(await gateway.waitForOutput("listening on"))
        let ready = try GatewayWireClient.get(host: "127.0.0.1", port: gw.port, path: "/readyz")
        #expect(ready.status == 200 && ready.body == #"{"ready":true}"#)

        // Stopping: a connected WebSocket that does not answer the close frame keeps the listeners open for the
        // shutdown grace; the gateway marks itself stopping before it sends the shutdown event.
        let ws = try GatewayWireClient(host: "127.0.0.1", port: gw.port)
        #expect(try ws.upgrade(host: "127.0.0.1", port: gw.port) == 101)
        _ = try ws.readJSON()
        try ws.sendText(Self.connectFrame())
        #expect(try ws.readJSON()["ok"] as? Bool == true)
        gateway.signal(SIGTERM)
        #expect(try ws.readJSON()["event"] as? String == "shutdown")
        let stopping = try GatewayWireClient.get(host: "127.0.0.1", port: gw.port, path: "/readyz")
        #expect(stopping.status == 503 && stopping.body == #"{"ready":false}"#)
        #expect(try ws.readFrame().closeCode == 1001)
        #expect(await gateway.waitForExit() == 0)
    }

    @Test("a WebSocket client that never sends connect is closed 1008 'connect timeout' after the configured time")
    func handshakeTimeout() async throws {
        try Self.requireBinary()
        let gw = Gateway()
        let gateway = try gw.start(environment: ["OPENCLAW_GATEWAY_HANDSHAKE_TIMEOUT_MS": "300"])
        defer { gateway.terminate() }
        #expect(await gateway.waitForOutput("listening on"), "stderr: \(gateway.stderr)")

        let clock = ContinuousClock()
        let silent = try GatewayWireClient(host: "127.0.0.1", port: gw.port)
        let opened = clock.now
        #expect(try silent.upgrade(host: "127.0.0.1", port: gw.port) == 101)
        #expect(try silent.readJSON()["event"] as? String == "connect.challenge")
        let close = try silent.readFrame()
        let waited = clock.now - opened
        #expect(close.closeCode == 1008 && close.closeReason == "connect timeout", "\(close)")
        #expect(waited >= .milliseconds(250) && waited < .seconds(3), "closed after \(waited)")

        // A client that connects in time is not cut off by the timer.
        let prompt = try GatewayWireClient(host: "127.0.0.1", port: gw.port)
        #expect(try prompt.upgrade(host: "127.0.0.1", port: gw.port) == 101)
        _ = try prompt.readJSON()
        try prompt.sendText(Self.connectFrame())
        #expect(try prompt.readJSON()["ok"] as? Bool == true)
        try await Task.sleep(for: .milliseconds(600))
        try prompt.sendText(#"{"type":"req","id":"h1","method":"health"}"#)
        let health = try prompt.readJSON()
        #expect(health["id"] as? String == "h1" && health["ok"] as? Bool == true)

        gateway.signal(SIGTERM)
        #expect(await gateway.waitForExit() == 0)
    }

    @Test("a slowloris client does not hold up others and is cut off with 408 after --request-head-timeout")
    func slowlorisIsBounded() async throws {
        try Self.requireBinary()
        let gw = Gateway()
        let gateway = try gw.start(["--request-head-timeout", "1000"])
        defer { gateway.terminate() }
        #expect(await gateway.waitForOutput("listening on"), "stderr: \(gateway.stderr)")

        async let slow = GatewaySlowClient.trickle(
            port: gw.port, prefix: "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ", interval: .milliseconds(100), limit: .seconds(15))
        // Meanwhile other clients are served at once.
        let clock = ContinuousClock()
        for _ in 0..<5 {
            let started = clock.now
            let answer = try GatewayWireClient.get(host: "127.0.0.1", port: gw.port, path: "/healthz")
            #expect(answer.status == 200)
            #expect(clock.now - started < .milliseconds(900))
            try await Task.sleep(for: .milliseconds(100))
        }
        let outcome = try await slow
        let closedAfter = try #require(outcome.closedAfter, "the slow client was never cut off (sent \(outcome.bytesSent) bytes)")
        #expect(closedAfter >= .milliseconds(900) && closedAfter < .seconds(4), "cut off after \(closedAfter)")
        #expect(outcome.bytesSent > "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ".utf8.count + 5, "it kept sending")
        #expect(outcome.response.hasPrefix("HTTP/1.1 408"), "response: \(outcome.response)")

        gateway.signal(SIGTERM)
        #expect(await gateway.waitForExit() == 0)
    }

    @Test("a timeout variable that is not a number is a usage error (exit 64) naming the variable")
    func badTimeoutVariable() async throws {
        try Self.requireBinary()
        let gw = Gateway()
        let gateway = try gw.start(environment: ["OPENCLAW_GATEWAY_HANDSHAKE_TIMEOUT_MS": "soon"])
        defer { gateway.terminate() }
        #expect(await gateway.waitForExit() == 64)
        #expect(gateway.stderr.contains("OPENCLAW_GATEWAY_HANDSHAKE_TIMEOUT_MS must be a whole number"), "\(gateway.stderr)")
        let option = try gw.start(["--request-head-timeout", "0"])
        defer { option.terminate() }
        #expect(await option.waitForExit() == 64)
        #expect(option.stderr.contains("--request-head-timeout must be between 1 and 600000"))
    }
}
