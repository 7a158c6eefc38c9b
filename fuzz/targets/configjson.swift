// Fuzz target `configjson`: the input as `<state>/openclaw.json`, read as the configuration loader reads it
// (`JSONDocument.parse(relaxed: true)`: comments and trailing commas blanked, then strict JSON) and strictly.
// Properties: blanking keeps the length and every line break (so error lines stay true); an error's line lies
// within the text; a relaxed parse accepts whatever the strict parse accepts, with the same value; lookups of the
// keys the gateway uses never trap.
@testable import NetProbe

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = fuzzText(data, size)
    let blanked = JSONDocument.blankCommentsAndTrailingCommas(text)
    fuzzRequire(blanked.utf8.count == text.utf8.count, "blanking changed the length")
    fuzzRequire(zip(blanked.utf8, text.utf8).allSatisfy { ($0 == 10) == ($1 == 10) }, "blanking moved a line break")
    // A parser at the end of a text ending in a line break is on the line after it.
    let lines = text.utf8.filter { $0 == 10 }.count + 1
    let strict = JSONDocument.parse(text)
    let relaxed = JSONDocument.parse(text, relaxed: true)
    for result in [strict, relaxed] {
        switch result {
        case .failure(let error):
            fuzzRequire(error.line >= 1 && error.line <= lines, "error line \(error.line) outside 1...\(lines)")
        case .success(let document):
            for path in ["gateway.port", "gateway.bind", "gateway.customBindHost", "gateway.auth.token", "gateway.controlUi.allowedOrigins"] {
                if case .found(_, let line) = document.lookup(path) {
                    fuzzRequire(line >= 1 && line <= lines, "value line \(line) outside 1...\(lines)")
                }
            }
        }
    }
    if case .success(let document) = strict {
        guard case .success(let loose) = relaxed else {
            fuzzRequire(false, "relaxed parse refused a strict JSON document")
            return 0
        }
        fuzzRequire(loose.lookup("gateway") == document.lookup("gateway"), "relaxed parse changed a strict document")
    }
    return 0
}
