// Fuzz target `openclawcli`: any text as upstream's or this project's `openclaw status` / `gateway status` /
// `doctor` output (OpenClawCLIText's start and continuation shapes, its statements), alone and after a command line.
@testable import NetProbe

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = fuzzText(data, size)
    let lines = TextLines.split(text)
    let statements = OpenClawCLIText.statements(lines)
    let count = max(lines.count, 1)
    for statement in statements {
        fuzzRequire(statement.line >= 1 && statement.line <= count, "statement line \(statement.line) outside 1...\(count)")
        fuzzRequire(statement.value.count <= 160, "a statement longer than 160 characters")
    }
    fuzzRequire(Set(statements.map { "\($0.fact)=\($0.value)" }).count == statements.count, "a statement twice")
    for line in lines {
        let words = Tokenizer.words(line.text)
        _ = OpenClawCLIText.starts(words)
        _ = OpenClawCLIText.continues(words)
    }
    // Behind a command line, in a fence: every block keeps to the input's lines; no CLI block reaches a section.
    let reading = IssueReportReader.read(text: "```\n$ openclaw gateway status\n" + text + "\n```\n", file: "fuzz")
    for block in reading.blocks where block.kind == .openclawCLI {
        fuzzRequire(block.kind.section == nil, "an openclaw CLI block in a section")
        fuzzRequire(block.stated.allSatisfy { $0.line >= block.firstLine && $0.line <= block.lastLine }, "a statement outside its block")
    }
    return 0
}
