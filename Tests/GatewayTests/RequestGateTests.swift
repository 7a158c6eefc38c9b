import Testing
@testable import Gateway
@testable import GatewayServer

/// Issue 10 items 1 and 4: the WebSocket upgrade's answers, decided before NIO's upgrader.
@Suite("Request gate")
struct RequestGateTests {
    static let site = RequestSite(ownAddresses: ["127.0.0.1", "::1"], port: 18789, allowedOrigins: ["https://app.example:443"])
    static let key = "dGhlIHNhbXBsZSBub25jZQ=="

    static func upgrade(_ extra: [String], version: String? = "13", key: String? = key, method: String = "GET") -> RequestGate.Decision {
        var text = "\(method) / HTTP/1.1\r\nHost: 127.0.0.1:18789\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        if let version { text += "Sec-WebSocket-Version: \(version)\r\n" }
        if let key { text += "Sec-WebSocket-Key: \(key)\r\n" }
        for line in extra { text += line + "\r\n" }
        var scanner = RequestHeadScanner()
        _ = scanner.consume(Array((text + "\r\n").utf8))
        guard let result = scanner.result else { return .pass }
        return RequestGate.decide(result, site: site)
    }

    static func status(_ decision: RequestGate.Decision) -> Int? {
        if case .refuse(let refusal) = decision { return refusal.status }
        return nil
    }

    @Test("a foreign Origin gets 403 whatever the client claims; own, allowed and absent origins pass")
    func origins() {
        #expect(Self.status(Self.upgrade(["Origin: https://evil.example"])) == 403)
        #expect(Self.status(Self.upgrade(["Origin: null"])) == 403)
        #expect(Self.status(Self.upgrade(["Origin: http://127.0.0.1:18789", "Origin: https://evil.example"])) == 403)
        #expect(Self.upgrade(["Origin: http://127.0.0.1:18789"]) == .pass)
        #expect(Self.upgrade(["Origin: http://localhost:18789"]) == .pass)
        #expect(Self.upgrade(["Origin: https://app.example"]) == .pass)
        #expect(Self.upgrade([]) == .pass)
    }

    @Test("Sec-WebSocket-Version other than 13 (or none) gets 426 naming 13")
    func version() {
        for version in ["8", "12", "13, 8", nil] as [String?] {
            guard case .refuse(let refusal) = Self.upgrade([], version: version) else {
                Issue.record("version \(version ?? "none") passed")
                continue
            }
            #expect(refusal.status == 426 && refusal.headers == [.init("Sec-WebSocket-Version", "13")])
        }
    }

    @Test("a missing, short, repeated or non-base64 key gets 400", arguments: [nil, "abc", "!!!!!!!!!!!!!!!!!!!!!!==", "dGhlIHNhbXBsZSBub25jZQ"] as [String?])
    func keys(_ key: String?) {
        #expect(Self.status(Self.upgrade([], key: key)) == 400)
    }

    @Test("a repeated key and a non-GET upgrade get 400")
    func otherUpgradeFaults() {
        #expect(Self.status(Self.upgrade(["Sec-WebSocket-Key: \(Self.key)"])) == 400)
        #expect(Self.status(Self.upgrade([], method: "POST")) == 400)
    }

    @Test("plain requests pass the gate whatever their Origin (routes check Host themselves)")
    func plainRequests() {
        var scanner = RequestHeadScanner()
        _ = scanner.consume(Array("GET /healthz HTTP/1.1\r\nHost: x\r\nOrigin: https://evil.example\r\n\r\n".utf8))
        #expect(RequestGate.decide(scanner.result!, site: Self.site) == .pass)
    }

    @Test("reserve connections answer only /healthz and /readyz themselves")
    func reserve() {
        func answer(_ text: String, ready: Bool = true) -> HTTPRefusal {
            var scanner = RequestHeadScanner()
            _ = scanner.consume(Array(text.utf8))
            return ReserveAnswer.answer(scanner.result!, ready: ready)
        }
        #expect(answer("GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n") == HTTPRefusal(status: 200, body: #"{"ok":true,"status":"live"}"#))
        #expect(answer("GET /readyz HTTP/1.1\r\nHost: a\r\n\r\n", ready: false).status == 503)
        #expect(answer("GET /readyz HTTP/1.1\r\nHost: a\r\n\r\n").status == 200)
        let busy = answer("GET /__openclaw__/identity HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(busy.status == 503 && busy.headers == [.init("Retry-After", "1")])
        #expect(answer("GET /healthz HTTP/1.1\nHost: a\n\n").status == 400)
    }
}
