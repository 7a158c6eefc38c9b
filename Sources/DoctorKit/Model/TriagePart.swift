import NetProbe

/// The `triage` part of the report `openclaw-doctor triage --json` prints: what was read from a pasted report,
/// what was left out, and what would decide the verdict.
public struct TriagePart: Sendable, Equatable, Codable {
    /// One block found in the input.
    public struct Block: Sendable, Equatable, Codable {
        /// What produced it (`ip addr`, `ifconfig`, `uname -r`, `.wslconfig`, `wsl --version`, `other command`).
        public var kind: String
        /// The capture section it became; `null` when recognised but not used (or a later duplicate).
        public var section: String?
        /// `command` (a command line said so) or `shape` (its first line did).
        public var found: String
        /// The command as pasted, without the prompt; `null` when found by shape.
        public var command: String?
        /// Input lines `[first, last]` (1-based).
        public var lines: [Int]
        /// Why it was not used, when it was not.
        public var unused: String?
        /// What an `openclaw CLI output` or `issue-form facts` block states (`fact`, `value`, `line`); `null` for other blocks.
        public var stated: [CLIStatement]?

        /// Whether the block was read: into a section, or for what it states.
        public var isRead: Bool { section != nil || !(stated ?? []).isEmpty }
    }

    /// Another person's machine in the same issue thread (`IssueThread`): their comments read on their own, never
    /// combined with the reporter's facts, with the verdict on THAT machine.
    public struct OtherMachine: Sendable, Equatable, Codable {
        /// The login the thread names.
        public var author: String
        /// Their comments, `[header line, last line]` each (1-based).
        public var comments: [[Int]]
        /// The verdict on their machine, from their comments alone.
        public var environment: EnvironmentVerdict
        /// Every block found in their comments.
        public var blocks: [Block]
        /// The checks run on their facts alone, as on the reporter's (the same checks, the same triage
        /// configuration), that could judge something: every check but the skipped ones, in the report's order.
        public var checks: [CheckResult]
        /// How many checks were skipped on their machine (a fact they did not paste, or one only a live machine has).
        public var checksSkipped: Int

        public init(author: String, comments: [[Int]], environment: EnvironmentVerdict, blocks: [TriageBlock],
                    checks: [CheckResult]) {
            self.author = author
            self.comments = comments
            self.environment = environment
            self.blocks = TriagePart.listed(blocks)
            self.checks = checks.filter { $0.status != .skip }
            self.checksSkipped = checks.count - self.checks.count
        }
    }

    /// The input: a file path or `-` (standard input).
    public var input: String
    public var blocks: [Block]
    /// Missing facts that would raise the confidence, as commands to ask the reporter for.
    public var wouldDecide: [DecidingFact]
    /// Where `--capture-out` wrote the derived capture, when it did.
    public var captureOut: String?
    /// The other people's machines of the thread; empty when the paste is one person's.
    public var otherMachines: [OtherMachine] = []
    /// Whether the paste holds an issue thread's comments only, no description: no reporter is assumed, so the
    /// report's own facts are empty and every author is in `otherMachines` (`IssueThread.isCommentsOnly`).
    public var commentsOnly = false
    /// Left-out blocks beyond `maxBlocksListed` that `blocks` does not list (a paste of 50,000 `ping` commands must
    /// not make a 50,000-line report); 0 when every block is listed.
    public var blocksNotListed = 0

    /// Most blocks listed: every used block, then left-out ones in input order up to this count.
    public static let maxBlocksListed = 200

    /// `refusedBinds`: the reporter's refused binds (`IssueReportReader.Reading.refusedBinds`); a left-out block
    /// holding one says so, since "what would decide it" asks about it.
    public init(input: String, blocks: [TriageBlock], wouldDecide: [DecidingFact], captureOut: String?,
                refusedBinds: [RefusedBind] = []) {
        self.input = input
        self.blocks = Self.listed(blocks, refusedBinds: refusedBinds)
        self.wouldDecide = wouldDecide
        self.captureOut = captureOut
    }

