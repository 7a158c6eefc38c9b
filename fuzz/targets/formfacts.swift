// Fuzz target `formfacts`: each line of the input as an issue-form field (`OS: ...`, `- **Node:** ...`, the value under
// `### Operating system`) through TriageFormFacts.field and .read, then the whole text through IssueReportReader.
// A field's value is on its line (markdown aside); what it decides is one block on that line: a `wsl-version` line of
// `wsl --version`'s shape, a kernel release that is a word of the line, or a `[x] WSL N` claim; what it states is its
// value under a known fact name. Every stated fact of the reading names a line that exists.
@testable import NetProbe

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = fuzzText(data, size)
    let lines = TextLines.split(CaptureTextDecoding.normalizedLineEnds(text))
    let facts: Set<String> = ["os", "node-version", "openclaw-version", "distro", "install-method", "wsl", "kernel"]
    for line in lines.prefix(200) {
        let words = Tokenizer.words(line.text)
        let plain = line.text.filter { $0 != "`" }
        var fields: [TriageFormFacts.Field] = []
        if let field = TriageFormFacts.field(words) { fields.append(field) }
        for heading in ["### Operating system", "### OpenClaw version", "### Distro Version"] {
            if let field = TriageFormFacts.field(heading: heading, words: words) { fields.append(field) }
        }
        for field in fields {
            fuzzRequire(!field.value.isEmpty, "empty value")
            for word in field.value.split(separator: " ") {
                fuzzRequire(plain.contains(word), "value word \(word) not on line \(line.number)")
            }
            let (deciding, stated) = TriageFormFacts.read(field, line: line)
            for block in deciding {
                fuzzRequire(block.firstLine == line.number && block.lastLine == line.number && block.lines.count == 1, "block off its line")
                let content = block.lines[0].text
                switch block.kind {
                case .formVersion:
                    fuzzRequire(["WSL version: ", "Kernel version: ", "Windows version: "].contains { content.hasPrefix($0) }, "wsl-version line \(content)")
                    if content.hasPrefix("Windows version: ") {
                        let build = VersionNumber(String(content.dropFirst("Windows version: ".count)))
                        fuzzRequire(build.map { $0.components.count >= 3 && $0.components[2] >= 10240 } ?? false, "build \(content)")
                    }
                    if !content.hasPrefix("Kernel version: ") { fuzzRequire(WslVersionInfo.parse(content) != nil, "unreadable \(content)") }
                case .formRelease:
                    fuzzRequire(TriageShapes.isRelease(content) && plain.contains(content), "release \(content)")
                case .wslForm:
                    fuzzRequire(content == "[x] WSL 1" || content == "[x] WSL 2", "claim \(content)")
                default:
                    fuzzRequire(false, "a field made a \(block.kind.rawValue) block")
                }
            }
            for statement in stated {
                fuzzRequire(facts.contains(statement.fact) && statement.value == field.value && statement.line == line.number, "statement \(statement)")
            }
        }
    }
    let reading = IssueReportReader.read(text: text, file: "fuzz")
    for statement in reading.blocks.flatMap(\.stated) {
        fuzzRequire(statement.line >= 1 && statement.line <= max(lines.count, 1), "stated line \(statement.line) of \(lines.count)")
    }
    return 0
}
