// Fuzz target `refusedbinds`: the input's lines through RefusedBinds.find (a refused bind each line states: Node's,
// Go's, Python's, Windows' and the gateway's words) and RefusedBinds.port (the port a line names).
@testable import NetProbe

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = CaptureTextDecoding.normalizedLineEnds(fuzzText(data, size))
    let lines = TextLines.split(text)
    let found = RefusedBinds.find(lines)
    // One per line at most, in input order, each on a line that exists and says it again on its own.
    fuzzRequire(zip(found, found.dropFirst()).allSatisfy { $0.line < $1.line }, "not one per line in order")
    for refusal in found {
        fuzzRequire(refusal.port.map { (1...65535).contains($0) } ?? true, "port \(String(describing: refusal.port)) out of range")
        guard let line = lines.first(where: { $0.number == refusal.line }) else {
            fuzzRequire(false, "line \(refusal.line) of \(lines.count)"); continue
        }
        let again = RefusedBinds.parse(line.text)
        fuzzRequire(again?.cause == refusal.cause && again?.port == refusal.port, "the same line read twice differs")
        fuzzRequire(!refusal.word.isEmpty, "no word")
    }
    // A port named in any text is a port; a clock alone names none.
    for line in lines.prefix(500) {
        if let port = RefusedBinds.port(in: line.text) { fuzzRequire((1...65535).contains(port), "port \(port)") }
    }
    fuzzRequire(RefusedBinds.port(in: "at 10:55:10 the bind failed") == nil, "a clock read as a port")
    return 0
}
