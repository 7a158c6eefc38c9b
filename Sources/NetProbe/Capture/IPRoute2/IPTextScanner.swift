/// A run of words of pasted `ip` text that one parser handles as one record (normally one output line;
/// several when newlines were collapsed into spaces).
struct IPTextRecord: Sendable, Equatable {
    /// Line number in the capture file.
    var line: Int
    var words: [String]
    /// Whether this is the section's last record: if it is incomplete, the paste was probably cut off.
    var isLast: Bool
}

/// What a text line of an `ip-*` section turned out to be.
enum IPTextPiece: Sendable, Equatable {
    case command(PastedCommand, line: Int)
    case record(IPTextRecord)
}

/// Turns the text lines of an `ip-*` section into prompt commands and records.
///
/// `startsRecord(words, i)` says whether `words[i]` begins a record. A line that does not begin with a record
/// but begins with a shell prompt becomes a command (any output pasted onto the same line after it is kept);
/// a line is cut before every later record start, which undoes newlines collapsed into spaces.
enum IPTextScanner {
    static func pieces(
        _ items: [IPTextItem], startsRecord: ([String], Int) -> Bool, splitRecords: Bool = true
    ) -> [IPTextPiece] {
        var pieces: [IPTextPiece] = []
        for item in items {
            var words = item.words
            if !startsRecord(words, 0), PastedCommand.recognise(words) != nil {
                var end = 1
                while end < words.count, !startsRecord(words, end) { end += 1 }
                let command = PastedCommand.recognise(Array(words[..<end])) ?? PastedCommand()
                pieces.append(.command(command, line: item.line))
                words = Array(words[end...])
            }
            if words.isEmpty { continue }
            var start = 0
            if splitRecords {
                for index in 1..<max(words.count, 1) where startsRecord(words, index) {
                    pieces.append(.record(IPTextRecord(line: item.line, words: Array(words[start..<index]), isLast: false)))
                    start = index
                }
            }
            pieces.append(.record(IPTextRecord(line: item.line, words: Array(words[start...]), isLast: false)))
        }
        if let last = pieces.lastIndex(where: { if case .record = $0 { return true } else { return false } }),
           case .record(var record) = pieces[last]
        {
            record.isLast = true
            pieces[last] = .record(record)
        }
        return pieces
    }

    /// A warning text for a record that ends too early: says "cut off" when it is the section's last record.
    static func incomplete(_ what: String, _ record: IPTextRecord) -> String {
        record.isLast ? "\(what) (the paste looks cut off here)" : what
    }
}
