import Testing
import TestSupport
@testable import NetProbe

@Suite("HTTPResponseHead parser")
struct HTTPHeadTests {
    static let sample = Array(
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: keep-alive, Upgrade\r\nX-Odd:  spaced value \t\r\nServer: nginx/1.25\r\n\r\nBODY".utf8
    )

    @Test("a complete head: status, reason, fields, and the bytes it consumed")
    func complete() throws {
        let text = Array("HTTP/1.1 404 Not Found\r\nServer: nginx\r\nX-Empty:\r\nX-Pad:   v  \r\n\r\nbody".utf8)
        guard case .complete(let head, let consumed) = HTTPResponseHead.parse(text) else {
            Issue.record("expected complete")
            return
        }
        #expect(head.version == "HTTP/1.1")
        #expect(head.status == 404)
        #expect(head.reason == "Not Found")
        #expect(head.fields.map(\.name) == ["Server", "X-Empty", "X-Pad"])
        #expect(head.value(for: "server") == "nginx")
        #expect(head.value(for: "x-empty") == "")
        #expect(head.value(for: "X-PAD") == "v")
        #expect(head.value(for: "missing") == nil)
        #expect(Array(text[consumed...]) == Array("body".utf8))
    }

    @Test("every proper prefix needs more; the full head completes")
    func incremental() {
        let head = Array("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n".utf8)
        for n in 0..<head.count {
            #expect(HTTPResponseHead.parse(head.prefix(n)) == .needMore, "prefix \(n)")
        }
        guard case .complete(let parsed, let consumed) = HTTPResponseHead.parse(head) else {
            Issue.record("expected complete")
            return
        }
        #expect(consumed == head.count)
        #expect(parsed.version == "HTTP/1.0" && parsed.status == 200 && parsed.reason == "OK")
    }

    @Test("a status line without reason and bare LF line ends are accepted")
    func tolerant() {
        guard case .complete(let head, _) = HTTPResponseHead.parse(Array("HTTP/1.1 204\nServer: x\n\n".utf8)) else {
            Issue.record("expected complete")
            return
        }
        #expect(head.status == 204 && head.reason == "" && head.value(for: "Server") == "x")
    }

    @Test("non-HTTP bytes are rejected at the first byte that differs from HTTP/")
    func notHTTPEarly() {
        #expect(HTTPResponseHead.parse(Array("S".utf8)) == .invalid(.notHTTP))
        #expect(HTTPResponseHead.parse(Array("HTTX".utf8)) == .invalid(.notHTTP))
        #expect(HTTPResponseHead.parse(Array("HTT".utf8)) == .needMore)
        #expect(HTTPResponseHead.parse([0x16, 0x03, 0x01]) == .invalid(.notHTTP))  // a TLS ClientHello
    }

    @Test("malformed status lines and header lines are invalid with the line number")
    func malformed() {
        let cases: [(String, HTTPHeadError)] = [
            ("HTTP/1.1 20 OK\r\n\r\n", .badStatusLine),
            ("HTTP/1.1 2000 OK\r\n\r\n", .badStatusLine),
            ("HTTP/1 200 OK\r\n\r\n", .badStatusLine),
            ("HTTP/1.1 200 OK\r\nServer nginx\r\n\r\n", .badHeaderLine(line: 2)),
            ("HTTP/1.1 200 OK\r\nA: b\r\n folded\r\n\r\n", .badHeaderLine(line: 3)),
            ("HTTP/1.1 200 OK\r\n: empty name\r\n\r\n", .badHeaderLine(line: 2)),
            ("HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n", .badHeaderLine(line: 2)),
            ("HTTP/1.1 200 OK\r\nX: a\u{1}b\r\n\r\n", .badHeaderLine(line: 2)),
        ]
        for (text, error) in cases {
            #expect(HTTPResponseHead.parse(Array(text.utf8)) == .invalid(error), "\(text.debugDescription)")
        }
    }

    @Test("the head size is bounded, even while the head is still incomplete")
    func bounded() {
        let long = Array(("HTTP/1.1 200 OK\r\nX: " + String(repeating: "a", count: 200)).utf8)
        #expect(HTTPResponseHead.parse(long, maxHeadBytes: 100) == .invalid(.headTooLarge(limit: 100)))
        #expect(HTTPResponseHead.parse(long, maxHeadBytes: 1000) == .needMore)
        let exact = Array("HTTP/1.1 200 OK\r\n\r\n".utf8)
        #expect(HTTPResponseHead.parse(exact, maxHeadBytes: exact.count) != .invalid(.headTooLarge(limit: exact.count)))
        #expect(HTTPResponseHead.parse(exact, maxHeadBytes: exact.count - 1) == .invalid(.headTooLarge(limit: exact.count - 1)))
    }

