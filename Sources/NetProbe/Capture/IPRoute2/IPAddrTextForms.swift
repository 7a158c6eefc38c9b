/// Chooses the parser for the text of an `ip-addr` / `ip-link` section by the shape of the output: `ifconfig`
/// (net-tools, both forms), `ip -br addr` / `ip -br link`, or `ip addr` / `ip link` (also `ip -4 a`, `ip -6 a`,
/// `ip -o`). Pure. The same facts in any of these forms give the same links and addresses (as far as the form
/// shows them: `ifconfig` prints no interface index, `ip -br` no MTU).
enum IPAddrTextForms {
    enum Form: Equatable {
        case ip
        case ifconfig
        case brief
    }

    static func parse(_ items: [IPTextItem], diagnostics: inout SectionDiagnostics) -> IPAddrParse {
        switch detect(items) {
        case .ip: return IPAddrTextParser.parse(items, diagnostics: &diagnostics)
        case .ifconfig: return IfconfigTextParser.parse(items, diagnostics: &diagnostics)
        case .brief: return IPBriefTextParser.parse(items, diagnostics: &diagnostics)
        }
    }

    /// `ifconfig` when any line is an ifconfig interface header; `brief` when every line that is not a prompt
    /// is an `ip -br` line; `ip` otherwise.
    static func detect(_ items: [IPTextItem]) -> Form {
        var briefLines = 0
        var otherLines = 0
        for item in items {
            if IfconfigTextParser.isHeader(item.words) { return .ifconfig }
            if PastedCommand.recognise(item.words) != nil && !IPAddrTextParser.startsRecord(item.words, 0) { continue }
            if IPBriefTextParser.isBriefLine(item.words) { briefLines += 1 } else { otherLines += 1 }
        }
        return briefLines > 0 && otherLines == 0 ? .brief : .ip
    }
}
