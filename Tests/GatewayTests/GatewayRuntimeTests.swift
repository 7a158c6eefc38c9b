import NetProbe
import Testing
@testable import Gateway
@testable import GatewayServer

@Suite("Gateway runtime status")
struct GatewayRuntimeTests {
    static func runtime() -> GatewayRuntime {
        let plan = StartPlan(strategy: .pidfile, bindAddresses: ["127.0.0.1"], port: 1, reasons: [])
        return GatewayRuntime(
            instanceId: "i", pid: 1, version: "v", startedAt: "t", bootId: "b", port: 1,
            verdict: EnvironmentVerdict(kind: .native, confidence: .high, evidence: []), plan: plan, token: nil,
            handshakeTimeout: .milliseconds(300))
    }

    @Test("starting -> ready once; never ready again after stopping")
    func markReady() {
        let runtime = Self.runtime()
        #expect(runtime.status == .starting)
        #expect(runtime.markReady())
        #expect(runtime.status == .ready)
        #expect(!runtime.markReady())
        let stopped = Self.runtime()
        stopped.setStatus(.stopping)
        #expect(!stopped.markReady())
        #expect(stopped.status == .stopping)
        #expect(stopped.handshakeTimeout == .milliseconds(300))
    }
}
