
/// What an `ip-*` section holds once shell prompts are set aside: `ip -j` JSON or `ip` text.
enum IPSectionInput: Sendable {
    /// JSON text (prompt lines removed) and, for each of its lines, the line number in the file.
    case json(text: String, lineNumbers: [Int], command: PastedCommand?)
    /// Text lines in order; a prompt or command line is kept as `.command` because it sets context.
    case text([IPTextItem])

    /// Classifies the lines of a section. JSON is recognised when the first line that is not blank and not
    /// a prompt starts with `[` followed by `{`, `]` or nothing (`[root@host ~]#` is a prompt, not JSON).
    static func classify(_ lines: [SourceLine]) -> IPSectionInput {
        var command: PastedCommand?
        for (position, line) in lines.enumerated() {
            let trimmed = Tokenizer.trimmed(line.text)
            if trimmed.isEmpty { continue }
            if startsJSON(trimmed) { return json(from: lines[position...], command: command) }
            let words = Tokenizer.words(trimmed)
            if PasteWrapper.isWrapper(words) { continue }
            if let recognised = PastedCommand.recognise(words) {
                command = recognised
                continue
            }
            break
        }
        var items: [IPTextItem] = []
        for line in lines {
            let words = Tokenizer.words(line.text)
            if words.isEmpty || PasteWrapper.isWrapper(words) { continue }
            items.append(IPTextItem(line: line.number, words: words))
        }
        return .text(items)
    }

    static func startsJSON(_ trimmed: String) -> Bool {
        guard trimmed.hasPrefix("[") else { return false }
        let rest = Tokenizer.trimmed(String(trimmed.dropFirst()))
        return rest.isEmpty || rest.hasPrefix("{") || rest.hasPrefix("]")
    }

    private static func json(from lines: ArraySlice<SourceLine>, command: PastedCommand?) -> IPSectionInput {
        var texts: [String] = []
        var numbers: [Int] = []
        for line in lines {
            let trimmed = Tokenizer.trimmed(line.text)
            if !startsJSON(trimmed), PastedCommand.recognise(Tokenizer.words(trimmed)) != nil
                || PasteWrapper.isWrapper(Tokenizer.words(trimmed)) { continue }
            texts.append(line.text)
            numbers.append(line.number)
        }
        return .json(text: texts.joined(separator: "\n"), lineNumbers: numbers, command: command)
    }
}

/// One non-blank text line of an `ip-*` section.
struct IPTextItem: Sendable, Equatable {
    var line: Int
    var words: [String]
}
