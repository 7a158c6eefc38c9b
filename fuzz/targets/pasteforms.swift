// Fuzz target `pasteforms`: the input through the paste-form readers of issue 12: the byte decoder (UTF-8 with
// or without BOM, UTF-16 with BOM, CRLF), then as an `ip-addr` / `ip-link` body forced through the `ifconfig`
// and `ip -br` parsers and the form dispatcher. Warnings must point at lines that exist.
@testable import NetProbe

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
    let text: String
    switch CaptureTextDecoding.decode(bytes) {
    case .success(let decoded):
        let utf8 = Array(decoded.utf8)
        let crlf = utf8.indices.dropLast().contains { utf8[$0] == 0x0D && utf8[$0 + 1] == 0x0A }
        fuzzRequire(!crlf, "CRLF left after decoding")
        text = decoded
    case .failure:
        text = fuzzText(data, size)
    }
    let lines = TextLines.split(text)
    var items: [IPTextItem] = []
    for line in lines {
        let words = Tokenizer.words(line.text)
        if !words.isEmpty { items.append(IPTextItem(line: line.number, words: words)) }
    }
    for parse in [IfconfigTextParser.parse, IPBriefTextParser.parse, IPAddrTextForms.parse] {
        var diagnostics = SectionDiagnostics(file: "fuzz", section: "ip-addr")
        let result = parse(items, &diagnostics)
        for warning in diagnostics.warnings {
            if let line = warning.line { fuzzRequire(line >= 1 && line <= max(lines.count, 1), "warning line \(line)") }
        }
        for address in result.addresses {
            fuzzRequire(address.prefixLength >= 0 && address.prefixLength <= (address.family == .inet ? 32 : 128),
                        "prefix length \(address.prefixLength)")
        }
    }
    return 0
}
