// Fuzz target `configjson`: the input as `<state>/openclaw.json`, read as the configuration loader reads it
// (`JSONReader.node(options: .configuration)`: comments and trailing commas accepted) and strictly.
// Properties: an error's line lies within the text and is its byte offset's line; the lenient read accepts
// whatever the strict read accepts, with the same nodes and positions; where the strict read stops at anything but a
// comment or a trailing comma, the lenient read stops there with the same error; lookups of the keys the gateway
// uses never trap and name a line within the text.
@testable import NetProbe

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = fuzzText(data, size)
    let bytes = Array(text.utf8)
    // A reader at the end of a text ending in a line break is on the line after it.
    let lines = bytes.filter { $0 == 10 }.count + 1
    let strict = Result { () throws(JSONReadError) in
        try JSONReader.node(bytes, options: JSONReader.Options(maxDepth: JSONReader.Options.configuration.maxDepth))
    }
    let relaxed = Result { () throws(JSONReadError) in try JSONReader.node(bytes, options: .configuration) }
    for result in [strict, relaxed] {
        switch result {
        case .failure(let error):
            fuzzRequire(error.line >= 1 && error.line <= lines, "error line \(error.line) outside 1...\(lines)")
            fuzzRequire(error.position == JSONPosition.of(offset: error.position.offset, in: bytes), "error position is not its offset's")
        case .success(let document):
            for path in ["gateway.port", "gateway.bind", "gateway.customBindHost", "gateway.auth.token", "gateway.controlUi.allowedOrigins"] {
                if case .found(_, let line) = document.lookup(path) {
                    fuzzRequire(line >= 1 && line <= lines, "value line \(line) outside 1...\(lines)")
                }
            }
        }
    }
    switch (strict, relaxed) {
    case (.success(let document), .success(let loose)):
        fuzzRequire(loose == document, "the lenient read changed a strict JSON document")
    case (.success, .failure(let error)):
        fuzzRequire(false, "the lenient read refused a strict JSON document: \(error)")
    case (.failure(let error), _):
        // The lenient read differs from the strict one only where JSON has a comment or a trailing comma.
        switch error.kind {
        case .comment, .trailingComma: break
        default:
            if case .failure(let loose) = relaxed { fuzzRequire(loose == error, "strict \(error) vs lenient \(loose)") }
            else { fuzzRequire(false, "the lenient read accepted what the strict read refused with \(error)") }
        }
    }
    return 0
}
