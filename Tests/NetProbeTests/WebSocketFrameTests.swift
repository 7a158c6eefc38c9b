import Testing
import TestSupport
@testable import NetProbe

@Suite("WebSocketFrame decoder and encoder")
struct WebSocketFrameTests {
    static let hello = Array("Hello".utf8)

    /// The examples of RFC 6455 section 5.7.
    static let rfcExamples: [([UInt8], WebSocketFrame)] = [
        ([0x81, 0x05, 0x48, 0x65, 0x6C, 0x6C, 0x6F], WebSocketFrame(opcode: .text, payload: hello)),
        ([0x81, 0x85, 0x37, 0xFA, 0x21, 0x3D, 0x7F, 0x9F, 0x4D, 0x51, 0x58],
         WebSocketFrame(opcode: .text, maskingKey: [0x37, 0xFA, 0x21, 0x3D], payload: hello)),
        ([0x01, 0x03, 0x48, 0x65, 0x6C], WebSocketFrame(fin: false, opcode: .text, payload: Array("Hel".utf8))),
        ([0x80, 0x02, 0x6C, 0x6F], WebSocketFrame(opcode: .continuation, payload: Array("lo".utf8))),
        ([0x89, 0x05, 0x48, 0x65, 0x6C, 0x6C, 0x6F], WebSocketFrame(opcode: .ping, payload: hello)),
        ([0x8A, 0x85, 0x37, 0xFA, 0x21, 0x3D, 0x7F, 0x9F, 0x4D, 0x51, 0x58],
         WebSocketFrame(opcode: .pong, maskingKey: [0x37, 0xFA, 0x21, 0x3D], payload: hello)),
    ]

    @Test("RFC 6455 section 5.7 examples decode and encode byte for byte")
    func rfcExamples() {
        for (wire, frame) in Self.rfcExamples {
            #expect(WebSocketFrame.decode(wire, maxPayload: 1000) == .frame(frame, consumed: wire.count))
            #expect(frame.encoded() == wire)
        }
    }

    @Test("16- and 64-bit lengths: the RFC's 256-byte and 64 KiB binary headers")
    func extendedLengths() {
        let small = WebSocketFrame(opcode: .binary, payload: Array(repeating: 7, count: 256))
        #expect(Array(small.encoded().prefix(4)) == [0x82, 0x7E, 0x01, 0x00])
        let big = WebSocketFrame(opcode: .binary, payload: Array(repeating: 9, count: 65536))
        #expect(Array(big.encoded().prefix(10)) == [0x82, 0x7F, 0, 0, 0, 0, 0, 1, 0, 0])
        for length in [0, 1, 125, 126, 127, 65535, 65536, 70000] {
            let frame = WebSocketFrame(opcode: .binary, maskingKey: [1, 2, 3, 4], payload: Array(repeating: 0xAB, count: length))
            let wire = frame.encoded()
            let headerLength = (length < 126 ? 2 : length <= 65535 ? 4 : 10) + 4
            #expect(wire.count == headerLength + length)
            #expect(WebSocketFrame.decode(wire, maxPayload: 70000) == .frame(frame, consumed: wire.count))
        }
    }

    @Test("every proper prefix of a frame needs more")
    func prefixes() {
        let wire = WebSocketFrame(opcode: .text, maskingKey: [9, 8, 7, 6], payload: Array(repeating: 65, count: 300)).encoded()
        for n in 0..<wire.count {
            #expect(WebSocketFrame.decode(wire.prefix(n), maxPayload: 1000) == .needMore, "prefix \(n)")
        }
    }

    @Test("protocol violations are errors")
    func violations() {
        let cases: [([UInt8], WebSocketFrameError)] = [
            ([0x83, 0x00], .reservedOpcode(3)),
            ([0x8B, 0x00], .reservedOpcode(0xB)),
            ([0xC1, 0x00], .reservedBitsSet(4)),
            ([0x89, 0x7E, 0x00, 0x7E], .controlFrameTooLong(126)),
            ([0x09, 0x00], .fragmentedControlFrame),
            ([0x82, 0x7E, 0x00, 0x05], .nonMinimalLength),
            ([0x82, 0x7F, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF], .nonMinimalLength),
            ([0x82, 0x7F, 0x80, 0, 0, 0, 0, 0, 0, 0], .lengthOverflow),
        ]
        for (wire, error) in cases {
            #expect(WebSocketFrame.decode(wire, maxPayload: 1 << 20) == .invalid(error), "\(wire)")
        }
    }

    @Test("a declared payload above the bound is rejected from the header alone")
    func payloadBound() {
        #expect(WebSocketFrame.decode([0x82, 0x7F, 0, 0, 0, 1, 0, 0, 0, 0], maxPayload: 65536)
            == .invalid(.payloadTooLarge(length: 1 << 32, limit: 65536)))
        #expect(WebSocketFrame.decode([0x81, 0x7E, 0x01, 0x00], maxPayload: 255)
            == .invalid(.payloadTooLarge(length: 256, limit: 255)))
        #expect(WebSocketFrame.decode([0x81, 0x7E, 0x01, 0x00], maxPayload: 256) == .needMore)
    }

    @Test("close frames carry their status code")
    func closeCode() {
        let frame = WebSocketFrame.close(code: 1002, maskingKey: [1, 1, 1, 1])
        guard case .frame(let decoded, _) = WebSocketFrame.decode(frame.encoded(), maxPayload: 125) else {
            Issue.record("close frame did not decode")
            return
        }
        #expect(decoded.closeCode == 1002)
        #expect(WebSocketFrame(opcode: .close, payload: []).closeCode == nil)
    }

    @Test("fuzz: random and mutated bytes never crash and never claim more bytes than given")
    func fuzz() {
        var random = SeededGenerator(seed: 6455)
        let seeds = Self.rfcExamples.map(\.0) + [WebSocketFrame(opcode: .binary, payload: Array(repeating: 1, count: 300)).encoded()]
        for i in 0..<5000 {
            let input = i % 2 == 0
                ? random.bytes(Int.random(in: 0..<40, using: &random))
                : random.mutate(seeds[i % seeds.count])
            let limit = Int.random(in: 0...400, using: &random)
            switch WebSocketFrame.decode(input, maxPayload: limit) {
            case .frame(let frame, let consumed):
                #expect(consumed <= input.count)
                #expect(frame.payload.count <= limit)
                #expect(WebSocketFrame.decode(frame.encoded(), maxPayload: limit) == .frame(frame, consumed: consumed))
            case .needMore, .invalid:
                break
            }
        }
    }

    @Test("property: encode then decode returns the frame, masked or not")
    func roundTrip() {
        var random = SeededGenerator(seed: 13)
        let dataOpcodes: [WebSocketOpcode] = [.continuation, .text, .binary]
        let controlOpcodes: [WebSocketOpcode] = [.close, .ping, .pong]
        for i in 0..<400 {
            let control = Bool.random(using: &random)
            let opcode = (control ? controlOpcodes : dataOpcodes).randomElement(using: &random) ?? .text
            let length = control ? Int.random(in: 0...125, using: &random) : Int.random(in: 0...(i % 20 == 0 ? 70_000 : 300), using: &random)
            let frame = WebSocketFrame(
                fin: control || Bool.random(using: &random), opcode: opcode,
                maskingKey: Bool.random(using: &random) ? random.bytes(4) : nil, payload: random.bytes(length)
            )
            let wire = frame.encoded()
            #expect(WebSocketFrame.decode(wire + [0x81], maxPayload: 70_000) == .frame(frame, consumed: wire.count))
        }
    }
}
