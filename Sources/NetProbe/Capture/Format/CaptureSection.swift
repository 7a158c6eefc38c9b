/// One section of a capture: its name, where it came from, and its content.
struct CaptureSection: Sendable {
    /// The name after `### ` (or the file name in a capture directory).
    var name: String
    /// The file the section is in (for warnings).
    var file: String
    /// Line of the `### NAME` header in `file`; `nil` in the directory form.
    var headerLine: Int?
    /// The content, verbatim (single-file form: the lines between the header and the next header, joined
    /// with `\n`, without the last line's terminator).
    var text: String
    /// The content as lines numbered as in `file`.
    var lines: [SourceLine]
}

/// Splits the single-file capture form into sections.
enum CaptureSectionSplitter {
    /// The sections of `text`, in file order. Lines before the first header are comments.
    static func split(_ text: String, file: String, firstLine: Int = 1) -> [CaptureSection] {
        var sections: [CaptureSection] = []
        var current: CaptureSection?
        for line in TextLines.split(text, firstNumber: firstLine) {
            if let name = headerName(line.text) {
                if let done = current { sections.append(finished(done)) }
                current = CaptureSection(name: name, file: file, headerLine: line.number, text: "", lines: [])
            } else if current != nil {
                current?.lines.append(SourceLine(number: line.number, text: SectionEscaping.unescape(line.text)))
            }
        }
        if let done = current { sections.append(finished(done)) }
        return sections
    }

    /// The section name when `line` is a header: `### ` then a name, trailing whitespace allowed.
    static func headerName(_ line: String) -> String? {
        guard line.utf8.starts(with: "### ".utf8) else { return nil }
        let name = Tokenizer.trimmed(String(decoding: line.utf8.dropFirst(4), as: UTF8.self))
        return name.isEmpty ? nil : name
    }

    private static func finished(_ section: CaptureSection) -> CaptureSection {
        var section = section
        section.text = section.lines.map(\.text).joined(separator: "\n")
        return section
    }
}
