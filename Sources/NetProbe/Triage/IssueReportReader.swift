/// Reads an UNSTRUCTURED report (a whole issue body in markdown, or any paste) into `MachineFacts`: finds the
/// blocks (`TriageBlockFinder`), turns the first block of each capture section into that section, and reads the
/// sections with the capture parsers, so every warning names the input file, the section and the line IN THE
/// INPUT. Pure (`load(path:)`, which reads a file, is NetProbeLive's `CaptureFiles`).
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
        /// User and host names the pasted prompts show (`user@host:~$`, `(root㉿kali)`), and lsof's USER column, for
        /// `--redact`.
        public var promptUsers: Set<String>
        public var promptHosts: Set<String>
        /// The thread's parts (`IssueThread`): one unnamed description when the paste names no author.
        public var thread: [ThreadPart] = []
        /// The other people's machines of the thread, each read on its own (never merged into `facts`).
        public var others: [OtherMachine] = []
        /// Whether the paste holds comments only (`IssueThread.isCommentsOnly`): no description, so no reporter; every
        /// author is in `others` and `facts` is empty.
        public var commentsOnly = false
        /// The refused binds the reporter's lines state (`RefusedBinds`: any line, a tool's output or a log), in
        /// input order, for "what would decide it".
        public var refusedBinds: [RefusedBind] = []
    }

    /// Another person's machine in the same issue thread: their comments, read as a report of their own.
    public struct OtherMachine: Sendable {
        /// The login the thread names.
        public var author: String
        /// Their comments, in input order.
        public var parts: [ThreadPart]
        public var facts: MachineFacts
        /// Every block found in their comments, in input order.
        public var blocks: [TriageBlock]
    }

    /// The largest report accepted, in bytes (the capture file limit).
    public static let sizeLimit = CaptureLimits.captureBytes

    // `load(path:)`, which reads a report file, is the file edge's (NetProbeLive's `CaptureFiles`).

    /// Reads report bytes (a file, standard input): UTF-8 (with or without BOM) or UTF-16 with a BOM, any line ends.
    /// `file` names the input in warnings.
    public static func read(bytes: [UInt8], file: String) throws(CaptureError) -> Reading {
        if bytes.count > sizeLimit { throw CaptureError(path: file, reason: .tooLarge(bytes: bytes.count, limit: sizeLimit)) }
        return read(text: try CaptureTextDecoding.text(bytes, path: file), file: file)
    }

    /// `# mirrored` under `wslinfo --networking-mode` (the answer written as a shell comment) is the answer.
    static func wslinfoAnswer(_ line: SourceLine) -> SourceLine {
        let words = Tokenizer.words(line.text)
        guard words.count == 2, words[0] == "#", WslinfoSignals.answer(words[1]) != nil else { return line }
        return SourceLine(number: line.number, text: words[1])
    }

    /// What a block puts into which section: its lines (the `ip` command line first, where it sets context), or, for
    /// the supervisor's lines, the JSON lines of the `journal` and `systemd-show` sections (`JournalTextLines`,
    /// `SystemdStatusText`), numbered as in the input.
    static func sectionContent(_ block: TriageBlock) -> [(FactSection, [SourceLine])] {
        guard let section = block.kind.section else { return [] }
        let words = block.command.map(Tokenizer.words) ?? []
        switch block.kind {
        case .journalctl:
            return [(.journal, JournalTextLines.sectionLines(block.lines, unit: TriageCommands.unit(words)))]
        case .gatewayLog:
            // A log file's or a terminal's lines (`tail`, `openclaw logs`, bare gateway lines): not journald's records.
            return [(.journal, JournalTextLines.sectionLines(block.lines, unit: nil, source: .logLines))]
        case .systemctlStatus:
            let scope: SystemdScope = words.contains("--user") ? .user : .system
            let state = SystemdStatusText.state(block.lines.map(\.text), scope: scope, unit: TriageCommands.unit(words))
            let show = state.map { [SourceLine(number: block.firstLine, text: SystemdStatusText.sectionLine($0))] } ?? []
            let logLines = block.lines.filter { SupervisorShapes.isJournalLine(Tokenizer.words($0.text)) }
            return [(.systemdShow, show), (.journal, JournalTextLines.sectionLines(logLines, unit: state?.unit))]
        case .windowsVer:
            // `Microsoft Windows [Version 10.0.19041.329]` (any language: the four numbers are read by their shape).
            let builds = block.lines.compactMap { line in
                TriageFormFields.windowsBuild(Tokenizer.words(line.text)).map { SourceLine(number: line.number, text: "Windows version: \($0)") }
            }
            return [(section, Array(builds.prefix(1)))]
        case .ss, .linuxNetstat, .lsof:
            let marker = TriageCommands.listenerExcerpt(words, firstLine: block.lines.first.map { Tokenizer.words($0.text) } ?? [])
            return [(section, [SourceLine(number: block.firstLine, text: marker)] + block.lines)]
        default:
            var content = block.lines
            if block.kind == .wslinfo { content = content.map(wslinfoAnswer) }
            if block.kind.keepsCommand, let command = block.commandLine { content.insert(command, at: 0) }
            return [(section, content)]
        }
    }

    /// `blocks` with a `WSL message` block for each of WSL's fallback messages in the text (wrapped lines rejoined, any
    /// language), in input order; a left-out fence or markdown section that holds one is read through it, not listed.
    static func withMessages(_ blocks: [TriageBlock], lines: [SourceLine]) -> [TriageBlock] {
        let text = lines.map(\.text).joined(separator: "\n")
        let messages = WslFallbackMessages.find(text).map { message in
            let content = lines.filter { (message.firstLine...message.lastLine).contains($0.number) }
            return TriageBlock(kind: message.verbatim ? .wslMessage : .wslMessageRetyped, found: .shape, command: nil, firstLine: message.firstLine,
                               lastLine: message.lastLine, lines: content)
        }
        guard !messages.isEmpty else { return blocks }
        let kept = blocks.filter { block in
            guard block.kind == .fencedText || block.kind == .formSection else { return true }
            return !messages.contains { block.firstLine <= $0.firstLine && $0.lastLine <= block.lastLine }
        }
        // Stable: by first line, a message after a block that starts on the same line.
        return (kept + messages).enumerated().sorted { ($0.element.firstLine, $0.offset) < ($1.element.firstLine, $1.offset) }
            .map(\.element)
    }

    /// Reads report text; `file` names the input in warnings and in the facts' origin.
    ///
    /// An issue THREAD (`IssueThread`: the description and comments, each naming its author) is read as one
    /// machine per person: the reporter's (the description's author, and the text before any header) gives `facts`
    /// and `blocks`; every other author's comments are read on their own into `others`, never combined with it. A
    /// paste of comments only has no reporter (`commentsOnly`): every author is in `others`.
    public static func read(text: String, file: String) -> Reading {
        // NULs carry nothing in a paste: `wsl.exe`'s UTF-16 output piped through a Linux shell keeps one after every
        // character (`N\0A\0M\0E\0`, `\r\0\n\0`); dropped before the line ends are read.
        let text = text.unicodeScalars.contains { $0.value == 0 }
            ? String(String.UnicodeScalarView(text.unicodeScalars.filter { $0.value != 0 })) : text
        // Line numbers a viewer or `cat -n` put in front of the lines are not output (`NumberedLines`).
        let lines = NumberedLines.strip(TextLines.split(CaptureTextDecoding.normalizedLineEnds(text)))
        let parts = IssueThread.parts(lines)
        let reporter = IssueThread.reporter(parts)
        var users: Set<String> = []
        var hosts: Set<String> = []
        var groups: [(author: String?, parts: [ThreadPart], blocks: [TriageBlock])] = []
        // The issue's title above the first header (`# listen tcp 127.0.0.1:2222: bind: ...`) is the reporter's words.
        let firstStart = parts.first.map { $0.headerLine ?? $0.firstLine } ?? 1
        var refused = RefusedBinds.find(lines.filter { $0.number < firstStart })
        for part in parts {
            let own = lines.filter { $0.number >= part.firstLine && $0.number <= part.lastLine }
            let found = TriageBlockFinder.find(own)
            users.formUnion(found.users)
            hosts.formUnion(found.hosts)
            // Thread authors are user names: `--redact` scrubs them as it scrubs a prompt's.
            if let author = part.author { users.insert(author) }
            let blocks = withMessages(found.blocks, lines: own)
            let key = IssueThread.isReporters(part, reporter: reporter) ? nil : part.author
            if key == nil { refused += RefusedBinds.find(own) }
            if let at = groups.firstIndex(where: { $0.author == key }) {
                groups[at].parts.append(part)
                groups[at].blocks += blocks
            } else {
                groups.append((key, [part], blocks))
            }
        }
        if groups.first?.author != nil { groups.insert((nil, [], []), at: 0) }
        let main = assemble(groups[0].blocks, file: file)
        let others = groups.dropFirst().map { group in
            let machine = assemble(group.blocks, file: file)
            return OtherMachine(author: group.author ?? "", parts: group.parts, facts: machine.facts, blocks: machine.blocks)
        }
        // lsof names the listener's user: a personal detail like a prompt's.
        let listenerUsers = ([main.facts] + others.map(\.facts)).flatMap { facts in
            facts.listeners.map { ListenerTableText.parse($0).rows.compactMap(\.user) } ?? []
        }
        return Reading(facts: main.facts, blocks: main.blocks, captureText: main.captureText,
                       promptUsers: users.union(listenerUsers.filter { $0 != "root" }), promptHosts: hosts,
                       thread: parts, others: Array(others), commentsOnly: IssueThread.isCommentsOnly(parts),
                       refusedBinds: refused)
    }

    /// One machine's blocks made into its facts and its derived capture: the first block of each section (or every
    /// block, for the sections that add up) becomes that section, read with the capture parsers.
    static func assemble(_ found: [TriageBlock], file: String) -> (facts: MachineFacts, blocks: [TriageBlock], captureText: String) {
        var blocks = found
        // `wsl --version`'s own output, when pasted, is the section: the form's fields are the reporter's words.
        // (Its whole output: three lines or more; a lone `WSL version: ...` line is a field's shape.)
        let toolVersion = found.contains { $0.kind == .wslVersion && $0.lines.count >= 3 }
        // Per section, in order of first appearance: the content lines and where the first block starts.
        var order: [FactSection] = []
        var contents: [FactSection: (headerLine: Int, lines: [SourceLine])] = [:]
        var capture = "# openclaw-capture v1\n# derived by openclaw-doctor triage from a pasted report; absent sections are unknown\n"
        for index in blocks.indices {
            let block = blocks[index]
            if block.kind == .openclawCLI { blocks[index].stated = OpenClawCLIText.statements(block.lines) }
            guard let section = block.kind.section else { continue }
            if toolVersion, block.kind == .formVersion || block.kind == .windowsVer {
                blocks[index].superseded = true
                continue
            }
            if contents[section] != nil, !block.kind.merges {
                blocks[index].duplicate = true
                continue
            }
            let pieces = sectionContent(block).filter { !$0.1.isEmpty }
            if pieces.isEmpty {
                // Recognised, but nothing in it could be read (a `systemctl status` with no status lines under it):
                // listed as left out, never as read.
                blocks[index].empty = true
                continue
            }
            for (section, content) in pieces {
                if contents[section] == nil {
                    order.append(section)
                    contents[section] = (block.firstLine, content)
                } else {
                    contents[section]?.lines += content
                }
            }
            // Comments go before the first header (after it they would be section content).
            capture += "# \(section.rawValue): \(block.kind.rawValue) (found by \(block.found.rawValue)), input lines \(block.firstLine)-\(block.lastLine)\n"
        }
        var assembler = CaptureAssembler(origin: .capture(path: file))
        var body = ""
        for section in order {
            guard let (headerLine, content) = contents[section] else { continue }
            let text = content.map(\.text).joined(separator: "\n")
            assembler.add(CaptureSection(name: section.rawValue, file: file, headerLine: headerLine, text: text,
                                         lines: content),
                          capturePath: file)
            body += "### \(section.rawValue)\n"
            body += content.map { SectionEscaping.escape($0.text) }.joined(separator: "\n") + "\n"
        }
        let used = Set(order)
        capture += body
        var facts = assembler.finished()
        if used.isEmpty, !blocks.contains(where: { !$0.stated.isEmpty }) {
            facts.warnings.append(FactWarning(
                file: file, message: "no command output recognised (ip, ifconfig, uname, /proc/version, wslinfo, .wslconfig, resolv.conf, netstat, netsh, tasklist, wsl --version, wsl -l -v, wsl --status, ipconfig, ss, lsof); see docs/doctor.md, triage"))
        }
        return (facts, blocks, capture)
    }
}
