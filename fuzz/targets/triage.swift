// Fuzz target `triage`: the input as a whole pasted report (markdown, prompts, fences, outputs) through
// IssueReportReader, then the verdict, "what would decide it", and the derived capture read back.
@testable import NetProbe

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
    guard let reading = try? IssueReportReader.read(bytes: bytes, file: "fuzz") else { return 0 }
    let total = fuzzLineCount(CaptureTextDecoding.normalizedLineEnds(fuzzText(data, size)))
    for block in reading.blocks {
        fuzzRequire(block.firstLine >= 1 && block.firstLine <= block.lastLine, "block lines \(block.firstLine)-\(block.lastLine)")
    }
    for warning in reading.facts.warnings {
        if let line = warning.line { fuzzRequire(line >= 1 && line <= max(total, 1) + 1, "warning line \(line) of \(total)") }
    }
    let verdict = Classifier.classify(reading.facts)
    _ = DecidingFacts.missing(reading.facts, verdict: verdict)
    let replay = CaptureReader.parse(text: reading.captureText, file: "fuzz")
    _ = Classifier.classify(replay)
    return 0
}
