// Fuzz target `iptext`: the input as the body of every `ip-*` capture section, read as `ip` text
// (pasted prompts, cut-off and collapsed output included).
@testable import NetProbe

let ipSections = ["ip-link", "ip-addr", "ip-route", "ip-rule", "ip-rule6", "ip-neigh"]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let body = fuzzText(data, size)
    for name in ipSections {
        let text = "### \(name)\n" + body
        let facts = CaptureReader.parse(text: text, file: "fuzz")
        let lines = fuzzLineCount(text)
        for warning in facts.warnings {
            if let line = warning.line {
                fuzzRequire(line >= 1 && line <= lines, "warning line \(line) outside 1...\(lines): \(warning)")
            }
        }
        _ = LoopbackRouting.analyze(facts)
    }
    return 0
}
