import Testing
import TestSupport
@testable import Gateway
@testable import GatewayServer

@Suite("Request head scanner")
struct RequestHeadScannerTests {
    /// Feeds `chunks` one by one; the total offset just past the head, or nil.
    static func end(of chunks: [[UInt8]]) -> Int? {
        var scanner = RequestHeadScanner()
        var offset = 0
        for chunk in chunks {
            if let n = scanner.consume(chunk) { return offset + n }
            offset += chunk.count
        }
        return nil
    }

    /// The reference answer: the first empty line (CRLF CRLF or LF LF, CRLF LF, LF CRLF) after the first byte that
    /// is not CR or LF, found by a plain search over the whole input.
    static func referenceEnd(_ bytes: [UInt8]) -> Int? {
        guard let first = bytes.firstIndex(where: { $0 != 0x0D && $0 != 0x0A }) else { return nil }
        var i = first
        while i < bytes.count {
            if bytes[i] == 0x0A {
                var j = i + 1
                if j < bytes.count && bytes[j] == 0x0D { j += 1 }
                if j < bytes.count && bytes[j] == 0x0A { return j + 1 }
            }
            i += 1
        }
        return nil
    }

    @Test("finds the empty line after the header fields, CRLF or bare LF")
    func basics() {
        let head = Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8)
        #expect(Self.end(of: [head]) == head.count)
        #expect(Self.end(of: [head + Array("BODY".utf8)]) == head.count)
        #expect(Self.end(of: [Array("GET / HTTP/1.0\n\n".utf8)]) == 16)
        #expect(Self.end(of: [Array("GET / HTTP/1.1\r\nHost: x\r\n".utf8)]) == nil)
        #expect(Self.end(of: [Array("GET / HTTP/1.1\r\nX: a\rb\r\n\r\n".utf8)]) == 26)
    }

    @Test("leading empty lines do not end the head (a bare CRLF cannot escape the deadline)")
    func leadingEmptyLines() {
        #expect(Self.end(of: [Array("\r\n\r\n\n\n".utf8)]) == nil)
        let request = Array("\r\nGET / HTTP/1.1\r\n\r\n".utf8)
        #expect(Self.end(of: [request]) == request.count)
    }

    @Test("one byte at a time, and every two-way split, give the same answer as one chunk")
    func splits() {
        let request = Array("GET /x HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\n\r\n\u{81}\u{05}hello".utf8)
        let whole = Self.end(of: [request])
        #expect(whole == Self.referenceEnd(request))
        #expect(Self.end(of: request.map { [$0] }) == whole)
        for cut in 0...request.count {
            #expect(Self.end(of: [Array(request[..<cut]), Array(request[cut...])]) == whole, "cut at \(cut)")
        }
    }

    @Test("raw bytes, an array and a sequence without contiguous storage give the same end and judgement, split anywhere")
    func entries() {
        let request = Array("\r\nGET / HTTP/1.1\r\nHost: a\r\nX: y\r\n\r\nrest".utf8)
        let over = Array(("GET /" + String(repeating: "a", count: RequestHeadScanner.maxRequestLine) + "\r\n").utf8)
        for bytes in [request, over] {
            // Every cut of the short head; the long one's first and last bytes and the limit's neighbourhood.
            let limit = RequestHeadScanner.maxRequestLine
            let cuts = bytes.count < 100 ? Array(0...bytes.count) : [0, 1, 2, limit - 1, limit, limit + 1, limit + 2, bytes.count]
            for cut in cuts where cut <= bytes.count {
                var raw = RequestHeadScanner(), array = RequestHeadScanner(), mapped = RequestHeadScanner()
                let rawUsed = [bytes[..<cut], bytes[cut...]].map { part in Array(part).withUnsafeBytes { raw.consume($0) } }
                let arrayUsed = [bytes[..<cut], bytes[cut...]].map { array.consume(Array($0)) }
                let mappedUsed = [bytes[..<cut], bytes[cut...]].map { mapped.consume($0.lazy.map { $0 }) }
                #expect(rawUsed == arrayUsed && mappedUsed == arrayUsed, "cut at \(cut)")
                #expect(raw == array && mapped == array, "cut at \(cut)")
            }
        }
    }

    @Test("after completion every call returns 0 and the scanner stays complete")
    func afterCompletion() {
        var scanner = RequestHeadScanner()
        #expect(scanner.consume(Array("GET / HTTP/1.1\r\n\r\n".utf8)) != nil)
        #expect(scanner.isComplete)
        #expect(scanner.consume(Array("more\r\n\r\n".utf8)) == 0)
        #expect(scanner.isComplete)
    }

    @Test("fuzz: random and mutated inputs in random chunks never crash and match the reference search")
    func fuzz() {
        var rng = SeededGenerator(seed: 0x5eed_1e55)
        let alphabet: [UInt8] = [0x0D, 0x0A, 0x0D, 0x0A, UInt8(ascii: "G"), UInt8(ascii: ":"), 0x20, 0x00, 0xFF]
        let seed = Array("GET / HTTP/1.1\r\nHost: x\r\nA: b\r\n\r\n".utf8)
        for iteration in 0..<3000 {
            var bytes: [UInt8]
            if iteration % 2 == 0 {
                bytes = (0..<Int(rng.next() % 40)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            } else {
                bytes = seed
                for _ in 0..<Int(rng.next() % 4 + 1) where !bytes.isEmpty {
                    let at = Int(rng.next() % UInt64(bytes.count))
                    switch rng.next() % 3 {
                    case 0: bytes[at] = UInt8(truncatingIfNeeded: rng.next())
                    case 1: bytes.remove(at: at)
                    default: bytes.insert(alphabet[Int(rng.next() % UInt64(alphabet.count))], at: at)
                    }
                }
            }
            var chunks: [[UInt8]] = []
            var rest = bytes[...]
            while !rest.isEmpty {
                let n = Int(rng.next() % 5) + 1
                chunks.append(Array(rest.prefix(n)))
                rest = rest.dropFirst(n)
            }
            #expect(Self.end(of: chunks) == Self.referenceEnd(bytes), "input \(bytes)")
            // The judgement does not depend on the split either.
            var whole = RequestHeadScanner()
            _ = whole.consume(bytes)
            var pieces = RequestHeadScanner()
            for chunk in chunks where pieces.consume(chunk) != nil {}
            #expect(whole.result == pieces.result, "input \(bytes)")
        }
    }

    @Test("property: mutated valid heads are either accepted with the same fields or refused, never trapped; accepted heads have CRLF lines, a Host on 1.1 and at most one length")
    func mutatedHeads() {
        var rng = SeededGenerator(seed: 0x4ead_5eed)
        let seeds = [
            "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:18789\r\nConnection: close\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nOrigin: http://a\r\n\r\n",
            "POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc",
        ].map { Array($0.utf8) }
        let alphabet: [UInt8] = [0x0D, 0x0A, 0x20, 0x09, 0x00, 0x3A, 0x2C, 0x2D, 0x80, 0xFF, 0x7F] + Array("GHTPCLhost-lengthTransfer".utf8)
        for _ in 0..<4000 {
            var bytes = seeds[Int(rng.next() % UInt64(seeds.count))]
            for _ in 0..<Int(rng.next() % 4 + 1) where !bytes.isEmpty {
                let at = Int(rng.next() % UInt64(bytes.count))
                switch rng.next() % 3 {
                case 0: bytes[at] = alphabet[Int(rng.next() % UInt64(alphabet.count))]
                case 1: bytes.remove(at: at)
                default: bytes.insert(alphabet[Int(rng.next() % UInt64(alphabet.count))], at: at)
                }
            }
            var scanner = RequestHeadScanner()
            guard let used = scanner.consume(bytes), case .success(let head)? = scanner.result else { continue }
            let headBytes = bytes[..<used]
            #expect(!headBytes.contains(0x00), "accepted a NUL: \(bytes)")
            #expect(head.values("Content-Length").count <= 1 && (head.values("Content-Length").isEmpty || head.values("Transfer-Encoding").isEmpty))
            #expect(head.version == "HTTP/1.0" || head.values("Host").count == 1)
            // Empty lines before the request line are skipped; from the request line on, every LF follows a CR.
            let lines = Array(headBytes.drop { $0 == 0x0D || $0 == 0x0A })
            #expect(lines.indices.allSatisfy { lines[$0] != 0x0A || ($0 > 0 && lines[$0 - 1] == 0x0D) }, "bare LF accepted: \(bytes)")
        }
    }
}

