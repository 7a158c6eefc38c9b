/// Finds the blocks of a pasted report (a whole issue body: markdown headings, prose, code fences, prompts and
/// the outputs under them). Pure, one pass over the lines.
///
/// - A command line (any prompt, or a bare command inside a fence) starts a block of the kind its command names;
///   an unknown command starts an `other` block, so its output never lands in a section.
/// - Without a command line, the first line's shape starts a block (`2: eth0: <...>`, `eth0: flags=...`,
///   `Linux version ...`, a bare `...-microsoft-standard-WSL2`, `[wsl2]`, `nameserver ...`, rules, routes).
/// - Inside a code fence a block runs to the closing fence or the next command line; outside, while its lines keep
///   the block's shape (indented `ip addr` / `ifconfig` lines, route and rule lines; a file to a blank line).
/// - Markdown headings (`## ...`, `### Kernel version`: never a capture section here), the upper line of a
///   two-line prompt, and fences end a block and are never content.
enum TriageBlockFinder {
    struct Result {
        var blocks: [TriageBlock]
        var users: Set<String>
        var hosts: Set<String>
    }

    static func find(_ lines: [SourceLine]) -> Result {
        var finder = State()
        for line in lines {
            finder.lastLine = line.number
            finder.take(line)
        }
        finder.finish()
        return Result(blocks: finder.blocks, users: finder.users, hosts: finder.hosts)
    }

    private struct State {
        var blocks: [TriageBlock] = []
        var current: TriageBlock?
        var inFence = false
        var users: Set<String> = []
        var hosts: Set<String> = []
        /// The open fence: its line, whether it held a non-blank line, whether a block came out of it.
        var fence: (line: Int, content: Bool, read: Bool)?
        /// A known command line of the open fence that had no output under it (`netsh ... excludedportrange` alone):
        /// what a fence with nothing read held, for its left-out line.
        var fenceCommandOnly: String?
        /// The open markdown section (`### Heading`): its line and title, its last unfenced non-blank line, and
        /// whether a block came out of its unfenced lines.
        var heading: (line: Int, title: String, lastProse: Int?, read: Bool)?
        /// Whether the open block started inside a fence.
        var currentInFence = false
        /// Unfenced non-blank lines under the open heading so far (its first is a form value: `### Operating system`).
        var headingLines = 0
        /// A field whose value was the template's hint (`Windows build number: [run \`cmd.exe /c ver\`]`): the next
        /// line is its value.
        var pendingField: TriageFormFacts.Field?

        /// Whether a form field line (`OS: ...`, `- **Node:** 22`) is read as one here: outside a fence, unless it
        /// continues a `wsl --version` block found by its shape (`Kernel version: ...` under `WSL version: ...`);
        /// inside a fence only with no other output open (an `Environment` fence), never `wsl --version`'s own labels.
        /// A `wsl --version` label line starts (or continues) that block by its shape, except a kernel release naming
        /// `microsoft` in it, which is `uname -r`'s (read as such, never left inside `wsl-version`).
        func takesField(_ field: TriageFormFacts.Field, words: [String]) -> Bool {
            let versionLabel = TriageFormFacts.wslVersionLabels.contains(field.name)
            if inFence { return !versionLabel && (current == nil || current?.kind == .formFacts) }
            guard versionLabel else { return true }
            if let open = current, open.kind == .wslVersion, open.found == .shape {
                return TriageShapes.trailingRelease(words) != nil
            }
            // Markdown left inside the line (`` `2.3.26.0` ``, `**WSL version:**`) is unwrapped by the field reader.
            let decorated = words.contains { $0.contains("`") || $0.contains("**") }
            return decorated || TriageShapes.start(words) != .wslVersion
        }

        /// Reads a form field: the blocks it decides are added at once, what it states joins the open `issue-form
        /// facts` block (consecutive fields are one block).
        mutating func take(_ field: TriageFormFacts.Field, line: SourceLine) {
            let (deciding, stated) = TriageFormFacts.read(field, line: line)
            if current?.kind != .formFacts { close() }
            for block in deciding { append(block, inFence: inFence) }
            guard !stated.isEmpty else { return }
            if current == nil {
                current = TriageBlock(kind: .formFacts, found: .shape, command: nil, firstLine: line.number, lastLine: line.number)
                currentInFence = inFence
            }
            current?.lines.append(line)
            current?.lastLine = line.number
            current?.stated += stated
        }