    @Test("token lists are matched case-insensitively per comma-separated item")
    func tokens() throws {
        guard case .complete(let head, _) = HTTPResponseHead.parse(Self.sample) else {
            Issue.record("expected complete")
            return
        }
        #expect(head.hasToken("upgrade", in: "connection"))
        #expect(head.hasToken("Keep-Alive", in: "Connection"))
        #expect(!head.hasToken("up", in: "Connection"))
        #expect(head.hasToken("WebSocket", in: "upgrade"))
        #expect(head.value(for: "x-odd") == "spaced value")
    }

    @Test("fuzz: random and mutated bytes never crash, and a verdict never changes once reached")
    func fuzz() {
        var random = SeededGenerator(seed: 0x4854_5450)
        let seeds = [Self.sample, Array("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc".utf8), Array("HTTP/".utf8)]
        for iteration in 0..<3000 {
            let input: [UInt8]
            if iteration % 3 == 0 {
                input = random.bytes(Int.random(in: 0..<200, using: &random))
            } else {
                input = random.mutate(seeds[iteration % seeds.count])
            }
            let limit = Int.random(in: 1...300, using: &random)
            let full = HTTPResponseHead.parse(input, maxHeadBytes: limit)
            if case .complete(_, let consumed) = full {
                #expect(consumed <= input.count && consumed <= limit)
                // More bytes after a complete head never change it.
                #expect(HTTPResponseHead.parse(input + random.bytes(5), maxHeadBytes: limit) == full)
            }
            if case .invalid = full {
                #expect(HTTPResponseHead.parse(input + random.bytes(5), maxHeadBytes: limit) == full)
            }
        }
    }
}

@Suite("HTTPResponseBody extraction")
struct HTTPHeadBodyTests {
    func head(_ text: String) -> HTTPResponseHead {
        guard case .complete(let head, _) = HTTPResponseHead.parse(Array(text.utf8)) else {
            preconditionFailure("test head must parse: \(text)")
        }
        return head
    }

    @Test("Content-Length: waits for the body, ignores extra bytes, bounds the size")
    func contentLength() {
        let h = head("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n")
        #expect(HTTPResponseBody.extract(head: h, bytes: Array("hel".utf8), ended: false, maxBody: 100) == .needMore)
        #expect(HTTPResponseBody.extract(head: h, bytes: Array("hello!!".utf8), ended: false, maxBody: 100)
            == .complete(Array("hello".utf8)))
        if case .invalid = HTTPResponseBody.extract(head: h, bytes: Array("hel".utf8), ended: true, maxBody: 100) {} else {
            Issue.record("a short body at end of stream is invalid")
        }
        if case .invalid = HTTPResponseBody.extract(head: h, bytes: [], ended: false, maxBody: 4) {} else {
            Issue.record("a declared length above the bound is invalid")
        }
    }

    @Test("chunked bodies are decoded, incrementally")
    func chunked() {
        let h = head("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
        let wire = Array("4\r\nWiki\r\n6;ext=1\r\npedia \r\nE\r\nin \r\n\r\nchunks.\r\n0\r\n\r\n".utf8)
        #expect(HTTPResponseBody.extract(head: h, bytes: wire, ended: false, maxBody: 100)
            == .complete(Array("Wikipedia in \r\n\r\nchunks.".utf8)))
        for n in 0..<(wire.count - 5) {
            #expect(HTTPResponseBody.extract(head: h, bytes: Array(wire.prefix(n)), ended: false, maxBody: 100) == .needMore)
        }
        if case .invalid = HTTPResponseBody.extract(head: h, bytes: Array("zz\r\n".utf8), ended: false, maxBody: 100) {} else {
            Issue.record("a non-hex chunk size is invalid")
        }
        if case .invalid = HTTPResponseBody.extract(head: h, bytes: Array("ffff\r\n".utf8), ended: false, maxBody: 100) {} else {
            Issue.record("a chunk above the bound is invalid")
        }
    }

    @Test("without a length the body ends with the connection")
    func untilClose() {
        let h = head("HTTP/1.0 200 OK\r\n\r\n")
        #expect(HTTPResponseBody.extract(head: h, bytes: [1, 2], ended: false, maxBody: 10) == .needMore)
        #expect(HTTPResponseBody.extract(head: h, bytes: [1, 2], ended: true, maxBody: 10) == .complete([1, 2]))
    }

    @Test("fuzz: chunked decoding of random and mutated bytes never crashes")
    func fuzzChunked() {
        var random = SeededGenerator(seed: 77)
        let h = head("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
        let seed = Array("4\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n".utf8)
        for i in 0..<2000 {
            let input = i % 2 == 0 ? random.mutate(seed) : random.bytes(Int.random(in: 0..<64, using: &random))
            if case .complete(let body) = HTTPResponseBody.extract(head: h, bytes: input, ended: i % 4 == 1, maxBody: 32) {
                #expect(body.count <= 32)
            }
        }
    }
}