    /// The blocks as listed: the section each became, or why it was left out (and, for a left-out block, the refused
    /// binds its lines state: read for "what would decide it", never silently).
    static func listed(_ blocks: [TriageBlock], refusedBinds: [RefusedBind] = []) -> [Block] {
        blocks.map { block in
            var unused: String?
            if block.empty {
                unused = "recognised as \(block.kind.rawValue), but no line of it could be read"
            } else if block.superseded {
                unused = "the pasted `wsl --version` output is used: it is the tool's own answer, this the reporter's field"
            } else if block.duplicate {
                unused = "an earlier \(block.kind.section?.rawValue ?? block.kind.rawValue) block is used"
            } else if block.kind.section == nil {
                switch block.kind {
                case .other: unused = "not a command this reader uses"
                case .fencedText:
                    unused = block.commandOnly ? "command lines only, no output under them"
                        : "no command line or output this reader knows in the fence"
                case .formSection:
                    // Its fences are blocks of their own: when one of them was read, the section's PROSE is what is left out.
                    let readInside = blocks.contains { other in
                        other.kind.section != nil && !other.duplicate && !other.empty
                            && other.firstLine > block.firstLine && other.firstLine <= block.lastLine
                    }
                    unused = readInside
                        ? "`\(block.heading ?? "")`: its prose, outside the blocks read in it, holds no command line or output this reader knows"
                        : "`\(block.heading ?? "")`: prose, no command line or output this reader knows"
                case .openclawCLI:
                    unused = block.stated.isEmpty ? "openclaw output stating nothing this reader reads (port, bind, pid, version, runtime)" : nil
                case .formFacts:
                    unused = block.stated.isEmpty ? "issue-form fields stating nothing this reader reads" : nil
                default: unused = "recognised; not a capture section"
                }
            }
            let inside = refusedBinds.filter { (block.firstLine...max(block.firstLine, block.lastLine)).contains($0.line) }
            if let why = unused, !inside.isEmpty {
                let said = inside.prefix(3).map { "line \($0.line): \($0.word)\($0.port.map { " on port \($0)" } ?? "")" }
                unused = why + "; its refused bind (\(said.joined(separator: "; "))) is asked about under what would decide it"
            }
            return Block(kind: block.kind.rawValue, section: unused == nil ? block.kind.section?.rawValue : nil,
                         found: block.found.rawValue, command: block.command, lines: [block.firstLine, block.lastLine],
                         unused: unused, stated: block.kind == .openclawCLI || block.kind == .formFacts ? block.stated : nil)
        }
    }

    /// The same part as it may be shown: every pasted command with its secrets masked (always: a pasted
    /// `--token VALUE` is never echoed) and cut to `TextExcerpt.maxBytes`, as the report's own strings are.
    /// Apply after `scrubbed(by:)`, so the redactor sees whole commands.
    /// At most `maxBlocksListed` blocks are kept: all used ones, then left-out ones in input order; `blocksNotListed`
    /// counts the others.
    public func shown() -> TriagePart {
        var copy = self
        (copy.blocks, copy.blocksNotListed) = Self.shown(blocks)
        copy.otherMachines = otherMachines.map { machine in
            var m = machine
            m.author = TextExcerpt.bounded(machine.author)
            // Their left-out blocks past the limit are counted in the same `blocksNotListed`.
            let (listed, notListed) = Self.shown(machine.blocks)
            m.blocks = listed
            copy.blocksNotListed += notListed
            return m
        }
        return copy
    }

    /// `blocks` as shown: masked and bounded; every read block, then left-out ones up to `maxBlocksListed`; and how
    /// many were not listed.
    static func shown(_ blocks: [Block]) -> ([Block], Int) {
        var room = Self.maxBlocksListed - blocks.filter(\.isRead).count
        var listed: [Block] = []
        var notListed = 0
        for block in blocks {
            if !block.isRead {
                guard room > 0 else { notListed += 1; continue }
                room -= 1
            }
            var b = block
            b.command = block.command.map { TextExcerpt.bounded(SecretMasking.mask($0)) }
            b.unused = block.unused.map { TextExcerpt.bounded(SecretMasking.mask($0)) }
            b.stated = block.stated?.map { CLIStatement(fact: $0.fact, value: TextExcerpt.bounded(SecretMasking.mask($0.value)), line: $0.line) }
            listed.append(b)
        }
        return (listed, notListed)
    }

    /// The same part with every string a pasted detail could be in scrubbed (`--redact`).
    public func scrubbed(by redactor: Redactor) -> TriagePart {
        var copy = self
        copy.input = redactor.scrubNames(input)
        copy.blocks = Self.scrubbed(blocks, by: redactor)
        copy.otherMachines = otherMachines.map { machine in
            var m = machine
            m.author = redactor.scrubNames(machine.author)
            m.blocks = Self.scrubbed(machine.blocks, by: redactor)
            return m
        }
        copy.captureOut = captureOut.map(redactor.scrubNames)
        return copy
    }

    static func scrubbed(_ blocks: [Block], by redactor: Redactor) -> [Block] {
        blocks.map { block in
            var b = block
            b.command = block.command.map(redactor.scrub)
            b.unused = block.unused.map(redactor.scrub)
            b.stated = block.stated?.map { CLIStatement(fact: $0.fact, value: redactor.scrub($0.value), line: $0.line) }
            return b
        }
    }

