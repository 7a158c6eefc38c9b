/// What a capture, a capture section and a live source may weigh, and how a source is cut when it weighs more.
///
/// Every parser and the redactor are linear in their input; these limits bound that input, so reading a capture
/// or this machine takes bounded time and memory whatever it holds. A source that is cut is read up to the limit
/// (a partial answer) and a warning names the section and the limit. See `docs/capture-format.md` (Limits).
public enum CaptureLimits {
    /// Largest capture file, and largest sum of the section files of a capture directory: 16 MiB.
    public static let captureBytes = 16 << 20
    /// Largest section read (bytes of its lines, line ends included): 8 MiB. The rest is not read.
    public static let sectionBytes = 8 << 20
    /// Most lines of a section read, and of a text file the live reader reads (`/etc/hosts`, mountinfo, ...).
    public static let sectionLines = 200_000
    /// Most objects kept from one live netlink dump kind (links, addresses, routes, rules per family,
    /// neighbours); the rest are received and counted, not kept.
    public static let netlinkObjects = 200_000
    /// Most warnings kept per section; one more says how many were left out.
    public static let warningsPerSection = 50
    /// Most warnings kept per capture (every section and file together); one more says how many were left out.
    public static let warningsPerCapture = 200

    /// `lines` cut to `sectionLines` lines and `sectionBytes` bytes (inside a longer line at a character
    /// boundary); with the warning text when something was cut.
    static func cut(_ lines: [SourceLine], section: String) -> (lines: [SourceLine], note: String?) {
        var bytes = 0
        var end = 0
        var partial: SourceLine?
        while end < lines.count && end < sectionLines {
            let size = lines[end].text.utf8.count + 1
            if bytes + size > sectionBytes {
                let room = sectionBytes - bytes
                if room > 0 { partial = SourceLine(number: lines[end].number, text: prefix(lines[end].text, bytes: room)) }
                break
            }
            bytes += size
            end += 1
        }
        guard end < lines.count else { return (lines, nil) }
        var kept = Array(lines[..<end])
        if let partial { kept.append(partial) }
        let reason = partial != nil || end < sectionLines
            ? "more than \(sectionBytes) bytes (the limit)" : "more than \(sectionLines) lines (the limit)"
        let at = kept.last.map { " after line \($0.number)" } ?? ""
        return (kept, "section '\(section)' has \(reason): cut\(at), the rest was not read")
    }

    /// `text` cut to `sectionLines` lines; whether it was cut.
    package static func cutLines(_ text: String) -> (text: String, cut: Bool) {
        var count = 0
        var index = text.utf8.startIndex
        while let newline = text.utf8[index...].firstIndex(of: UInt8(ascii: "\n")) {
            count += 1
            index = text.utf8.index(after: newline)
            if count == sectionLines {
                return index == text.utf8.endIndex ? (text, false) : (String(text[..<index]), true)
            }
        }
        return (text, false)
    }

    /// A prefix of `text` of at most `bytes` UTF-8 bytes that ends on a character boundary (a last multi-byte
    /// character may be dropped with the cut).
    private static func prefix(_ text: String, bytes: Int) -> String {
        var head = Array(text.utf8.prefix(bytes))
        while let last = head.last, last & 0xC0 == 0x80 { head.removeLast() }
        if let last = head.last, last >= 0xC0 { head.removeLast() }
        return String(decoding: head, as: UTF8.self)
    }
}
