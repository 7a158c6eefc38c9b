/// The facts issue forms state outside any fence: `label: value` lines (`OS: Windows 11 Pro 23H2`, `- **Node:**
/// 22.22.0`, `WSL: 2.7.13.0, kernel 6.18.33.2-2`, `Kernel: linux 6.6.87.2-microsoft-standard-WSL2 x64`), the bare
/// `- WSL 2.7.13.0` / `- Windows 10.0.26200.0 (64-bit)` bullets, and the value under openclaw's form headings
/// (`### Operating system` / `Windows 10 22H2 (19045.6466)`, `### OpenClaw version`, `### Install method`, WSL's
/// `### Distro Version`). Shapes taken from public reports (openclaw/openclaw 68380, 72693, 90953;
/// openclaw/openclaw-windows-node 1368, 1372, 1396). Pure.
///
/// What decides becomes a block of the section that decides it (`deciding`): a kernel release naming `microsoft`
/// (or a distribution kernel's, `6.8.0-45-generic`) is `uname -r`'s; WSL's package version, its kernel version and
/// the Windows build (`10.0.22631.4460`, `(19045.6466)`, `OS Build 22621.1992`, or a release name: `Windows 11 23H2`
/// is build 22631) are `wsl --version`'s lines; `WSL2` / `WSL 1` in an OS or WSL field is the reporter's claim, as
/// the WSL form's checked box (`wsl-form`). The rest is listed as stated (`os`, `node-version`,
/// `openclaw-version`, `distro`, `install-method`, and what a WSL or kernel field says that decides nothing).
/// Only labels of the table below are read: `Error: ...` or `Gateway failed to start: ...` are no field.
enum TriageFormFacts {
    enum Label: String, Sendable {
        case os, wsl, kernel, node, openclaw, distro, install
    }

    struct Field: Sendable, Equatable {
        var label: Label
        /// The label as written, normalised (`node version`).
        var name: String
        var value: String
    }

    /// The labels read, normalised (lower case, markdown removed, one blank between words).
    static let labels: [String: Label] = [
        "os": .os, "operating system": .os, "host os": .os, "os version": .os, "platform": .os, "host": .os,
        "system": .os, "windows": .os, "windows version": .os, "windows build": .os, "windows build number": .os,
        "windows os": .os, "your windows build number": .os,
        "your distribution version": .distro, "whether the issue is on wsl 2 and/or wsl 1": .wsl,
        "wsl": .wsl, "wsl version": .wsl,
        "kernel": .kernel, "kernel version": .kernel, "wsl kernel": .kernel, "linux kernel": .kernel,
        "kernel release": .kernel, "uname -r": .kernel, "kernel shown by openclaw": .kernel,
        "node": .node, "node version": .node, "node.js": .node, "node.js version": .node, "nodejs": .node,
        "openclaw": .openclaw, "openclaw version": .openclaw, "openclaw cli": .openclaw, "openclaw cli version": .openclaw,
        "gateway version": .openclaw,
        "distro": .distro, "distribution": .distro, "distro version": .distro, "linux distro": .distro,
        "linux distribution": .distro, "wsl distro": .distro, "wsl distribution": .distro, "base distro": .distro,
        "install method": .install, "installation method": .install, "install": .install,
    ]

    /// The form headings whose first line is the value (openclaw's form, WSL's `### Distro Version`).
    static let headings: [String: Label] = [
        "operating system": .os, "os": .os, "platform": .os, "openclaw version": .openclaw, "node version": .node,
        "install method": .install, "distro version": .distro, "distribution": .distro,
    ]

    /// `wsl --version`'s own labels: inside a `wsl --version` block found by its shape they continue it.
    static let wslVersionLabels: Set<String> = [
        "wsl version", "kernel version", "wslg version", "msrdc version", "direct3d version", "dxcore version", "windows version",
    ]

    /// A `label: value` line (markdown already unwrapped by `TriageLine`, `**Host:** x` too), or a bare `WSL 2.7.13.0`
    /// / `Windows 10.0.26200.0 (64-bit)` line; `nil` for any other line. A field whose value is the template's hint
    /// (`[run cmd.exe /c ver]`) comes with an empty value: its answer is the next line (`TriageBlockFinder`).
    static func field(_ words: [String]) -> Field? {
        guard words.count >= 2, words.count <= 30 else { return nil }
        let text = words.joined(separator: " ")
        if let colon = text.firstIndex(where: { $0 == ":" || $0 == "：" }) {
            let name = normalised(String(text[..<colon]))
            if let label = labels[name] {
                let value = unwrapped(String(text[text.index(after: colon)...]))
                // `wsl: Mirrored networking mode is not supported, ...` is wsl.exe's own message, not a field.
                if name == "wsl", value.split(separator: " ").count > 6 { return nil }
                // WSL's old template: `Windows build number: [run \`cmd.exe /c ver\`]`, the answer on the next line.
                if isHint(value) { return Field(label: label, name: name, value: "") }
                return value.isEmpty ? nil : Field(label: label, name: name, value: value)
            }
        }
        // `- WSL 2.7.13.0`, `- Windows 10.0.26200.0 (64-bit)`: the bullet lists of openclaw-windows-node's reports.
        if words.count == 2, words[0] == "WSL", let version = VersionNumber(words[1]), version.components.count >= 3 {
            return Field(label: .wsl, name: "wsl", value: words[1])
        }
        if words[0] == "Windows", words.count <= 4, words[1].hasPrefix("10.0."), windowsBuild(words[1]) != nil {
            return Field(label: .os, name: "windows", value: words.dropFirst().joined(separator: " "))
        }
        return nil
    }

