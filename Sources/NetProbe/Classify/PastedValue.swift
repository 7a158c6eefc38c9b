/// The value lines of a one-value text fact (`osrelease`, `proc-version`, `wslinfo`) as pasted: trimmed, without
/// blank lines, markdown code fences (```` ``` ````, `~~~`), headings and prompt or command lines (`$ uname -r`).
///
/// Captures keep such sections verbatim (so a capture round-trips exactly); the signals that read one value
/// read it through this, so a fenced or prompted paste gives the same verdict as the bare value. Pure.
enum PastedValue {
    static func lines(_ text: String) -> [String] {
        TextLines.split(text).compactMap { line in
            let trimmed = Tokenizer.trimmed(line.text)
            let words = Tokenizer.words(trimmed)
            guard !words.isEmpty, !PasteWrapper.isWrapper(words), PastedCommand.recognise(words) == nil else { return nil }
            return trimmed
        }
    }

    /// The first value line, or `""`.
    static func first(_ text: String) -> String { lines(text).first ?? "" }
}