@Suite("Request line validation")
struct RequestLineValidationTests {
    static func scan(_ text: String) -> RequestHeadScanner {
        var s = RequestHeadScanner()
        _ = s.consume(Array(text.utf8))
        return s
    }

    @Test("real request lines are valid, split anywhere", arguments: [
        "GET / HTTP/1.1\r\nHost: x\r\n\r\n", "\r\nGET /__openclaw__/identity HTTP/1.0\r\n\r\n", "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n",
    ])
    func valid(_ head: String) {
        #expect(Self.scan(head).isComplete && Self.scan(head).requestLineIsValid)
        let bytes = Array(head.utf8)
        for cut in 0...bytes.count {
            var s = RequestHeadScanner()
            _ = s.consume(bytes[..<cut])
            _ = s.consume(bytes[cut...])
            #expect(s.isComplete && s.requestLineIsValid, "cut at \(cut)")
        }
    }

    @Test("a head that is not HTTP completes but is invalid", arguments: [
        "HELLO WORLD\r\n\r\n", "GET /\r\n\r\n", "GET / HTTP/2.0\r\n\r\n", "G\u{1}T / HTTP/1.1\r\n\r\n", "GET  / HTTP/1.1\r\n\r\n",
    ])
    func invalid(_ head: String) {
        let s = Self.scan(head)
        #expect(s.isComplete && !s.requestLineIsValid)
    }

    @Test("an over-long request line ends the head at once with 414, before its end arrives")
    func tooLong() {
        let s = Self.scan("GET /" + String(repeating: "a", count: RequestHeadScanner.maxRequestLine))
        #expect(!s.isComplete && s.result == .failure(.requestLineTooLong))
    }
}