    /// A template's hint in place of a value (`[run cmd.exe /c ver]`, `[On Debian or Ubuntu run lsb_release -r in WSL]`).
    static func isHint(_ value: String) -> Bool {
        value.hasPrefix("[") && value.hasSuffix("]") && value.split(separator: " ").count >= 2
            && !value.contains("Version ") && !value.lowercased().hasPrefix("[x]")
    }

    /// The value line under a form heading (`### Operating system`), or `nil`.
    static func field(heading title: String, words: [String], label known: Label? = nil) -> Field? {
        let name = normalised(title.split(separator: " ").drop { $0.allSatisfy { $0 == "#" } }.joined(separator: " "))
        guard let label = known ?? headings[name], !words.isEmpty, words.count <= 12 else { return nil }
        let value = unwrapped(words.joined(separator: " "))
        return value.isEmpty ? nil : Field(label: label, name: name, value: value)
    }

    /// What `field` on `line` decides (blocks of the sections that decide it) and what it states.
    static func read(_ field: Field, line: SourceLine) -> (deciding: [TriageBlock], stated: [CLIStatement]) {
        var deciding: [TriageBlock] = []
        var stated: [CLIStatement] = []
        func block(_ kind: TriageBlockKind, _ text: String) {
            deciding.append(TriageBlock(kind: kind, found: .shape, command: nil, firstLine: line.number, lastLine: line.number,
                                        lines: [SourceLine(number: line.number, text: text)]))
        }
        func state(_ fact: String) { stated.append(CLIStatement(fact: fact, value: field.value, line: line.number)) }
        let words = field.value.split(whereSeparator: { $0 == " " || $0 == "," || $0 == ";" }).map(String.init)
        let release = TriageShapes.trailingRelease(["-"] + words.map(stripped))
        switch field.label {
        case .os:
            if let build = windowsBuild(in: words) { block(.formVersion, "Windows version: \(build)") }
            if let release { block(.formRelease, release) }
            if let claim = kindClaim(words) { block(.wslForm, claim) }
            state("os")
        case .wsl:
            // WSL's old issue template: `Whether the issue is on WSL 2 and/or WSL 1: WSL 2 (Linux version ...)`.
            if let release { block(.formRelease, release) }
            // The version is the value's first word (`2.7.13.0, kernel ...`, `v2.3.26.0`), never a later one
            // (`WSL 2 (Linux version ... (gcc version 8.2.0))`).
            if release == nil, let version = words.prefix(1).map(stripped).first(where: { word in
                let bare = word.hasPrefix("v") ? String(word.dropFirst()) : word
                return (VersionNumber(bare)?.components.count ?? 0) >= 3 && VersionNumber(bare)?.description == bare
            }) {
                block(.formVersion, "WSL version: \(version)")
                if let index = words.firstIndex(where: { $0.lowercased() == "kernel" }), index + 1 < words.count,
                   VersionNumber(words[index + 1]) != nil {
                    block(.formVersion, "Kernel version: \(words[index + 1])")
                }
            } else if let claim = kindClaim(["WSL"] + words) {
                block(.wslForm, claim)
            } else if release == nil {
                state("wsl")
            }
        case .kernel:
            if let release {
                block(.formRelease, release)
            } else if let word = words.map(stripped).first(where: { isWslKernelVersion($0) }) {
                block(.formVersion, "Kernel version: \(word)")
            } else if words.count <= 3, let word = words.map(stripped).first(where: { isDistributionRelease($0) }) {
                block(.formRelease, word)
            } else {
                state("kernel")
            }
        case .node: state("node-version")
        case .openclaw: state("openclaw-version")
        case .distro:
            if let claim = kindClaim(words) { block(.wslForm, claim) }
            state("distro")
        case .install: state("install-method")
        }
        return (deciding, stated)
    }

