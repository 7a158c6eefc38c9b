/// Reads captures (format version 1) into `MachineFacts`.
///
/// A capture is either one text file whose sections start with `### NAME` header lines (lines before the first
/// header are comments), or a directory holding one file per section, named `NAME`. Section names are
/// `FactSection` raw values. A section that is present but empty gives a known-empty field (`[]`, `""`); an
/// absent section leaves its field `nil` (unknown). Unknown sections and lines that cannot be parsed become
/// `FactWarning`s naming the file, the section and the 1-based line in that file; everything else still
/// counts. `ip-*` sections accept `ip` text or `ip -j` JSON as people paste them (prompts, cut-off output,
/// collapsed newlines). See `docs/capture-format.md`.
public enum CaptureReader {
    // `read(path:)`, which reads a capture file or directory from disk, is the file edge's (NetProbeLive's
    // `CaptureFiles`, through `SmallFileReader`); what it read is parsed here.

    /// Parses the bytes of a single capture file (`text(bytes:file:)`, then `parse(text:file:)`).
    public static func parse(bytes: [UInt8], file: String) throws(CaptureError) -> MachineFacts {
        parse(text: try text(bytes: bytes, file: file), file: file)
    }

    /// The text of a capture file's bytes: UTF-8 (with or without a byte order mark), or UTF-16 with one; `\n` line
    /// ends. Invalid text is a `CaptureError` naming `file` (`.notUTF8`, `.notUTF16`, with the byte offset).
    public static func text(bytes: [UInt8], file: String) throws(CaptureError) -> String {
        try CaptureTextDecoding.text(bytes, path: file)
    }

    /// Parses the single-file form; the facts' origin is `.capture(path: file)`, and `file` names the place in
    /// warnings. `\r\n` line ends read as `\n`.
    public static func parse(text: String, file: String) -> MachineFacts {
        var assembler = CaptureAssembler(origin: .capture(path: file))
        // A bug report (`openclaw-doctor bugreport`) is read as its last snapshot.
        let normalized = CaptureTextDecoding.normalizedLineEnds(text)
        let snapshot = BugReportFormat.isBugReport(normalized) ? BugReportFormat.lastSnapshot(normalized) : nil
        let sections = CaptureSectionSplitter.split(snapshot?.text ?? normalized, file: file, firstLine: snapshot?.firstLine ?? 1)
        for section in sections {
            assembler.add(section, capturePath: file)
        }
        var facts = assembler.finished()
        facts.redacted = CaptureRedactionMark.isMarked(text)
        if sections.isEmpty {
            facts.warnings.append(FactWarning(
                file: file, message: "no `### NAME` section header found; nothing was read (see docs/capture-format.md)"))
        }
        return facts
    }

    /// Parses a capture directory `path` whose entries are `names`: each known section file is read with `bytes`
    /// (the file edge's bounded read; a failure becomes a warning and the section is skipped), after `size` (its
    /// `st_size`, 0 when unknown) showed it fits the directory's limit; unknown names are warnings.
    public static func parse(
        directory path: String, names: [String], size: (String) -> Int, bytes: (String) throws(CaptureError) -> [UInt8]
    ) -> MachineFacts {
        var assembler = CaptureAssembler(origin: .capture(path: path))
        var extra: [FactWarning] = []
        // Known sections in format order first, then the rest by name, so warnings come in a stable order.
        let order = FactSection.allCases.map(\.rawValue)
        let sorted = names.sorted { lhs, rhs in
            let left = order.firstIndex(of: lhs) ?? order.count
            let right = order.firstIndex(of: rhs) ?? order.count
            return left != right ? left < right : lhs < rhs
        }
        var total = 0
        for name in sorted {
            let file = path.hasSuffix("/") ? path + name : path + "/" + name
            guard FactSection(rawValue: name) != nil else {
                extra.append(FactWarning(file: file, section: name, message: "unknown section '\(name)'; skipped"))
                continue
            }
            let overLimit = "the capture directory holds more than \(CaptureLimits.captureBytes) bytes (the limit): section skipped"
            // Checked before reading by the size `stat` gives, and after by the bytes read: a file that says 0
            // bytes (`/proc/kallsyms`) must count what it really holds.
            guard total + size(file) <= CaptureLimits.captureBytes else {
                extra.append(FactWarning(file: file, section: name, message: overLimit))
                continue
            }
            let text: String
            do {
                text = try CaptureTextDecoding.text(try bytes(file), path: file)
            } catch {
                extra.append(FactWarning(file: file, section: name, message: "\(error.reasonText); section skipped"))
                continue
            }
            guard total + text.utf8.count <= CaptureLimits.captureBytes else {
                extra.append(FactWarning(file: file, section: name, message: overLimit))
                continue
            }
            total += text.utf8.count
            let section = CaptureSection(name: name, file: file, headerLine: nil, text: text, lines: TextLines.split(text))
            assembler.add(section, capturePath: path)
        }
        assembler.keep(extra)
        var facts = assembler.finished()
        if names.isEmpty {
            facts.warnings.append(FactWarning(file: path, message: "capture directory has no section files; nothing was read"))
        }
        return facts
    }
}

extension CaptureError {
    /// The reason alone, for a warning that already names the file.
    var reasonText: String {
        let full = description
        let prefix = path + ": "
        return full.hasPrefix(prefix) ? String(full.dropFirst(prefix.count)) : full
    }
}
