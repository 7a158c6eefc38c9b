import Testing
@testable import Gateway
@testable import GatewayServer

/// Issue 10 items 1 and 4: the WebSocket upgrade's answers, decided before NIO's upgrader.
@Suite("Request gate")
struct RequestGateTests {
    static let site = RequestSite(ownAddresses: ["127.0.0.1", "::1"], port: 18789, allowedOrigins: ["https://app.example:443"])
    static let key = "dGhlIHNhbXBsZSBub25jZQ=="

    static func upgrade(
        _ extra: [String], version: String? = "13", key: String? = key, method: String = "GET", connection: [String] = ["Upgrade"]
    ) -> RequestGate.Decision {
        var text = "\(method) / HTTP/1.1\r\nHost: 127.0.0.1:18789\r\nUpgrade: websocket\r\n"
        for value in connection { text += "Connection: \(value)\r\n" }
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

    @Test("sec2 re-attack: an upgrade announcing a body (Content-Length, Transfer-Encoding) gets 400; Content-Length: 0 passes")
    func upgradeWithBody() {
        for framing in ["Content-Length: 5", "Content-Length: 100000", "Transfer-Encoding: chunked"] {
            guard case .refuse(let refusal) = Self.upgrade([framing]) else {
                Issue.record("\(framing) passed")
                continue
            }
            #expect(refusal.status == 400 && refusal.body.contains("request body"), "\(framing): \(refusal)")
        }
        #expect(Self.upgrade(["Content-Length: 0"]) == .pass)
    }

    @Test("an upgrade whose Connection lacks the upgrade token gets 400 (RFC 6455 section 4.2.1); any list spelling of it passes")
    func connectionToken() {
        for connection in [["close"], [], ["keep-alive"], ["upgraded"], ["up grade"], ["close, keep-alive"]] {
            guard case .refuse(let refusal) = Self.upgrade([], connection: connection) else {
                Issue.record("Connection \(connection) passed")
                continue
            }
            #expect(refusal.status == 400 && refusal.body == "WebSocket upgrade needs Connection: Upgrade\n", "\(connection)")
        }
        for connection in [["Upgrade"], ["UPGRADE"], ["keep-alive, Upgrade"], ["keep-alive", "upgrade"], [" ,upgrade,"], ["close, Upgrade"]] {
            #expect(Self.upgrade([], connection: connection) == .pass, "\(connection)")
        }
    }

    static func head(_ text: String) throws -> RequestHead {
        var scanner = RequestHeadScanner()
        _ = scanner.consume(Array(text.utf8))
        return try scanner.result!.get()
    }

    @Test("Connection tokens and keep-alive as RFC 9112 section 9.3 has them")
    func keepAlive() throws {
        let cases: [(String, String?, Bool)] = [
            ("HTTP/1.1", nil, true), ("HTTP/1.1", "close", false), ("HTTP/1.1", "Keep-Alive, CLOSE", false),
            ("HTTP/1.0", nil, false), ("HTTP/1.0", "keep-alive", true), ("HTTP/1.0", "Keep-Alive", true),
            ("HTTP/1.0", "keep-alive, close", false), ("HTTP/1.1", "upgrade", true), ("HTTP/1.0", "keep-alived", false),
        ]
        for (version, connection, expected) in cases {
            let head = try Self.head("GET /healthz \(version)\r\nHost: a\r\n" + (connection.map { "Connection: \($0)\r\n" } ?? "") + "\r\n")
            #expect(head.isKeepAlive == expected, "\(version) \(connection ?? "-")")
        }
        #expect(try Self.head("GET / HTTP/1.1\r\nHost: a\r\nConnection: a ,, B\t\r\nConnection: c\r\n\r\n").connectionTokens == ["a", "b", "c"])
    }

    @Test("an Upgrade that is not websocket is ignored (RFC 9110 section 7.8): it passes, and its field is taken out of the head")
    func ignoredUpgrade() throws {
        for value in ["h2c", "foo", "websocket\u{A0}", "websocket/13x", "HTTP/2.0"] {
            let text = "GET /healthz HTTP/1.1\r\nHost: a\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: \(value)\r\nX-A: \u{E9}\r\n\r\n"
            let head = try Self.head(text)
            #expect(!head.asksForWebSocket && head.hasIgnoredUpgrade, "\(value)")
            #expect(RequestGate.decide(.success(head), site: Self.site) == .pass)
            let stripped = RequestHead.removingFields(named: "Upgrade", from: Array(text.utf8))
            #expect(String(decoding: stripped, as: UTF8.self)
                == "GET /healthz HTTP/1.1\r\nHost: a\r\nConnection: Upgrade, HTTP2-Settings\r\nX-A: \u{E9}\r\n\r\n", "\(value)")
            #expect(try RequestHeadParser.parse(stripped).get().fields.count == 3)
        }
        let websocket = try Self.head("GET / HTTP/1.1\r\nHost: a\r\nUpgrade: foo, WebSocket\r\n\r\n")
        #expect(websocket.asksForWebSocket && !websocket.hasIgnoredUpgrade)
        #expect(!(try Self.head("GET / HTTP/1.1\r\nHost: a\r\n\r\n")).hasIgnoredUpgrade)
        // A field whose name only starts with "upgrade" stays; the request line is never a field.
        let text = "GET /upgrade: HTTP/1.1\r\nHost: a\r\nUpgrade-Insecure-Requests: 1\r\nupgrade: h2c\r\n\r\n"
        #expect(String(decoding: RequestHead.removingFields(named: "Upgrade", from: Array(text.utf8)), as: UTF8.self)
            == "GET /upgrade: HTTP/1.1\r\nHost: a\r\nUpgrade-Insecure-Requests: 1\r\n\r\n")
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