    /// `[x] WSL 2` when the words name WSL2 and not WSL1 (`WSL2`, `WSL 2`, `wsl2`), `[x] WSL 1` the other way; `nil`
    /// for neither or both (both boxes checked say nothing).
    static func kindClaim(_ words: [String]) -> String? {
        var two = false, one = false
        let lowered = words.map { stripped($0).lowercased() }
        for (index, word) in lowered.enumerated() {
            let next = index + 1 < lowered.count ? lowered[index + 1] : ""
            if word == "wsl2" || (word == "wsl" && next == "2") { two = true }
            if word == "wsl1" || (word == "wsl" && next == "1") { one = true }
        }
        if two == one { return nil }
        return two ? "[x] WSL 2" : "[x] WSL 1"
    }

    /// The Windows build a value names: `10.0.22631.4460`, `(19045.6466)`, `build 26200`, `OS Build 22621.1992`, or
    /// the base build of a release name after `Windows 10` / `Windows 11` (Microsoft's release information: Windows 11
    /// 21H2 22000, 22H2 22621, 23H2 22631, 24H2 26100, 25H2 26200; Windows 10 2004 19041, 20H2 19042, 21H1 19043, 21H2
    /// 19044, 22H2 19045). As `10.0.BUILD[.REVISION]`; `nil` when it names none.
    static func windowsBuild(in words: [String]) -> String? {
        let clean = words.map(stripped)
        if let full = clean.lazy.compactMap(windowsBuild).first { return full }
        for (index, word) in clean.enumerated() {
            let previous = index > 0 ? clean[index - 1].lowercased() : ""
            let parenthesised = words[index].hasPrefix("(")
            guard previous == "build" || parenthesised, let build = buildNumber(word) else { continue }
            return "10.0.\(build)"
        }
        let lowered = clean.map { $0.lowercased() }
        guard let windows = lowered.firstIndex(of: "windows"), windows + 1 < lowered.count else { return nil }
        let table = lowered[windows + 1] == "11" ? windows11Releases : lowered[windows + 1] == "10" ? windows10Releases : [:]
        for word in lowered[(windows + 1)...] {
            if let build = table[word] { return "10.0.\(build)" }
        }
        return nil
    }

    static let windows11Releases: [String: Int] = ["21h2": 22000, "22h2": 22621, "23h2": 22631, "24h2": 26100, "25h2": 26200]
    static let windows10Releases: [String: Int] = ["2004": 19041, "20h2": 19042, "21h1": 19043, "21h2": 19044, "22h2": 19045]

    /// `10.0.22631.4460` (the four numbers `ver` prints) or, in a field's value, `10.0.26200` (the build at least
    /// 10240): itself. Prose outside a labelled field is never read for it.
    static func windowsBuild(_ word: String) -> String? {
        guard word.hasPrefix("10.0."), let version = VersionNumber(word), version.description == word,
              (3...4).contains(version.components.count), version.components[2] >= 10240 else { return nil }
        return word
    }

    /// `19045.6466` or `26200`: a Windows build (five digits, 10240 and later) with an optional revision.
    static func buildNumber(_ word: String) -> String? {
        let parts = word.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              parts[0].count == 5, let build = Int(parts[0]), build >= 10240 else { return nil }
        return word
    }

    /// WSL's kernel package version as `wsl --version` prints it: four numbers and a `-N` build (`5.15.167.4-1`).
    static func isWslKernelVersion(_ word: String) -> Bool {
        let base = word.split(separator: "-", maxSplits: 1).first.map(String.init) ?? word
        guard let version = VersionNumber(base), version.description == base else { return false }
        return version.components.count == 4
    }

    /// A distribution kernel's release (`6.8.0-45-generic`, `6.1.0-18-amd64`): three numbers, a dash, a letter after.
    static func isDistributionRelease(_ word: String) -> Bool {
        guard TriageShapes.isRelease(word), let dash = word.firstIndex(of: "-") else { return false }
        let base = String(word[..<dash])
        return VersionNumber(base)?.components.count == 3 && word[dash...].contains(where: \.isLetter)
    }

    /// Lower case, markdown (`*`, `_`, backticks) removed, one blank between words.
    static func normalised(_ text: String) -> String {
        text.filter { $0 != "*" && $0 != "`" && $0 != "_" }.lowercased().split(separator: " ").joined(separator: " ")
    }

    /// The value without the markdown around it (`** WSL2 Ubuntu`, `` `v24.14.0` ``).
    static func unwrapped(_ text: String) -> String {
        text.filter { $0 != "`" }.split(separator: " ").joined(separator: " ").trimming(charactersIn: "*_ ")
    }

    /// A word without brackets, quotes and trailing punctuation around it.
    static func stripped(_ word: String) -> String {
        word.trimming(charactersIn: "()[]\"'`*,;.")
    }
}
