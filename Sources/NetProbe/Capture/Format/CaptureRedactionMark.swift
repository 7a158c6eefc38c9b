/// The comment line by which a capture says it was redacted, so a replay of it reports `"redacted": true`.
///
/// `CaptureWriter` writes it before the first section when the facts are `redacted`; `CaptureReader` looks for it
/// among the comment lines before the first `### ` header (the single-file form only).
enum CaptureRedactionMark {
    static let line = "# redacted: addresses, MACs, host and user names and secrets are replaced by tokens"

    /// Whether a comment line before the first section header starts with `# redacted`.
    static func isMarked(_ text: String) -> Bool {
        // Line by line up to the first header, so a large capture is not split whole to find its first lines.
        var rest = Substring(text).utf8
        while !rest.isEmpty {
            let end = rest.firstIndex(of: UInt8(ascii: "\n")) ?? rest.endIndex
            let line = rest[..<end]
            if line.starts(with: "### ".utf8) { return false }
            if line.starts(with: "# redacted".utf8) { return true }
            rest = end == rest.endIndex ? rest[end...] : rest[rest.index(after: end)...]
        }
        return false
    }
}
