/// Parsers for the line-based sections that are not `ip` output: `env`, `sysctl`, `paths`, `paths-checked`.
/// Shell prompt lines are skipped; other lines that do not fit are warnings.
enum PlainSections {
    /// `KEY=VALUE` lines; keeps only `WSL_*`, `WSLENV` and `container` (other variables may hold secrets).
    static func environment(_ lines: [SourceLine], diagnostics: inout SectionDiagnostics) -> [String: String] {
        var environment: [String: String] = [:]
        for line in lines {
            let text = Tokenizer.droppingCR(line.text)
            let equals = text.firstIndex(of: "=")
            let isData = equals.map { $0 != text.startIndex && Tokenizer.words(String(text[..<$0])).count == 1 } ?? false
            if !isData && isSkippable(text) { continue }
            guard let equals, isData else {
                diagnostics.warn(line: line.number, "not a KEY=VALUE line; ignored")
                continue
            }
            let key = String(text[..<equals])
            if key.hasPrefix("WSL_") || key == "WSLENV" || key == "container" {
                environment[key] = String(text[text.index(after: equals)...])
            }
        }
        return environment
    }

    /// `key = value` or `key=value` lines (`sysctl` output); `#` and `;` comments are skipped.
    static func sysctls(_ lines: [SourceLine], diagnostics: inout SectionDiagnostics) -> [String: String] {
        var values: [String: String] = [:]
        for line in lines {
            let text = Tokenizer.trimmed(line.text)
            if text.hasPrefix("#") || text.hasPrefix(";") { continue }
            let equals = text.firstIndex(of: "=")
            let isData = equals.map { Tokenizer.words(String(text[..<$0])).count == 1 } ?? false
            if !isData && isSkippable(text) { continue }
            guard let equals else {
                diagnostics.warn(line: line.number, "not a `key = value` line; ignored")
                continue
            }
            let key = Tokenizer.trimmed(String(text[..<equals]))
            guard !key.isEmpty else {
                diagnostics.warn(line: line.number, "sysctl line without a name; ignored")
                continue
            }
            values[key] = Tokenizer.trimmed(String(text[text.index(after: equals)...]))
        }
        return values
    }

    /// One absolute path a line.
    static func paths(_ lines: [SourceLine], diagnostics: inout SectionDiagnostics) -> Set<String> {
        var paths: Set<String> = []
        for line in lines {
            let text = Tokenizer.trimmed(line.text)
            if !text.hasPrefix("/") && isSkippable(text) { continue }
            guard text.hasPrefix("/") else {
                diagnostics.warn(line: line.number, "'\(text)' is not an absolute path; ignored")
                continue
            }
            paths.insert(text)
        }
        return paths
    }

    /// A section that holds one value, as the file it replaces does (`/run/systemd/container` holds one word, the
    /// container manager): its first non-blank line, trimmed; a warning names the lines after it, which are not read.
    static func singleValue(_ lines: [SourceLine], diagnostics: inout SectionDiagnostics) -> String {
        let values = lines.lazy.filter { !Tokenizer.trimmed($0.text).isEmpty }
        guard let first = values.first else { return "" }
        let more = values.dropFirst()
        if let next = more.first {
            diagnostics.warn(line: next.number,
                             "this section holds one value (read from line \(first.number)); the \(more.count) more non-blank line(s) from here on are not read")
        }
        return Tokenizer.trimmed(first.text)
    }

    /// Blank lines and pasted prompt lines.
    private static func isSkippable(_ text: String) -> Bool {
        let words = Tokenizer.words(text)
        return words.isEmpty || PastedCommand.recognise(words) != nil || PasteWrapper.isWrapper(words)
    }
}