        mutating func take(_ raw: SourceLine) {
            let indented = raw.text.first.map { $0 == " " || $0 == "\t" } ?? false
            let (words, line) = TriageLine.clean(raw)
            guard let first = words.first else {
                // A blank line ends a file block outside a fence, and a one-line block always.
                if let kind = current?.kind, !inFence, kind.isFile { close() }
                return
            }
            if PasteWrapper.isFenceLine(words) {
                close()
                if inFence { closeFence(at: line.number) } else { fence = (line.number, false, false); fenceCommandOnly = nil }
                inFence.toggle()
                return
            }
            if PasteWrapper.isPromptHeader(first) {
                var prompt = TriagePrompt(command: [])
                words.forEach { prompt.learn($0) }
                users.formUnion(prompt.users)
                hosts.formUnion(prompt.hosts)
                close()
                return
            }
            if isHeading(words) {
                close()
                closeHeading()
                heading = (line.number, words.joined(separator: " "), nil, false)
                headingLines = 0
                return
            }
            if inFence {
                fence?.content = true
            } else if heading != nil {
                heading?.lastProse = line.number
                headingLines += 1
            }
            // A list item showing a command and its output on one line (`` `ip a | grep eth0` -> eth0: <...> ``): the
            // command starts its block, the rest of the line is its first output line.
            if let (command, output) = TriageLine.commandThenOutput(words), let kind = TriageCommands.kind(command) {
                start(kind, command: command, line: line)
                // The output is the command's by the arrow, whatever its shape (`eth0: <...>` with its index cut is
                // no `ip` header, and is read as pasted, with the parser's warning).
                current?.lines.append(SourceLine(number: line.number, text: output))
                if kind.isOneLine { close() }
                return
            }
            if var prompt = TriagePrompt.read(words, knownCommand: TriageCommands.isKnown) {
                // Paths in the command name users too (`cat /mnt/c/Users/NAME/.wslconfig`).
                prompt.command.forEach { prompt.learn($0) }
                users.formUnion(prompt.users)
                hosts.formUnion(prompt.hosts)
                start(TriageCommands.kind(prompt.command) ?? .other, command: prompt.command, line: line)
                return
            }
            if let kind = TriageCommands.kind(words), inFence || current == nil || looksLikeBareCommand(words) {
                start(kind, command: words, line: line)
                return
            }
            if let field = TriageFormFacts.field(words), takesField(field, words: words) {
                if field.value.isEmpty {
                    // A template hint in place of the value: the answer is the next line.
                    if current?.kind != .formFacts { close() }
                    pendingField = field
                } else {
                    pendingField = nil
                    take(field, line: line)
                }
                return
            }
            if let pending = pendingField, TriageCommands.kind(words) == nil {
                pendingField = nil
                if let field = TriageFormFacts.field(heading: "### " + pending.name, words: words, label: pending.label) {
                    take(field, line: line)
                    return
                }
            }
            pendingField = nil
            // Form fields end at the first line that is no field.
            if current?.kind == .formFacts { close() }
            if let kind = current?.kind {
                if kind.isOneLine && current?.lines.isEmpty == false {
                    close()
                } else if kind.isOneLine, !inFence, !TriageShapes.isAnswer(kind, words: words) {
                    // Prose under a command outside a fence is not its answer (`wslinfo` answers one mode word).
                    close()
                } else if inFence || TriageShapes.continues(kind, words: words, indented: indented) {
                    // In place: a copy of the block per line made a block of N lines cost N^2.
                    current?.lines.append(line)
                    current?.lastLine = line.number
                    return
                } else {
                    close()
                }
            }
            if !inFence, let open = heading, let block = TriageFormFields.block(heading: open.title, words: words, line: line) {
                append(block, inFence: false)
                return
            }
            if !inFence, headingLines == 1, let open = heading, let field = TriageFormFacts.field(heading: open.title, words: words) {
                take(field, line: line)
                return
            }
            if let kind = TriageShapes.start(words) {
                current = TriageBlock(kind: kind, found: .shape, command: nil, firstLine: line.number, lastLine: line.number,
                                      lines: [line])
                currentInFence = inFence
                if kind.isOneLine { close() }
                return
            }
            // A kernel release inside a line no tool prints (prose: "I'm on 5.15.146.1-microsoft-standard-WSL2."): the
            // reporter's words, never `uname -r`'s answer; read as their claim (`wsl-form`, weighed as one).
            if let release = TriageShapes.trailingRelease(words).map(TriageShapes.releaseWord) {
                append(TriageBlock(kind: .proseRelease, found: .shape, command: nil, firstLine: line.number,
                                   lastLine: line.number, lines: [SourceLine(number: line.number, text: "kernel \(release)")]),
                       inFence: inFence)
            }
        }

