/// Writes `MachineFacts` as a capture (format version 1, single-file form) that `CaptureReader` reads back.
///
/// Every known (non-`nil`) field becomes a section, in `FactSection` order; unknown fields are left out, so
/// absence keeps meaning "unknown". `ip-*` sections are written as `ip -j`-compatible JSON (one array per
/// section, one object per line), `paths` and `paths-checked` one path a line, `sysctl` as sorted
/// `key = value`, `env` as sorted `KEY=VALUE`. Text sections are verbatim, except that a line starting with
/// `###` gets one leading `\` (see `SectionEscaping`). `CaptureReader.parse(text: write(f), file:)` equals `f`
/// in every field but `origin` and `warnings`, given what the format can hold: `wslinfo`'s exit status and
/// time-out and `.wslconfig`'s original path go into comment lines only; `env` values and sysctl lines cannot
/// hold line breaks, and sysctl values and paths are trimmed; `\r\n` in a text is a line end (it reads back as
/// `\n`, see `CaptureTextDecoding`), as is a `\r` that ends a text.
///
/// Redaction seam: the writer writes exactly the facts it is given. Redacting a capture (user and host
/// names, addresses, MACs) is a separate pure `MachineFacts -> MachineFacts` function applied BEFORE
/// `write`, so that what is shown, tested and shared is one value and the writer stays a plain serializer.
public enum CaptureWriter {
    public static func write(_ facts: MachineFacts) -> String {
        var out = "# openclaw-capture v1\n"
        out += "# written by openclaw-netprobe \(NetProbeVersion.string) from \(comment(originText(facts.origin))); absent sections are unknown\n"
        if facts.redacted { out += CaptureRedactionMark.line + "\n" }
        if let wslinfo = facts.wslinfo {
            if wslinfo.timedOut { out += "# wslinfo timed out\n" }
            if let status = wslinfo.exitStatus { out += "# wslinfo exit status \(status)\n" }
        }
        if let wslconfig = facts.wslconfig { out += "# wslconfig read from \(comment(wslconfig.path))\n" }
        out += WindowsCapture.comments(facts.windows)

        func text(_ section: FactSection, _ value: String?) {
            guard let value else { return }
            out += "### \(section.rawValue)\n"
            out += TextLines.pieces(value).map(SectionEscaping.escape).joined(separator: "\n")
            out += "\n"
        }
        func lines(_ section: FactSection, _ values: [String]) {
            out += "### \(section.rawValue)\n"
            for value in values { out += SectionEscaping.escape(value) + "\n" }
        }
        func json(_ section: FactSection, _ values: [JSONNode]?) {
            guard let values else { return }
            out += "### \(section.rawValue)\n"
            if values.isEmpty {
                out += "[]\n"
            } else {
                out += "[\n" + values.map(\.jsonText).joined(separator: ",\n") + "\n]\n"
            }
        }

        text(.procVersion, facts.procVersion)
        text(.osRelease, facts.osRelease)
        if let environment = facts.environment {
            lines(.env, environment.keys.sorted().map { "\($0)=\(environment[$0] ?? "")" })
        }
        if !facts.paths.existing.isEmpty || facts.paths.checked != nil {
            lines(.paths, facts.paths.existing.sorted())
        }
        if let checked = facts.paths.checked { lines(.pathsChecked, checked.sorted()) }
        text(.wslInterop, facts.wslInterop)
        text(.container, facts.containerManager)
        text(.cgroup, facts.cgroup)
        text(.mountinfo, facts.mountinfo)
        json(.ipLink, facts.links?.map(IPJSONEncoding.link))
        json(.ipAddr, facts.addresses.map(IPJSONEncoding.addressEntries))
        json(.ipRoute, facts.routes?.map(IPJSONEncoding.route))
        json(.ipRule, facts.rules?.map { IPJSONEncoding.rule($0, sectionFamily: .inet) })
        json(.ipRule6, facts.rules6?.map { IPJSONEncoding.rule($0, sectionFamily: .inet6) })
        json(.ipNeigh, facts.neighbours?.map(IPJSONEncoding.neighbour))
        text(.resolvConf, facts.resolvConf)
        text(.hosts, facts.hosts)
        if let sysctls = facts.sysctls {
            lines(.sysctl, sysctls.keys.sorted().map { "\($0) = \(sysctls[$0] ?? "")" })
        }
        text(.wslinfo, facts.wslinfo?.output)
        text(.wslconfig, facts.wslconfig?.text)
        text(.procNetTCP, facts.procNetTCP)
        text(.procNetTCP6, facts.procNetTCP6)
        text(.listeners, facts.listeners)
        text(.reach, facts.reach)
        out += WindowsCapture.sections(facts.windows)
        text(.wslMessages, facts.wslMessages)
        text(.wslForm, facts.wslForm)
        if let states = facts.systemdShow { lines(.systemdShow, SupervisorSections.writeShowSection(states)) }
        if let queries = facts.journal { lines(.journal, SupervisorSections.writeJournalSection(queries)) }
        return out
    }

    private static func originText(_ origin: FactsOrigin) -> String {
        switch origin {
        case .live: return "this machine"
        case .capture(let path): return "capture \(path)"
        }
    }

    /// Text made safe for a single comment line (control characters become `?`).
    private static func comment(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : $0 }))
    }
}
