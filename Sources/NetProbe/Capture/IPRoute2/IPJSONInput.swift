/// The top-level elements of an `ip -j` section with a way to name their lines in the capture file.
struct IPJSONInput: Sendable {
    var elements: [JSONNode]
    /// Capture-file line number of each JSON text line.
    var lineNumbers: [Int]
    var command: PastedCommand?
    /// The JSON held something: elements, or text that failed to parse (then an empty result is unknown, not
    /// empty).
    var hasContent: Bool

    /// Parses the JSON text of a section with `JSONReader.arrays` (the one recovering read: one or more top-level
    /// arrays, strict JSON, 64 levels); a syntax error becomes a warning at its line in the file, with its column
    /// in the JSON text, and the elements before it still count.
    static func read(
        text: String, lineNumbers: [Int], command: PastedCommand?, diagnostics: inout SectionDiagnostics
    ) -> IPJSONInput {
        let outcome = JSONReader.arrays(Array(text.utf8))
        let input = IPJSONInput(
            elements: outcome.elements, lineNumbers: lineNumbers, command: command,
            hasContent: !outcome.elements.isEmpty || outcome.error != nil)
        if let error = outcome.error {
            diagnostics.warn(line: input.fileLine(error.line), "invalid `ip -j` JSON: \(error.message) (column \(error.position.column))")
        }
        return input
    }

    /// The capture-file line of a 1-based JSON text line.
    func fileLine(_ jsonLine: Int) -> Int? {
        guard jsonLine >= 1, jsonLine <= lineNumbers.count else { return lineNumbers.last }
        return lineNumbers[jsonLine - 1]
    }

    func fileLine(_ node: JSONNode) -> Int? { fileLine(node.line) }
}