        /// Adds a finished block, and marks the fence or markdown section it came out of as read.
        mutating func append(_ block: TriageBlock, inFence: Bool) {
            blocks.append(block)
            if inFence { fence?.read = true } else { heading?.read = true }
        }

        /// A fence that held lines but gave no block is listed as left out (never dropped silently).
        mutating func closeFence(at line: Int) {
            if let open = fence, open.content, !open.read {
                var block = TriageBlock(kind: .fencedText, found: .markdown, command: fenceCommandOnly, firstLine: open.line, lastLine: line)
                block.commandOnly = fenceCommandOnly != nil
                blocks.append(block)
            }
            fenceCommandOnly = nil
            fence = nil
        }

        /// A markdown section (an issue form's `### Heading` and the unfenced lines under it) whose lines gave no
        /// block is listed as left out.
        mutating func closeHeading() {
            if let open = heading, let last = open.lastProse, !open.read {
                var block = TriageBlock(kind: .formSection, found: .markdown, command: nil, firstLine: open.line, lastLine: last)
                block.heading = open.title
                blocks.append(block)
            }
            heading = nil
        }

        mutating func finish() {
            close()
            if inFence, let open = fence { closeFence(at: max(open.line, lastLine)) }
            closeHeading()
        }

        var lastLine = 0

        /// Markdown headings (`##` or more, then words) outside a fence; inside one they are content.
        func isHeading(_ words: [String]) -> Bool {
            !inFence && PasteWrapper.isHeading(words)
        }

        /// A bare command outside a fence and after other output: `ip a` alone on its line.
        func looksLikeBareCommand(_ words: [String]) -> Bool {
            words.count <= 8 && TriageCommands.kind(words) != nil
        }

        mutating func start(_ kind: TriageBlockKind, command: [String], line: SourceLine) {
            close()
            let text = command.joined(separator: " ")
            current = TriageBlock(kind: kind, found: .command, command: text, firstLine: line.number,
                                  lastLine: line.number, lines: [],
                                  commandLine: SourceLine(number: line.number, text: "$ " + text))
            currentInFence = inFence
        }

        mutating func close() {
            guard let block = current else { return }
            current = nil
            // A command with no output under it tells nothing (not even "empty"): it is not a block. In a fence that
            // gives nothing else, the fence's left-out line names it.
            if block.lines.isEmpty {
                if currentInFence, block.found == .command, block.kind != .other, fenceCommandOnly == nil { fenceCommandOnly = block.command }
                return
            }
            var done = block
            if done.kind == .ipAddr, done.found == .shape, isLinkListing(done.lines) { done.kind = .ipLink }
            // `netstat -an` is both Windows' and Linux's: Linux's rows and headers say which (`tcp`, `Recv-Q`).
            if done.kind == .windowsNetstat, done.command?.lowercased().contains(".exe") != true, isLinuxNetstat(done.lines) {
                done.kind = .linuxNetstat
            }
            append(done, inFence: currentInFence)
        }

        /// Whether the first lines of a `netstat` block are Linux netstat's (a `Proto Recv-Q` header, `Active Internet
        /// connections`, a lower-case `tcp` row) and none is a Windows row (`TCP ... LISTENING`).
        func isLinuxNetstat(_ lines: [SourceLine]) -> Bool {
            var linux = false
            for line in lines.prefix(50) {
                let words = Tokenizer.words(line.text)
                if WindowsShapes.isNetstatRow(words) { return false }
                if ListenerTableText.tool(words) == .netstat || isTrimmedLinuxRow(words) { linux = true }
            }
            return linux
        }

        /// A Linux netstat row with columns cut (`tcp  0.0.0.0:2222  0.0.0.0:*  LISTEN`, under `Proto ... Local Address`):
        /// lower-case `tcp`/`udp` (Windows prints `TCP`) and Linux's `:*` foreign wildcard or `LISTEN` state (Windows
        /// prints `:0` and `LISTENING`).
        func isTrimmedLinuxRow(_ words: [String]) -> Bool {
            guard words.count >= 3, ListenerTableText.netstatProtos.contains(words[0]) else { return false }
            return words.contains { $0.hasSuffix(":*") } || words.contains("LISTEN")
        }

        /// `ip link` output pasted without its command: headers with `mode DEFAULT` and no address lines.
        func isLinkListing(_ lines: [SourceLine]) -> Bool {
            var sawMode = false
            for line in lines {
                let words = Tokenizer.words(line.text)
                if words.first == "inet" || words.first == "inet6" { return false }
                if IPAddrTextParser.isLinkHeader(words, 0), words.contains("mode") { sawMode = true }
            }
            return sawMode
        }
    }
}
