import Testing
@testable import Gateway
@testable import GatewayServer

/// Issue 10 item 3: every kind of head NIO's decoder rejects or that smuggles is named, with its status, by the
/// pure scanner and parser (the gateway answers it and closes).
@Suite("Request head faults")
struct RequestHeadFaultTests {
    static func judge(_ text: String) -> Result<RequestHead, RequestHeadFault>? {
        var scanner = RequestHeadScanner()
        _ = scanner.consume(Array(text.utf8))
        return scanner.result
    }

    static func judge(bytes: [UInt8]) -> Result<RequestHead, RequestHeadFault>? {
        var scanner = RequestHeadScanner()
        _ = scanner.consume(bytes)
        return scanner.result
    }

    @Test("the issue's examples and their relatives get the documented fault and status", arguments: [
        ("GET / HTTP/1.1\nHost: a\n\n", RequestHeadFault.bareLineFeed, 400),
        ("GET / HTTP/1.1\r\nHost: a\n\r\n", .bareLineFeed, 400),
        ("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\n", .duplicateContentLength, 400),
        ("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n", .contentLengthWithTransferEncoding, 400),
        ("GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n", .contentLengthWithTransferEncoding, 400),
        ("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", .invalidContentLength, 400),
        ("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999999\r\n\r\n", .invalidContentLength, 400),
        ("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 1, 1\r\n\r\n", .invalidContentLength, 400),
        ("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 2000000\r\n\r\n", .bodyTooLarge, 413),
        ("GET / HTTP/1.1\r\nHost: a\r\nX-A: b\r\n c\r\n\r\n", .obsFold, 400),
        ("GET / HTTP/1.1\r\n Host: a\r\n\r\n", .obsFold, 400),
        ("get / HTTP/1.1\r\nHost: a\r\n\r\n", .invalidMethod, 400),
        ("BREW / HTTP/1.1\r\nHost: a\r\n\r\n", .unknownMethod, 501),
        ("GET / HTTP/1.1\r\nHost: a\r\nX-A: b\u{0}c\r\n\r\n", .invalidFieldValue, 400),
        ("GET / HTTP/1.1\r\nHost: a\r\nX-A: b\rc\r\n\r\n", .bareCarriageReturn, 400),
        ("GET / HTTP/1.1\r\nHost: a\r\nX-A : b\r\n\r\n", .invalidFieldName, 400),
        ("GET / HTTP/1.1\r\nHost: a\r\nno colon\r\n\r\n", .invalidFieldName, 400),
        ("GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n", .unsupportedTransferEncoding, 501),
        ("GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n", .unsupportedTransferEncoding, 501),
        ("GET / HTTP/1.1\r\n\r\n", .missingOrDuplicateHost, 400),
        ("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", .missingOrDuplicateHost, 400),
        ("HELLO WORLD\r\n\r\n", .notHTTP, 400),
        ("GET / HTTP/2.0\r\n\r\n", .notHTTP, 400),
    ])
    func faults(_ head: String, _ fault: RequestHeadFault, _ status: Int) {
        #expect(Self.judge(head) == .failure(fault), "\(head.debugDescription)")
        #expect(fault.status == status)
        // Any split gives the same judgement.
        let bytes = Array(head.utf8)
        for cut in stride(from: 0, through: bytes.count, by: 3) {
            var scanner = RequestHeadScanner()
            _ = scanner.consume(bytes[..<cut])
            _ = scanner.consume(bytes[cut...])
            #expect(scanner.result == .failure(fault), "cut at \(cut)")
        }
    }

    @Test("a non-ASCII byte in the path is refused (400)")
    func nonASCIITarget() {
        let bytes = Array("GET /caf".utf8) + [0xC3, 0xA9] + Array(" HTTP/1.1\r\nHost: a\r\n\r\n".utf8)
        #expect(Self.judge(bytes: bytes) == .failure(.invalidTarget))
    }

    @Test("a good head parses into its fields; chunked alone and a plain Content-Length are accepted")
    func goodHeads() throws {
        let head = try #require(try Self.judge("GET /__openclaw__/identity?x=1 HTTP/1.1\r\nHost: 127.0.0.1:18789\r\nUser-Agent: \u{e9}t\u{e9}\r\n\r\n")?.get())
        #expect(head.method == "GET" && head.path == "/__openclaw__/identity" && head.single("host") == "127.0.0.1:18789")
        #expect((try? Self.judge("POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n")?.get()) != nil)
        #expect((try? Self.judge("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 12\r\n\r\n")?.get()) != nil)
    }

    @Test("10,000 header lines end the head at the 101st field with 431, without reading the rest")
    func manyFields() {
        let text = "GET / HTTP/1.1\r\nHost: a\r\n" + String(repeating: "X-A: b\r\n", count: 10_000) + "\r\n"
        var scanner = RequestHeadScanner()
        let used = scanner.consume(Array(text.utf8))
        #expect(scanner.result == .failure(.tooManyFields))
        #expect(RequestHeadFault.tooManyFields.status == 431)
        let bound = 16 + 9 + 101 * 8
        #expect((used ?? .max) < bound, "used \(used ?? -1) bytes")
    }

    @Test("a 1 MB header line ends the head after 8 KiB with 431")
    func hugeField() {
        let text = "GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + String(repeating: "a", count: 1 << 20) + "\r\n\r\n"
        var scanner = RequestHeadScanner()
        let used = scanner.consume(Array(text.utf8))
        #expect(scanner.result == .failure(.fieldTooLong))
        #expect((used ?? .max) < 9000)
    }

    @Test("many long field lines end the head past 32 KiB with 431")
    func largeHead() {
        let line = "X-A: " + String(repeating: "b", count: 8000) + "\r\n"
        let text = "GET / HTTP/1.1\r\nHost: a\r\n" + String(repeating: line, count: 10) + "\r\n"
        #expect(Self.judge(text) == .failure(.headTooLarge))
    }

    @Test("limits are exact: 100 fields and an 8 KiB line pass")
    func atTheLimits() {
        let fields = "Host: a\r\n" + String(repeating: "X-A: b\r\n", count: RequestHeadLimits.maxFields - 1)
        #expect((try? Self.judge("GET / HTTP/1.1\r\n" + fields + "\r\n")?.get()) != nil)
        let value = String(repeating: "v", count: RequestHeadLimits.maxFieldLine - "X-A: ".count)
        #expect((try? Self.judge("GET / HTTP/1.1\r\nHost: a\r\nX-A: " + value + "\r\n\r\n")?.get()) != nil)
        #expect(Self.judge("GET / HTTP/1.1\r\nHost: a\r\nX-A: " + value + "v\r\n\r\n") == .failure(.fieldTooLong))
    }

    @Test("HTTPRefusal renders a complete answer with Connection: close")
    func refusalBytes() {
        let text = String(decoding: HTTPRefusal(status: 426, body: "x\n", headers: [.init("Sec-WebSocket-Version", "13")]).bytes, as: UTF8.self)
        #expect(text.hasPrefix("HTTP/1.1 426 Upgrade Required\r\n"))
        #expect(text.contains("\r\nContent-Length: 2\r\n") && text.contains("\r\nConnection: close\r\n"))
        #expect(text.hasSuffix("Sec-WebSocket-Version: 13\r\n\r\nx\n"))
    }
}
