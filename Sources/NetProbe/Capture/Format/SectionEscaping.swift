/// The one escape of the single-file capture form, shared by reader and writer.
///
/// A content line that starts with `###` could be taken for a section header, so the writer prefixes such a
/// line (and any line of backslashes followed by `###`) with one `\`; the reader removes one leading `\`
/// from every line that is backslashes followed by `###`. Pasted text never needs it, and the mapping is
/// exact both ways. The directory form stores sections verbatim and has no escape.
enum SectionEscaping {
    static func escape(_ line: String) -> String {
        isEscapable(line, needsBackslash: false) ? "\\" + line : line
    }

    static func unescape(_ line: String) -> String {
        isEscapable(line, needsBackslash: true) ? String(decoding: line.utf8.dropFirst(), as: UTF8.self) : line
    }

    /// Whether `line` is zero or more (`needsBackslash`: one or more) backslashes followed by `###`.
    private static func isEscapable(_ line: String, needsBackslash: Bool) -> Bool {
        let rest = line.utf8.drop(while: { $0 == UInt8(ascii: "\\") })
        if needsBackslash && rest.count == line.utf8.count { return false }
        return rest.starts(with: "###".utf8)
    }
}
