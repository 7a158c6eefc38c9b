// Fuzz target `wsllist`: bytes as `wsl.exe -l -v`, plain `wsl -l` and `wsl --status` print them (UTF-16LE, UTF-8,
// NULs kept or not) through WslDistributionList, WslListNames and WslStatusInfo, then the classifier over a capture
// holding them. Every name `wsl -l` yields is a distribution name on its line (a default one carries a mark of WSL's);
// a capture of names alone never makes a WSL1 or WSL2 verdict. Every row must be
// a row of the text (its name on its line, version 1 or 2), every status value on its line; NULs and carriage
// returns are dropped before reading (as the parsers do: a lone CR is noise in a line, not a line end).
import NetProbe

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let raw = fuzzText(data, size)
    let decoded = WindowsText.decode(fuzzBytes(data, size))
    for text in [raw, decoded] {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map(String.init)
        for row in WslDistributionList.parse(text) {
            fuzzRequire(row.line >= 1 && row.line <= lines.count, "row line \(row.line) of \(lines.count)")
            let line = String(String.UnicodeScalarView(lines[row.line - 1].unicodeScalars.filter { $0.value != 0 && $0 != "\r" }))
            fuzzRequire(line.contains(row.name) && !row.name.isEmpty, "row name \(row.name) not on its line")
            fuzzRequire(row.version == 1 || row.version == 2, "version \(row.version)")
            // The state's words are the line's (joined by one blank whatever the gap was).
            fuzzRequire(!row.state.isEmpty && row.state.split(separator: " ").allSatisfy { line.contains($0) }, "state \(row.state) not on its line")
            fuzzRequire(!row.isDefault || line.contains("*"), "default without *")
        }
        for name in WslListNames.parse(text) {
            fuzzRequire(name.line >= 1 && name.line <= lines.count, "name line \(name.line) of \(lines.count)")
            let line = String(String.UnicodeScalarView(lines[name.line - 1].unicodeScalars.filter { $0.value != 0 && $0 != "\r" }))
            fuzzRequire(!name.name.isEmpty && line.contains(name.name), "name \(name.name) not on its line")
            fuzzRequire(name.isDefault == (WslListNames.defaultName(line) != nil), "default mark of \(name.name)")
        }
        if let status = WslStatusInfo.parse(text) {
            fuzzRequire(status.defaultDistribution != nil || status.defaultVersion != nil, "empty status")
            if let version = status.defaultVersion { fuzzRequire(version == 1 || version == 2, "default version \(version)") }
            if let line = status.versionLine { fuzzRequire(line >= 1 && line <= lines.count, "version line \(line)") }
            if let name = status.defaultDistribution, let line = status.distributionLine {
                let text = line >= 1 && line <= lines.count
                    ? String(String.UnicodeScalarView(lines[line - 1].unicodeScalars.filter { $0.value != 0 && $0 != "\r" })) : ""
                fuzzRequire(text.contains(name), "distribution \(name) not on line \(line)")
            }
        }
    }
    let capture = "# openclaw-capture v1\n### wsl-list\n" + decoded.split(separator: "\n").joined(separator: "\n")
        + "\n### wsl-status\n" + decoded.split(separator: "\n").joined(separator: "\n") + "\n"
    let facts = CaptureReader.parse(text: capture, file: "fuzz")
    let verdict = Classifier.classify(facts)
    // `wsl -l` names alone (no VERSION row, no status) never say WSL1 or WSL2.
    if WslDistributionList.parse(decoded).isEmpty, WslStatusInfo.parse(decoded) == nil, !WslListNames.parse(decoded).isEmpty {
        let names = CaptureReader.parse(text: "# openclaw-capture v1\n### wsl-list\n" + decoded.split(separator: "\n").joined(separator: "\n") + "\n", file: "fuzz")
        let kind = Classifier.classify(names).kind
        fuzzRequire(kind != .wsl1 && kind != .wsl2, "names alone made \(kind)")
    }
    // wsl.exe alone never makes a native verdict, nor a container one.
    fuzzRequire(verdict.kind != .native && verdict.kind != .container, "verdict \(verdict.kind) from wsl.exe alone")
    return 0
}
