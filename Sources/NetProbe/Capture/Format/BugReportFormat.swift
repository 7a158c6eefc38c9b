/// The `openclaw-doctor bugreport` file: one text file to attach to an issue. Pure.
///
/// ```
/// # openclaw-bugreport v1
/// # ... header comments: what is in it, that it was redacted, versions, how to replay it ...
/// #### snapshot 1 of 2: before reproducing
/// # openclaw-capture v1
/// ### osrelease
/// ...
/// #### snapshot 2 of 2: after reproducing
/// ...
/// #### journal during the recording
/// ### journal
/// ...
/// #### report (JSON)
/// {"schemaVersion":1,...}
/// ```
///
/// Part lines start with `#### ` (four `#`): a capture escapes every content line that starts with `###`
/// (`SectionEscaping`), so no content line can look like one. `CaptureReader` reads a bug report as its LAST
/// `snapshot` part, with line numbers as in the whole file.
public enum BugReportFormat {
    public static let marker = "# openclaw-bugreport v1"
    static let partPrefix = "#### "

    /// One part of the file.
    public struct Part: Sendable, Equatable {
        /// The text after `#### `, e.g. `snapshot 2 of 2: after reproducing`.
        public var title: String
        /// The part's text (without its `#### ` line).
        public var body: String

        public init(title: String, body: String) {
            self.title = title
            self.body = body
        }

        public var isSnapshot: Bool { title.hasPrefix("snapshot") }
    }

    /// Whether `text` is a bug report (its first line is `marker`).
    public static func isBugReport(_ text: String) -> Bool {
        text.utf8.starts(with: marker.utf8)
    }

    /// The file: `marker`, the header lines (each made a `# ` comment), then every part.
    public static func write(header: [String], parts: [Part]) -> String {
        var out = marker + "\n"
        for line in header { out += "# " + String(line.map { $0 == "\n" || $0 == "\r" ? " " : $0 }) + "\n" }
        for part in parts {
            out += partPrefix + part.title + "\n"
            out += part.body.hasSuffix("\n") || part.body.isEmpty ? part.body : part.body + "\n"
        }
        return out
    }

    /// The parts of a bug report, each with the 1-based line number of its first body line.
    static func parts(_ text: String) -> [(part: Part, firstLine: Int)] {
        var result: [(Part, Int)] = []
        var title: String?
        var body: [String] = []
        var first = 0
        for line in TextLines.split(text) {
            if line.text.utf8.starts(with: partPrefix.utf8) {
                if let title { result.append((Part(title: title, body: body.joined(separator: "\n")), first)) }
                title = String(decoding: line.text.utf8.dropFirst(partPrefix.utf8.count), as: UTF8.self)
                body = []
                first = line.number + 1
            } else if title != nil {
                body.append(line.text)
            }
        }
        if let title { result.append((Part(title: title, body: body.joined(separator: "\n")), first)) }
        return result
    }

    /// The last snapshot part's text and the file line its body starts on; `nil` when there is none.
    public static func lastSnapshot(_ text: String) -> (text: String, firstLine: Int)? {
        parts(text).last { $0.part.isSnapshot }.map { ($0.part.body, $0.firstLine) }
    }
}
