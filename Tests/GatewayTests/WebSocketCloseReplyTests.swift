import TestSupport
import Testing
@testable import Gateway
@testable import GatewayServer

@Suite("WebSocket close reply")
struct WebSocketCloseReplyTests {
    static func payload(_ code: UInt16, _ reason: [UInt8] = []) -> [UInt8] { [UInt8(code >> 8), UInt8(code & 0xFF)] + reason }

    @Test("1000 for no payload, a sendable code and a UTF-8 reason; 1007 for a sendable code with a reason that is not UTF-8; 1002 otherwise")
    func replies() {
        #expect(WebSocketCloseReply.code(forClosePayload: []) == 1000)
        #expect(WebSocketCloseReply.code(forClosePayload: [0x03]) == 1002)
        for code: UInt16 in [1000, 1001, 1003, 1007, 1011, 3000, 4999] {
            #expect(WebSocketCloseReply.code(forClosePayload: Self.payload(code, Array("bye".utf8))) == 1000, "\(code)")
        }
        for code: UInt16 in [0, 999, 1004, 1005, 1006, 1012, 2999, 5000, 65535] {
            #expect(WebSocketCloseReply.code(forClosePayload: Self.payload(code)) == 1002, "\(code)")
        }
        // RFC 6455 section 8.1: a reason that is not UTF-8 fails the connection with 1007 (truncated sequence,
        // overlong form, a surrogate, a lone continuation byte).
        for reason: [UInt8] in [[0xC3, 0x28], [0xE2, 0x82], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0x80], Array("ok".utf8) + [0xFF]] {
            #expect(WebSocketCloseReply.code(forClosePayload: Self.payload(1000, reason)) == 1007, "\(reason)")
            #expect(WebSocketCloseReply.code(forClosePayload: Self.payload(4000, reason)) == 1007, "\(reason)")
        }
        // A code that must not be sent is a protocol error whatever the reason.
        #expect(WebSocketCloseReply.code(forClosePayload: Self.payload(1005, [0xFF])) == 1002)
        #expect(WebSocketCloseReply.code(forClosePayload: Self.payload(1000, Array("caf\u{E9} \u{1F600}".utf8))) == 1000)
    }

    @Test("any payload gets 1000, 1002 or 1007; 1000 only when the code is sendable and the reason UTF-8 (property, seeded)")
    func property() {
        var generator = SeededGenerator(seed: 22)
        for _ in 0..<5000 {
            let bytes = generator.bytes(Int(generator.next() % 8))
            let reply = WebSocketCloseReply.code(forClosePayload: bytes)
            #expect(reply == 1000 || reply == 1002 || reply == 1007)
            if reply != 1002 && bytes.count >= 2 {
                #expect(WebSocketCloseReply.isSendable(UInt16(bytes[0]) << 8 | UInt16(bytes[1])))
                #expect((reply == 1000) == (String(validating: bytes.dropFirst(2), as: UTF8.self) != nil), "\(bytes)")
            }
        }
    }
}
