// Fuzz target `httphead`: a server's answer through HTTPResponseHead.parse (a complete head must parse the
// same from exactly its own bytes), HTTPResponseBody.extract, GatewayIdentity.parseIdentityJSON, the
// upgrade check, and ProbeConversation from its first byte.
import NetProbe

let handshake = WebSocketHandshake(key: "dGhlIHNhbXBsZSBub25jZQ==")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
    let result = HTTPResponseHead.parse(bytes, maxHeadBytes: 4096)
    if case .complete(let head, let consumed) = result {
        fuzzRequire(consumed > 0 && consumed <= bytes.count, "consumed \(consumed) of \(bytes.count) bytes")
        fuzzRequire((100...999).contains(head.status), "status \(head.status)")
        let again = HTTPResponseHead.parse(bytes.prefix(consumed), maxHeadBytes: 4096)
        fuzzRequire(again == result, "head parses differently from exactly its own bytes")
        let rest = Array(bytes[consumed...])
        for ended in [false, true] {
            if case .complete(let body) = HTTPResponseBody.extract(head: head, bytes: rest, ended: ended, maxBody: 8192) {
                fuzzRequire(body.count <= 8192, "body of \(body.count) bytes over the limit")
                _ = GatewayIdentity.parseIdentityJSON(body)
            }
        }
        _ = handshake.check(head)
    }

    var conversation = ProbeConversation(handshake: handshake, selfInstanceId: nil, maxBytes: 4096)
    let piece = size % 5 + 1
    var start = 0
    while start < bytes.count, conversation.outcome == nil {
        let end = min(start + piece, bytes.count)
        conversation.receive(bytes[start..<end])
        start = end
    }
    _ = conversation.deadlinePassed()
    return 0
}
