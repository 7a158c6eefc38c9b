/// Text from the input as a report quotes it: whole when it is short, else its start and its length, so an 8 MiB
/// line of a capture never becomes an 8 MiB warning, evidence string or check detail.
public enum TextExcerpt {
    /// Most UTF-8 bytes of a report string kept: 1 KiB.
    public static let maxBytes = 1024

    /// `text` when it has at most `maxBytes` UTF-8 bytes; else its first `maxBytes` bytes (cut back to a character
    /// boundary) followed by ` … (N bytes in all, cut)`. Pure.
    ///
    /// The doctor applies it to every report string AFTER secret masking and redaction, so a cut never splits a
    /// name or an address before the redactor has seen it whole (a cut leaves at most part of a token).
    public static func bounded(_ text: String, maxBytes: Int = maxBytes) -> String {
        let count = text.utf8.count
        guard count > maxBytes else { return text }
        var end = text.utf8.index(text.utf8.startIndex, offsetBy: maxBytes)
        while end > text.startIndex, end.samePosition(in: text.unicodeScalars) == nil {
            end = text.utf8.index(before: end)
        }
        return String(text[..<end]) + " … (\(count) bytes in all, cut)"
    }
}
