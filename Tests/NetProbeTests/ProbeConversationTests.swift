import Foundation
import Testing
import TestSupport
@testable import NetProbe

/// The probe's protocol state machine, fed bytes without sockets.
@Suite("ProbeConversation state machine")
struct ProbeConversationTests {
    static let handshake = WebSocketHandshake(key: "dGhlIHNhbXBsZSBub25jZQ==")
    static let switching = Array(PeerScript.switching(accept: "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=").utf8)

    func conversation(selfId: String? = "me", maxBytes: Int = 65536) -> ProbeConversation {
        ProbeConversation(handshake: Self.handshake, selfInstanceId: selfId, maxBytes: maxBytes)
    }

    @Test("101 and the challenge in one read: gateway, isSelf by instance id")
    func oneRead() {
        var mine = conversation()
        let bytes = Self.switching + PeerScript.textFrame(PeerScript.challenge(instanceId: "me"))
        #expect(mine.receive(bytes) == .gateway(identity: GatewayIdentity(instanceId: "me"), isSelf: true))
        #expect(mine.upgraded)
        var other = conversation(selfId: "you")
        #expect(other.receive(bytes) == .gateway(identity: GatewayIdentity(instanceId: "me"), isSelf: false))
        var anonymous = conversation(selfId: nil)
        #expect(anonymous.receive(bytes) == .gateway(identity: GatewayIdentity(instanceId: "me"), isSelf: false))
    }

    @Test("byte by byte, with pings first and a fragmented challenge, gives the same verdict")
    func byteByByte() {
        let text = Array(PeerScript.challenge(instanceId: "frag").utf8)
        let bytes = Self.switching
            + WebSocketFrame(opcode: .ping, payload: [1, 2]).encoded()
            + WebSocketFrame(fin: false, opcode: .text, payload: Array(text.prefix(10))).encoded()
            + WebSocketFrame(opcode: .pong, payload: []).encoded()
            + WebSocketFrame(fin: true, opcode: .continuation, payload: Array(text.dropFirst(10))).encoded()
        var c = conversation()
        var verdict: ProbeOutcome?
        for (index, byte) in bytes.enumerated() {
            verdict = c.receive([byte])
            if index < bytes.count - 1 { #expect(verdict == nil, "verdict early at byte \(index)") }
        }
        #expect(verdict == .gateway(identity: GatewayIdentity(instanceId: "frag"), isSelf: false))
    }

    @Test("end of stream, deadline and limits give the verdict of the phase")
    func phases() {
        var silent = conversation()
        #expect(silent.deadlinePassed() == .timeout)
        var closed = conversation()
        #expect(closed.receiveEnd() == .notHTTP(preview: ""))
        var partial = conversation()
        _ = partial.receive(Array("HTTP/1.1 2".utf8))
        #expect(partial.receiveEnd() == .notHTTP(preview: "HTTP/1.1 2"))
        var upgradedSilent = conversation()
        _ = upgradedSilent.receive(Self.switching)
        #expect(upgradedSilent.deadlinePassed() == .websocketNotGateway(reason: "no connect.challenge frame before the deadline"))
        var upgradedClosed = conversation()
        _ = upgradedClosed.receive(Self.switching)
        #expect(upgradedClosed.receiveEnd() == .websocketNotGateway(reason: "connection closed before a connect.challenge frame"))
        var small = conversation(maxBytes: 20)
        #expect(small.receive(Array("HTTP/1.1 200 OK\r\nServer: x".utf8)) == .notHTTP(preview: "HTTP/1.1 200 OK\\r\\nSer"))
    }

    @Test("frames that are not a challenge give websocket-not-gateway with a reason")
    func otherFrames() {
        let cases: [([UInt8], String)] = [
            (WebSocketFrame(opcode: .binary, payload: [1]).encoded(), "first data frame is binary"),
            (WebSocketFrame.close(code: 1008, maskingKey: nil).encoded(), "server closed the WebSocket 1008 before a connect.challenge"),
            (WebSocketFrame(opcode: .text, maskingKey: [1, 2, 3, 4], payload: [0x7B]).encoded(), "server sent a masked frame"),
            (WebSocketFrame(opcode: .continuation, payload: [1]).encoded(), "continuation frame without a message"),
            ([0x83, 0x00], "invalid frame: reserved WebSocket opcode 3"),
            (PeerScript.textFrame("not json"), "first text frame is not a JSON object: not json"),
            (PeerScript.textFrame("[1,2]"), "first text frame is not a JSON object: [1,2]"),
        ]
        for (frame, reason) in cases {
            var c = conversation()
            #expect(c.receive(Self.switching + frame) == .websocketNotGateway(reason: reason))
        }
    }

    @Test("a verdict is final: later bytes, end and deadline change nothing")
    func final() {
        var c = conversation()
        let verdict = c.receive(Array("HTTP/1.1 404 Not Found\r\nServer: a\r\n\r\n".utf8))
        #expect(verdict == .httpNotWebSocket(status: 404, server: "a"))
        #expect(c.receive(Self.switching) == verdict)
        #expect(c.receiveEnd() == verdict)
        #expect(c.deadlinePassed() == verdict)
    }

    @Test("fuzz: any byte stream reaches a verdict by its end, within the byte bound")
    func fuzz() {
        var random = SeededGenerator(seed: 0xC0FFEE)
        let good = Self.switching + PeerScript.textFrame(PeerScript.challenge(instanceId: "z"))
        for i in 0..<1500 {
            let input = i % 2 == 0 ? random.mutate(good) : random.bytes(Int.random(in: 0..<300, using: &random))
            var c = conversation(maxBytes: Int.random(in: 1...400, using: &random))
            var offset = 0
            while offset < input.count && c.outcome == nil {
                let n = Int.random(in: 1...50, using: &random)
                c.receive(input[offset..<min(input.count, offset + n)])
                offset += n
            }
            let verdict = i % 3 == 0 ? c.deadlinePassed() : c.receiveEnd()
            #expect(ProbeOutcome.allNames.contains(verdict.name))
            #expect(verdict != .selfConnect && verdict != .refused)
        }
    }
}
