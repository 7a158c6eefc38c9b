import NetProbe
import NIOHTTP1
import Testing
@testable import Gateway
@testable import GatewayServer

@Suite("Gateway HTTP routes")
struct GatewayHTTPRoutesTests {
    static func runtime() -> GatewayRuntime {
        let plan = StartPlan(strategy: .pidfile, bindAddresses: ["127.0.0.1"], port: 18789, reasons: [])
        return GatewayRuntime(
            instanceId: "i1", pid: 4242, version: "v", startedAt: "t", bootId: "b", port: 18789,
            verdict: EnvironmentVerdict(kind: .native, confidence: .high, evidence: []), plan: plan, token: nil)
    }

    static func route(_ target: String, method: HTTPMethod = .GET, host: String? = "127.0.0.1:18789", loopback: Bool = true,
                      runtime: GatewayRuntime = runtime()) -> GatewayHTTPRoutes.Route {
        GatewayHTTPRoutes.route(
            method: method, target: target, host: host, peerIsLoopback: loopback, localAddress: "127.0.0.1", runtime: runtime)
    }

    static func body(_ route: GatewayHTTPRoutes.Route) -> String? {
        guard case .answer(let answer) = route else { return nil }
        return String(decoding: answer.body, as: UTF8.self)
    }

    static func status(_ route: GatewayHTTPRoutes.Route) -> HTTPResponseStatus? {
        guard case .answer(let answer) = route else { return nil }
        return answer.status
    }

    @Test("/healthz answers any Host and method GET only; empty path components and a query are ignored")
    func health() {
        #expect(Self.body(Self.route("/healthz", host: "evil.example")) == #"{"ok":true,"status":"live"}"#)
        #expect(Self.status(Self.route("/healthz/?x=1")) == .ok)
        #expect(Self.status(Self.route("//healthz")) == .ok)
        #expect(Self.status(Self.route("/healthz", method: .POST)) == .notFound)
        #expect(Self.status(Self.route("/healthzz")) == .notFound)
        #expect(Self.body(Self.route("/")) == #"{"error":"not found"}"#)
    }

    @Test("the identity route serves NetProbe's GatewayIdentity, the type a probe decodes: read back, it is the runtime's identity (no pid for a non-loopback peer)")
    func identityIsTheProbesType() throws {
        let runtime = Self.runtime()
        #expect(runtime.identity == GatewayIdentity(instanceId: "i1", pid: 4242, version: "v", startedAt: "t", bootId: "b", port: 18789))
        let local = try #require(Self.body(Self.route("/__openclaw__/identity", runtime: runtime)))
        #expect(GatewayIdentity.parseIdentityJSON(Array(local.utf8)) == runtime.identity)
        var remote = runtime.identity
        remote.pid = nil
        let other = try #require(Self.body(Self.route("/__openclaw__/identity", loopback: false, runtime: runtime)))
        #expect(GatewayIdentity.parseIdentityJSON(Array(other.utf8)) == remote)
        #expect(local == runtime.identity.jsonValue.text && other == remote.jsonValue.text)
    }

    @Test("/readyz is 503 until the runtime is ready")
    func ready() {
        let runtime = Self.runtime()
        #expect(Self.status(Self.route("/readyz", runtime: runtime)) == .serviceUnavailable)
        #expect(Self.body(Self.route("/readyz", runtime: runtime)) == #"{"ready":false}"#)
        _ = runtime.markReady()
        #expect(Self.body(Self.route("/readyz", runtime: runtime)) == #"{"ready":true}"#)
    }

    @Test("identity and canvas need a Host naming the gateway (421); the pid only for a loopback peer")
    func revealing() throws {
        #expect(Self.status(Self.route("/__openclaw__/identity", host: "evil.example:18789")) == .misdirectedRequest)
        #expect(Self.status(Self.route("/__openclaw__/canvas/x.html", host: "evil.example:18789")) == .misdirectedRequest)
        let local = try #require(Self.body(Self.route("/__openclaw__/identity")))
        #expect(local.contains(#""pid":4242"#) && local.contains(#""instanceId":"i1""#))
        let remote = try #require(Self.body(Self.route("/__openclaw__/identity", loopback: false)))
        #expect(!remote.contains("pid") && remote.contains(#""instanceId":"i1""#))
        #expect(Self.route("/__openclaw__/canvas") == .canvas(path: "/__openclaw__/canvas"))
        #expect(Self.route("/__openclaw__/canvas/a/b.css?v=2") == .canvas(path: "/__openclaw__/canvas/a/b.css"))
        #expect(Self.status(Self.route("/__openclaw__/canvasx")) == .notFound)
    }

    @Test("canvas answers: a file with nosniff, 404 and 403 as JSON")
    func canvasAnswers() {
        let file = GatewayHTTPRoutes.answer(.file(bytes: [0x41], contentType: "text/css"))
        #expect(file.status == .ok && file.contentType == "text/css" && file.body == [0x41])
        #expect(file.extraHeaders.map(\.name) == ["X-Content-Type-Options"] && file.extraHeaders.map(\.value) == ["nosniff"])
        #expect(GatewayHTTPRoutes.answer(.notFound) == GatewayHTTPRoutes.notFound)
        let forbidden = GatewayHTTPRoutes.answer(.forbidden)
        #expect(forbidden.status == .forbidden && String(decoding: forbidden.body, as: UTF8.self) == #"{"error":"forbidden path"}"#)
    }
}
