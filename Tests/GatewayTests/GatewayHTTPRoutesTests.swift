import NetProbe
import NIOHTTP1
import TestSupport
import Testing
@testable import Gateway

@Suite("Gateway HTTP routes")
struct GatewayHTTPRoutesTests {
    static func runtime() -> GatewayRuntime {
        let plan = StartPlan(strategy: .pidfile, bindAddresses: ["127.0.0.1"], port: 18789, reasons: [])
        return GatewayRuntime(
            identity: IdentityDocument(instanceId: "i1", pid: 4242, version: "v", startedAt: "t", bootId: "b", port: 18789),
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

@Suite("WebSocket close reply")
struct WebSocketCloseReplyTests {
    static func payload(_ code: UInt16, _ reason: [UInt8] = []) -> [UInt8] { [UInt8(code >> 8), UInt8(code & 0xFF)] + reason }

    @Test("1000 for no payload, a sendable code and a UTF-8 reason; 1002 otherwise")
    func replies() {
        #expect(WebSocketCloseReply.code(forClosePayload: []) == 1000)
        #expect(WebSocketCloseReply.code(forClosePayload: [0x03]) == 1002)
        for code: UInt16 in [1000, 1001, 1003, 1007, 1011, 3000, 4999] {
            #expect(WebSocketCloseReply.code(forClosePayload: Self.payload(code, Array("bye".utf8))) == 1000, "\(code)")
        }
        for code: UInt16 in [0, 999, 1004, 1005, 1006, 1012, 2999, 5000, 65535] {
            #expect(WebSocketCloseReply.code(forClosePayload: Self.payload(code)) == 1002, "\(code)")
        }
        #expect(WebSocketCloseReply.code(forClosePayload: Self.payload(1000, [0xC3, 0x28])) == 1002)
    }

    @Test("any payload gets 1000 or 1002, and 1000 only when the code is sendable (property, seeded)")
    func property() {
        var generator = SeededGenerator(seed: 22)
        for _ in 0..<5000 {
            let bytes = generator.bytes(Int(generator.next() % 8))
            let reply = WebSocketCloseReply.code(forClosePayload: bytes)
            #expect(reply == 1000 || reply == 1002)
            if reply == 1000 && bytes.count >= 2 {
                #expect(WebSocketCloseReply.isSendable(UInt16(bytes[0]) << 8 | UInt16(bytes[1])))
            }
        }
    }
}
