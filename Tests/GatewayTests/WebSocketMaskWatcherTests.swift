import Testing
import TestSupport
@testable import Gateway
@testable import GatewayServer

/// Issue 10 item 4: unmasked client frames are found in the raw byte stream, however it is split.
@Suite("WebSocket mask watcher")
struct WebSocketMaskWatcherTests {
    static func frame(opcode: UInt8 = 1, payload: [UInt8], masked: Bool) -> [UInt8] {
        var out: [UInt8] = [0x80 | opcode]
        let n = payload.count
        let maskBit: UInt8 = masked ? 0x80 : 0
        if n < 126 {
            out.append(maskBit | UInt8(n))
        } else if n < 65536 {
            out += [maskBit | 126, UInt8(n >> 8), UInt8(n & 0xFF)]
        } else {
            out.append(maskBit | 127)
            for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8((UInt64(n) >> UInt64(shift)) & 0xFF)) }
        }
        if masked { out += [1, 2, 3, 4] }
        return out + payload
    }

    static func watch(_ chunks: [[UInt8]]) -> Bool {
        var watcher = WebSocketMaskWatcher()
        var seen = false
        for chunk in chunks where watcher.consume(chunk) { seen = true }
        return seen
    }

    @Test("masked frames of every length class pass; an unmasked one after them is found, split anywhere")
    func findsUnmasked() {
        let masked = Self.frame(payload: Array(repeating: 0x61, count: 5), masked: true)
            + Self.frame(payload: Array(repeating: 0x61, count: 300), masked: true)
            + Self.frame(opcode: 2, payload: Array(repeating: 0, count: 70_000), masked: true)
            + Self.frame(opcode: 9, payload: [], masked: true)
        #expect(!Self.watch([masked]))
        let stream = masked + Self.frame(payload: Array("hi".utf8), masked: false)
        #expect(Self.watch([stream]))
        var rng = SeededGenerator(seed: 42)
        for _ in 0..<50 {
            var chunks: [[UInt8]] = []
            var rest = stream[...]
            while !rest.isEmpty {
                let n = Int(rng.next() % 5000) + 1
                chunks.append(Array(rest.prefix(n)))
                rest = rest.dropFirst(n)
            }
            #expect(Self.watch(chunks))
            #expect(!Self.watch(chunks.dropLast().map { $0 }) || chunks.last!.count < 4, "found before the unmasked frame")
        }
    }

    @Test("raw bytes and a sequence without contiguous storage follow the frames as an array does, split anywhere")
    func entries() {
        let stream = Self.frame(payload: Array(repeating: 0x61, count: 130), masked: true)
            + Self.frame(opcode: 9, payload: [], masked: true) + Self.frame(payload: Array("hi".utf8), masked: false)
        for cut in 0...stream.count {
            var raw = WebSocketMaskWatcher(), array = WebSocketMaskWatcher(), mapped = WebSocketMaskWatcher()
            let parts = [stream[..<cut], stream[cut...]]
            let rawSeen = parts.map { part in Array(part).withUnsafeBytes { raw.consume($0) } }
            let arraySeen = parts.map { array.consume(Array($0)) }
            let mappedSeen = parts.map { mapped.consume($0.lazy.map { $0 }) }
            #expect(rawSeen == arraySeen && mappedSeen == arraySeen && arraySeen.last == true, "cut at \(cut)")
            #expect(raw == array && mapped == array && array.frames == 2, "cut at \(cut)")
        }
    }

    @Test("a frame announcing 2^63 bytes is skipped without storing anything; the watcher stays quiet")
    func hugeLength() {
        var watcher = WebSocketMaskWatcher()
        let header: [UInt8] = [0x82, 0x80 | 127, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 1, 2, 3, 4]
        let seen = watcher.consume(header + Array(repeating: 0, count: 100_000))
        #expect(!seen)
        #expect(watcher.frames == 1 && !watcher.sawUnmaskedFrame)
    }

    @Test("the close frame carries the code and a reason of at most 123 bytes")
    func closeFrame() {
        #expect(WebSocketMaskWatcher.closeFrame(code: 1002, reason: "frame not masked") == [0x88, 18, 0x03, 0xEA] + Array("frame not masked".utf8))
        #expect(WebSocketMaskWatcher.closeFrame(code: 1002, reason: String(repeating: "x", count: 300)).count == 4 + 123)
    }
}
