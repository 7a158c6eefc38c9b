import TestSupport
import Testing
@testable import Gateway
@testable import GatewayServer

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
