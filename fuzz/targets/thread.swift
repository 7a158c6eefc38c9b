// Fuzz target `thread`: the input as an issue thread pasted whole (description and comments, each under the
// header line that names its author) through IssueThread.parts, NumberedLines.strip, TriageLine.commandThenOutput,
// then IssueReportReader.read, which reads each person's comments as a machine of their own (and a comments-only
// paste as no reporter's), with the reporter's refused binds.
@testable import NetProbe

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = CaptureTextDecoding.normalizedLineEnds(fuzzText(data, size))
    let lines = TextLines.split(text)
    // Numbering: the same lines, in order, each the end of its original (only a leading number and separator go).
    let stripped = NumberedLines.strip(lines)
    fuzzRequire(stripped.map(\.number) == lines.map(\.number), "strip changed the line numbers")
    for (line, original) in zip(stripped, lines) {
        fuzzRequire(original.text.hasSuffix(line.text), "stripped \(line.text.debugDescription) is not the end of \(original.text.debugDescription)")
    }
    // Parts: in order, disjoint, covering every line from the first part on (headers included), headers on lines
    // that exist and naming an author.
    let parts = IssueThread.parts(stripped)
    fuzzRequire(!parts.isEmpty, "no part")
    var covered = Set<Int>()
    var previousEnd = 0
    for part in parts {
        let start = part.headerLine ?? part.firstLine
        fuzzRequire(start > previousEnd, "part at \(start) starts before the one above ends (\(previousEnd))")
        if let header = part.headerLine {
            fuzzRequire(header >= 1 && header <= lines.count && part.author != nil, "header line \(header) of \(lines.count)")
            covered.formUnion(header..<part.firstLine)
        }
        if part.lastLine >= part.firstLine {
            fuzzRequire(part.lastLine <= lines.count, "part ends at \(part.lastLine) of \(lines.count)")
            covered.formUnion(part.firstLine...part.lastLine)
        }
        previousEnd = max(start, part.lastLine, part.firstLine - 1)
    }
    let firstStart = parts.first.map { $0.headerLine ?? $0.firstLine } ?? 1
    for line in lines where !covered.contains(line.number) {
        fuzzRequire(line.number < firstStart, "line \(line.number) in no part")
    }
    // A command and its output on one line: both taken from the line's own words.
    for line in stripped.prefix(2000) {
        let words = Tokenizer.words(line.text)
        guard let (command, output) = TriageLine.commandThenOutput(words) else { continue }
        fuzzRequire(!command.isEmpty && !output.isEmpty, "empty command or output")
        fuzzRequire(line.text.contains(output), "output \(output.debugDescription) not on its line")
    }
    // Every other person's blocks lie inside that person's comments; none of the reporter's does.
    let reading = IssueReportReader.read(text: text, file: "fuzz")
    for other in reading.others {
        fuzzRequire(other.author != "", "another machine without an author")
        for block in other.blocks {
            fuzzRequire(other.parts.contains { $0.firstLine <= block.firstLine && block.lastLine <= $0.lastLine },
                        "\(other.author)'s block \(block.firstLine)-\(block.lastLine) outside their comments")
        }
        for block in reading.blocks {
            fuzzRequire(!other.parts.contains { $0.firstLine <= block.firstLine && block.firstLine <= $0.lastLine },
                        "the reporter's block at \(block.firstLine) inside \(other.author)'s comment")
        }
    }
    // The reporter's refused binds lie outside every other person's comments; a comments-only paste has no reporter's
    // facts (and none of its blocks).
    for refusal in reading.refusedBinds {
        fuzzRequire(!reading.others.contains { other in other.parts.contains { $0.firstLine <= refusal.line && refusal.line <= $0.lastLine } },
                    "the reporter's refused bind at line \(refusal.line) inside another person's comment")
    }
    if reading.commentsOnly { fuzzRequire(reading.blocks.isEmpty, "a comments-only paste gave the reporter blocks") }
    return 0
}
