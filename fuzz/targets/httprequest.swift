// Fuzz target `httprequest`: a client's request head through the gateway's RequestHeadScanner (fed whole and in
// pieces), RequestHeadParser, RequestGate.decide and ReserveAnswer, the guard's removal of an ignored `Upgrade`
// field (what remains must read back the same), then the bytes after the head through the WebSocketMaskWatcher. These pure Gateway files are compiled into the harness (the line below lists them).
// fuzz-sources: Sources/Gateway/Admission/RequestHeadScanner.swift Sources/Gateway/Admission/RequestHead.swift Sources/Gateway/Admission/ConnectionPersistence.swift Sources/Gateway/Admission/RequestHeadFault.swift Sources/Gateway/Admission/RequestGate.swift Sources/Gateway/Admission/HTTPRefusal.swift Sources/Gateway/Admission/OriginPolicy.swift Sources/Gateway/Admission/ReserveAnswer.swift Sources/Gateway/Admission/WebSocketMaskWatcher.swift Sources/Gateway/Plan/IPAddressText.swift

let site = RequestSite(ownAddresses: ["127.0.0.1", "::1"], port: 18789, allowedOrigins: ["https://app.example:443"])

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
    var whole = RequestHeadScanner()
    let used = whole.consume(bytes)
    var pieces = RequestHeadScanner()
    let piece = size % 7 + 1
    var start = 0
    var usedInPieces: Int?
    while start < bytes.count, usedInPieces == nil {
        let end = min(start + piece, bytes.count)
        if let n = pieces.consume(bytes[start..<end]) { usedInPieces = start + n }
        start = end
    }
    fuzzRequire(whole.result == pieces.result, "the judgement depends on the split")
    fuzzRequire(used == usedInPieces, "the head ends at \(used ?? -1) whole, \(usedInPieces ?? -1) in pieces")
    guard let used, let result = whole.result else { return 0 }
    fuzzRequire(used <= bytes.count && used <= RequestHeadLimits.maxHead + 2, "head of \(used) bytes")
    if case .success(let head) = result {
        let headBytes = bytes[..<used].drop { $0 == 0x0D || $0 == 0x0A }
        fuzzRequire(!headBytes.contains(0), "NUL accepted")
        fuzzRequire(head.version == "HTTP/1.0" || head.values("Host").count == 1, "HTTP/1.1 without exactly one Host")
        fuzzRequire(head.values("Content-Length").count <= 1, "two Content-Length accepted")
        fuzzRequire(head.values("Content-Length").isEmpty || head.values("Transfer-Encoding").isEmpty, "CL with TE accepted")
        fuzzRequire(head.fields.count <= RequestHeadLimits.maxFields, "\(head.fields.count) fields")
        // An ignored Upgrade is taken out of the head as the guard does: the rest reads back the same.
        let stripped = RequestHead.removingFields(named: "Upgrade", from: Array(bytes[..<used]))
        var again = RequestHeadScanner()
        fuzzRequire(again.consume(stripped) == stripped.count, "the stripped head does not end where it did")
        if case .success(let back)? = again.result {
            fuzzRequire(back.fields == head.fields.filter { $0.key != "upgrade" }, "stripping changed other fields")
            fuzzRequire(back.method == head.method && back.target == head.target && back.version == head.version, "request line changed")
        } else {
            fuzzRequire(false, "the stripped head is refused")
        }
        fuzzRequire(head.isKeepAlive == false || !head.hasBody, "a request with a body kept alive")
    }
    switch RequestGate.decide(result, site: site) {
    case .refuse(let refusal):
        fuzzRequire([400, 403, 413, 414, 426, 431, 501].contains(refusal.status), "status \(refusal.status)")
        _ = refusal.bytes
    case .pass:
        if case .failure = result { fuzzRequire(false, "a fault passed the gate") }
    }
    _ = ReserveAnswer.answer(result, ready: size % 2 == 0)
    var watcher = WebSocketMaskWatcher()
    _ = watcher.consume(bytes[used...])
    return 0
}