    /// The human form: what was read, what was left out, what would decide it; then each other person's machine of
    /// the thread, with its own verdict.
    public func renderText() -> String {
        // For a terminal: control characters of the paste are escaped (`TerminalText`).
        let input = TextExcerpt.bounded(TerminalText.escaped(self.input))
        var out: [String] = ["", "triage of \(input):"]
        if commentsOnly {
            // No description: nobody's facts are the reporter's; the report above judged an empty machine.
            out.append("  comments only, no issue description: no reporter is assumed, so the checks above judged no one's machine; each author's comments are read on their own below")
        } else {
            out += Self.blockLines(blocks, indent: "  ")
        }
        if blocksNotListed > 0 {
            out.append("  left out: \(blocksNotListed) more blocks, not listed (at most \(Self.maxBlocksListed) blocks are)")
        }
        if wouldDecide.isEmpty {
            out.append("  what would decide it: nothing more is needed for the verdict (a check above may still ask for a fact it reads)")
        } else {
            out.append("  what would decide it (ask the reporter to run):")
            for ask in wouldDecide { out.append("    \(ask.command)    # \(ask.why)") }
        }
        // Comments that hold nothing to read are one line, not a machine each.
        let silent = otherMachines.filter { $0.blocks.isEmpty }
        if !silent.isEmpty {
            let who = silent.map { machine in
                "\(TerminalText.escaped(machine.author)) (lines \(machine.comments.map { "\($0[0])-\($0[1])" }.joined(separator: ", ")))"
            }
            out.append("  other people's comments, nothing in them read: \(who.joined(separator: "; "))")
        }
        for machine in otherMachines where !machine.blocks.isEmpty {
            let author = TerminalText.escaped(machine.author)
            let at = machine.comments.map { "\($0[0])-\($0[1])" }.joined(separator: ", ")
            out.append("  another person's machine: \(author)'s comments (lines \(at)), read on their own, never combined with the reporter's")
            out.append("    verdict on \(author)'s machine: \(TerminalText.escaped(machine.environment.summary))")
            out += Self.blockLines(machine.blocks, indent: "    ")
            out += Self.checkLines(machine, author: author)
        }
        if let captureOut { out.append("  capture written to \(captureOut) (replay: openclaw-doctor --snapshot \(captureOut))") }
        return out.joined(separator: "\n") + "\n"
    }

    /// The checks that restate another person's verdict rather than judge a fact they pasted: the verdict itself (its
    /// line is above), and the plan made for it with the triage configuration (in JSON, not in the text).
    static let restatingChecks: Set<String> = ["env.classification", "gateway.plan", "gateway.bind"]

    /// The checks run on another person's machine: each that judged a fact of theirs, with its fix when it is not
    /// ok, and how many were skipped.
    static func checkLines(_ machine: OtherMachine, author: String) -> [String] {
        let judged = machine.checks.filter { !restatingChecks.contains($0.id) }
        var out = ["    checks on \(author)'s machine (their facts alone): \(judged.count) judged (besides the verdict and the plan made for it), \(machine.checksSkipped) skipped"]
        for check in judged {
            out.append("      \(check.status.marker) \(check.id): \(TerminalText.escaped(check.title))")
            if check.status != .ok, let fix = check.fix { out.append("        fix: \(TerminalText.escaped(fix))") }
        }
        return out
    }

    /// The `read:`, `stated:` and `left out:` lines of one machine's blocks.
    static func blockLines(_ blocks: [Block], indent: String) -> [String] {
        let blocks = blocks.map { block in
            var block = block
            block.command = block.command.map { TerminalText.escaped($0) }
            block.unused = block.unused.map { TerminalText.escaped($0) }
            block.stated = block.stated?.map { CLIStatement(fact: $0.fact, value: TerminalText.escaped($0.value), line: $0.line) }
            return block
        }
        var out: [String] = []
        let used = blocks.filter { $0.section != nil }
        if used.isEmpty, blocks.contains(where: \.isRead) {
            out.append(blocks.contains { $0.kind == TriageBlockKind.formFacts.rawValue && $0.isRead }
                ? "\(indent)read: no fact of the machine (only what the report states, below)"
                : "\(indent)read: no fact of the machine (only what openclaw's own output states, below)")
        } else if used.isEmpty { out.append("\(indent)read: nothing recognisable (no ip, ifconfig, uname, /proc/version, wslinfo, .wslconfig, resolv.conf, netstat, netsh, tasklist, wsl.exe, journalctl or systemctl output, no WSL message)") }
        for block in used {
            let how = block.command.map { "`\($0)`" } ?? "its shape"
            out.append("\(indent)read: \(block.kind) (lines \(block.lines[0])-\(block.lines[1]), found by \(how)) -> ### \(block.section ?? "")")
        }
        for block in blocks where block.section == nil && block.isRead {
            let what = block.command.map { "`\($0)`" } ?? "its shape"
            let facts = (block.stated ?? []).map { "\($0.fact) \($0.value)" }.joined(separator: "; ")
            out.append("\(indent)stated: \(block.kind) (lines \(block.lines[0])-\(block.lines[1]), found by \(what)): \(facts)")
        }
        for block in blocks where !block.isRead {
            let what = block.command.map { "`\($0)`" } ?? block.kind
            out.append("\(indent)left out: \(what) (lines \(block.lines[0])-\(block.lines[1])): \(block.unused ?? "")")
        }
        return out
    }
}
