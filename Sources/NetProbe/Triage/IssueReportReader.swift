/// Reads an UNSTRUCTURED report (a whole issue body in markdown, or any paste) into `MachineFacts`: finds the
/// blocks (`TriageBlockFinder`), turns the first block of each capture section into that section, and reads the
/// sections with the capture parsers, so every warning names the input file, the section and the line IN THE
/// INPUT. Pure (plus `load`, which reads a file).
///
/// `captureText` is the same sections as a capture (format v1): `openclaw-doctor --snapshot` on it gives the same
/// facts, so the same verdict.
public enum IssueReportReader {
    /// What a report held.
    public struct Reading: Sendable {
        public var facts: MachineFacts
        /// Every block found, in input order (duplicates and unused kinds included).
        public var blocks: [TriageBlock]
        /// The derived capture (format v1).
        public var captureText: String
        /// User and host names the pasted prompts show (`user@host:~$`, `(root㉿kali)`), for `--redact`.
        public var promptUsers: Set<String>
        public var promptHosts: Set<String>
    }

    /// The largest report accepted, in bytes (the capture file limit).
    public static let sizeLimit = CaptureFileSystem.sizeLimit

    /// Reads a report file: UTF-8 (with or without BOM) or UTF-16 with a BOM, any line ends.
    public static func load(path: String) throws(CaptureError) -> Reading {
        let text = try CaptureFileSystem.readText(path)
        return read(text: text, file: path)
    }

    /// Reads report bytes (standard input): the encodings of `load`. `file` names the input in warnings.
    public static func read(bytes: [UInt8], file: String) throws(CaptureError) -> Reading {
        if bytes.count > sizeLimit { throw CaptureError(path: file, reason: .tooLarge(bytes: bytes.count, limit: sizeLimit)) }
        switch CaptureTextDecoding.decode(bytes) {
        case .success(let text): return read(text: text, file: file)
        case .failure(.invalidUTF8(let offset)): throw CaptureError(path: file, reason: .notUTF8(byteOffset: offset))
        case .failure(.invalidUTF16(let offset)): throw CaptureError(path: file, reason: .notUTF16(byteOffset: offset))
        }
    }

    /// `# mirrored` under `wslinfo --networking-mode` (the answer written as a shell comment) is the answer.
    static func wslinfoAnswer(_ line: SourceLine) -> SourceLine {
        let words = Tokenizer.words(line.text)
        guard words.count == 2, words[0] == "#", WslinfoSignals.answer(words[1]) != nil else { return line }
        return SourceLine(number: line.number, text: words[1])
    }

    /// Reads report text; `file` names the input in warnings and in the facts' origin.
    public static func read(text: String, file: String) -> Reading {
        let lines = TextLines.split(CaptureTextDecoding.normalizedLineEnds(text))
        let found = TriageBlockFinder.find(lines)
        var blocks = found.blocks
        var used: Set<FactSection> = []
        var assembler = CaptureAssembler(origin: .capture(path: file))
        var capture = "# openclaw-capture v1\n# derived by openclaw-doctor triage from a pasted report; absent sections are unknown\n"
        var body = ""
        for index in blocks.indices {
            guard let section = blocks[index].kind.section else { continue }
            guard used.insert(section).inserted else {
                blocks[index].duplicate = true
                continue
            }
            let block = blocks[index]
            var content = block.lines
            if block.kind == .wslinfo { content = content.map(wslinfoAnswer) }
            if block.kind.keepsCommand, let command = block.commandLine { content.insert(command, at: 0) }
            let text = content.map(\.text).joined(separator: "\n")
            assembler.add(CaptureSection(name: section.rawValue, file: file, headerLine: block.firstLine, text: text,
                                         lines: content),
                          capturePath: file)
            // Comments go before the first header (after it they would be section content).
            capture += "# \(section.rawValue): \(block.kind.rawValue) (found by \(block.found.rawValue)), input lines \(block.firstLine)-\(block.lastLine)\n"
            body += "### \(section.rawValue)\n"
            body += content.map { SectionEscaping.escape($0.text) }.joined(separator: "\n") + "\n"
        }
        capture += body
        var facts = assembler.finished()
        if used.isEmpty {
            facts.warnings.append(FactWarning(
                file: file, message: "no command output recognised (ip, ifconfig, uname, /proc/version, wslinfo, .wslconfig, resolv.conf); see docs/doctor.md, triage"))
        }
        return Reading(facts: facts, blocks: blocks, captureText: capture, promptUsers: found.users,
                       promptHosts: found.hosts)
    }
}
