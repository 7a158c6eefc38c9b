/// The Windows sections of a capture (`windows-netstat`, `windows-tasklist`, `windows-excludedportrange`,
/// `windows-dynamicportrange`, `wsl-version`, `wsl-conf`, `wsl-list`, `wsl-status`, `windows-ipconfig`): raw tool output as printed, decoded to UTF-8.
///
/// Reading: a section's text (CRLF or LF) becomes the run's output with an unknown exit status; an absent section
/// stays `nil` (unknown). Writing: a run that answered becomes its section; a run that did not (time-out, exec
/// failure, non-zero exit) is written as a comment line only, so a replay treats it as unknown, not as "nothing".
enum WindowsCapture {
    static func add(_ section: FactSection, text: String, to facts: inout MachineFacts) {
        var windows = facts.windows ?? WindowsFacts()
        let run = WindowsToolRun(output: WindowsText.normalise(text))
        switch section {
        case .windowsNetstat: windows.netstat = run
        case .windowsTasklist: windows.tasklist = run
        case .windowsExcludedPortRange: windows.excludedPortRange = run
        case .windowsDynamicPortRange: windows.dynamicPortRange = run
        case .wslVersion: windows.wslVersion = run
        case .wslList: windows.wslList = run
        case .wslStatus: windows.wslStatus = run
        case .windowsIpconfig: windows.ipconfig = run
        case .wslConf: windows.wslConf = text
        default: return
        }
        facts.windows = windows
    }

    /// Comment lines for runs that did not answer (written before the first section).
    static func comments(_ windows: WindowsFacts?) -> String {
        guard let windows else { return "" }
        var out = ""
        if let reason = windows.notRunReason { out += "# windows tools not run: \(oneLine(reason))\n" }
        for (section, run) in windows.runs {
            if let run, !run.answered, let problem = run.problem { out += "# \(section.rawValue): \(oneLine(problem))\n" }
        }
        return out
    }

    /// The sections, in `FactSection` order.
    static func sections(_ windows: WindowsFacts?) -> String {
        guard let windows else { return "" }
        var out = ""
        func text(_ section: FactSection, _ value: String?) {
            guard let value else { return }
            out += "### \(section.rawValue)\n"
            out += TextLines.pieces(value).map(SectionEscaping.escape).joined(separator: "\n")
            out += "\n"
        }
        for (section, run) in windows.runs where run?.answered == true { text(section, run?.output) }
        text(.wslConf, windows.wslConf)
        return out
    }

    private static func oneLine(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : $0 }))
    }
}
