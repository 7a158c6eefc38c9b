/// The comment line by which a capture says it was redacted, so a replay of it reports `"redacted": true`.
///
/// `CaptureWriter` writes it before the first section when the facts are `redacted`; `CaptureReader` looks for it
/// among the comment lines before the first `### ` header (the single-file form only).
enum CaptureRedactionMark {
    static let line = "# redacted: addresses, MACs, host and user names and secrets are replaced by tokens"

    /// Whether a comment line before the first section header starts with `# redacted`.
    static func isMarked(_ text: String) -> Bool {
        for line in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true) {
            if line.starts(with: "### ".utf8) { return false }
            if line.starts(with: "# redacted".utf8) { return true }
        }
        return false
    }
}
