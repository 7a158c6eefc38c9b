// Fuzz target `wsframe`: a byte stream of WebSocket frames through WebSocketFrame.decode (every decoded frame
// must re-encode to exactly the bytes it came from), then the same stream as a server's answer after an
// accepted upgrade through ProbeConversation (frames, fragments, the connect.challenge JSON).
import NetProbe

let handshake = WebSocketHandshake(key: "dGhlIHNhbXBsZSBub25jZQ==")
let upgradeHead = Array((
    "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Accept: \(handshake.expectedAccept)\r\n\r\n").utf8)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
    var offset = 0
    decoding: while offset < bytes.count {
        let rest = bytes[offset...]
        switch WebSocketFrame.decode(rest, maxPayload: 1 << 16) {
        case .needMore, .invalid:
            break decoding
        case .frame(let frame, let consumed):
            fuzzRequire(consumed >= 2 && consumed <= rest.count, "consumed \(consumed) of \(rest.count) bytes")
            let original = Array(rest.prefix(consumed))
            fuzzRequire(frame.encoded() == original, "frame does not re-encode to its bytes: \(original.prefix(16))")
            offset += consumed
        }
    }

    // The same bytes in small pieces (sizes from the input's length), as a socket delivers them.
    var conversation = ProbeConversation(handshake: handshake, selfInstanceId: "self-id", maxBytes: 1 << 16)
    conversation.receive(upgradeHead)
    fuzzRequire(conversation.upgraded, "the well-formed upgrade head was not accepted")
    let piece = size % 7 + 1
    var start = 0
    while start < bytes.count, conversation.outcome == nil {
        let end = min(start + piece, bytes.count)
        conversation.receive(bytes[start..<end])
        start = end
    }
    _ = conversation.receiveEnd()
    return 0
}
