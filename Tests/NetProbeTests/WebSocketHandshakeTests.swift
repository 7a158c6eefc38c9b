import Foundation
import Testing
import TestSupport
@testable import NetProbe

@Suite("SHA-1 and the WebSocket handshake")
struct WebSocketHandshakeTests {
    @Test("SHA-1 FIPS 180 vectors")
    func fipsVectors() {
        #expect(SHA1.hexDigest(Array("abc".utf8)) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(SHA1.hexDigest([UInt8]()) == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        #expect(SHA1.hexDigest(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
            == "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
        #expect(SHA1.hexDigest(Array(repeating: UInt8(ascii: "a"), count: 1_000_000))
            == "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
    }

    @Test("SHA-1 around the padding boundaries (55, 56, 63, 64, 65, 119, 120 bytes)")
    func paddingBoundaries() {
        let expected: [Int: String] = [
            55: "ddf57317ef34bfee3b6df83d359098930eb278bc", 56: "a0d492bb0fc889d0eca3bc137066ab6f4f74f369",
            63: "c55856749bef509bdfe6bfebfc7bf4e793e82132", 64: "bede92be29c3874e1b54ddc77988d606fc857a8e",
            65: "b05a80522b053d6dc7e0a517d0e70212c7dad11f", 119: "504e27376a6e0f0dba8295b85cb25dc4dfa17d23",
            120: "82134b02fb3f702491be9bed581eeab59334acb2",
        ]
        for (length, digest) in expected {
            let message = (0..<length).map { UInt8(truncatingIfNeeded: $0 * 7 + 3) }
            #expect(SHA1.hexDigest(message) == digest, "length \(length)")
        }
    }

    /// RFC 6455 section 1.3 (also what Python's hashlib and base64 compute for the sample nonce).
    @Test("RFC 6455 accept value for the sample nonce")
    func rfcAccept() {
        #expect(WebSocketHandshake.acceptValue(forKey: "dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
        #expect(WebSocketHandshake(key: "dGhlIHNhbXBsZSBub25jZQ==").expectedAccept == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
    }

    @Test("keys are base64 of 16 random bytes, different each time")
    func keys() throws {
        let keys = (0..<20).map { _ in WebSocketHandshake().key }
        #expect(Set(keys).count == keys.count)
        for key in keys {
            let decoded = try #require(Data(base64Encoded: key))
            #expect(decoded.count == 16)
        }
        var seeded = SeededGenerator(seed: 1)
        var again = SeededGenerator(seed: 1)
        #expect(WebSocketHandshake(randomBytesFrom: &seeded) == WebSocketHandshake(randomBytesFrom: &again))
    }

    @Test("the upgrade request carries the required headers; IPv6 hosts are bracketed")
    func request() throws {
        let handshake = WebSocketHandshake(key: "dGhlIHNhbXBsZSBub25jZQ==")
        let text = String(decoding: handshake.request(host: "::1", port: 18789), as: UTF8.self)
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines.first == "GET / HTTP/1.1")
        #expect(lines.contains("Host: [::1]:18789"))
        #expect(lines.contains("Upgrade: websocket"))
        #expect(lines.contains("Connection: Upgrade"))
        #expect(lines.contains("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=="))
        #expect(lines.contains("Sec-WebSocket-Version: 13"))
        #expect(text.hasSuffix("\r\n\r\n"))
        #expect(WebSocketHandshake.hostHeader(host: "127.0.0.1", port: 80) == "127.0.0.1:80")
    }

    @Test("the server's answer is checked: status, Upgrade, Connection and Accept")
    func check() {
        let handshake = WebSocketHandshake(key: "dGhlIHNhbXBsZSBub25jZQ==")
        func answer(_ text: String) -> WebSocketHandshake.Answer? {
            guard case .complete(let head, _) = HTTPResponseHead.parse(Array((text + "\r\n").utf8)) else { return nil }
            return handshake.check(head)
        }
        let good = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: WebSocket\r\nConnection: keep-alive, upgrade\r\n"
            + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
        #expect(answer(good) == .accepted)
        #expect(answer("HTTP/1.1 400 Bad Request\r\n") == .notSwitching(status: 400))
        #expect(answer("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n")
            == .badUpgrade(reason: "101 without Upgrade: websocket"))
        #expect(answer("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n")
            == .badUpgrade(reason: "101 without Connection: Upgrade"))
        #expect(answer("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n")
            == .badUpgrade(reason: "101 without Sec-WebSocket-Accept"))
        #expect(answer("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: AAAA\r\n")
            == .badUpgrade(reason: "101 with a wrong Sec-WebSocket-Accept"))
    }
}
