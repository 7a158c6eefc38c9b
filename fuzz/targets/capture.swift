// Fuzz target `capture`: a whole capture file through CaptureReader (every section parser), then the pure
// consumers of its facts: Classifier, LoopbackRouting, Redactor and CaptureWriter.
@testable import NetProbe

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = fuzzText(data, size)
    let facts = CaptureReader.parse(text: text, file: "fuzz")
    let lines = fuzzLineCount(text)
    for warning in facts.warnings {
        fuzzRequire(warning.file == "fuzz", "warning names file \(warning.file ?? "nil"): \(warning)")
        if let line = warning.line {
            fuzzRequire(line >= 1 && line <= lines, "warning line \(line) outside 1...\(lines): \(warning)")
        }
    }
    _ = Classifier.classify(facts)
    _ = LoopbackRouting.analyze(facts)
    let redacted = Redactor(key: 0x5EED, learningFrom: facts).redact(facts)
    _ = CaptureWriter.write(redacted)
    return 0
}
