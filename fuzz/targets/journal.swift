// Fuzz target `journal`: the supervisor's record as the capture holds it and as the live tools print it:
// the `journal` and `systemd-show` sections (JSON lines) must name lines of the text and survive a write and a
// re-read unchanged; `journalctl -o json` and `systemctl show` output must parse; `SecretMasking` must remove a
// secret planted after any text; a bug report's last snapshot must start on a line of the file.
@testable import NetProbe

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = fuzzText(data, size)
    let lines = TextLines.split(text)
    let count = fuzzLineCount(text)

    var diagnostics = SectionDiagnostics(file: "fuzz", section: "journal")
    let queries = SupervisorSections.parseJournalSection(lines, diagnostics: &diagnostics)
    var showDiagnostics = SectionDiagnostics(file: "fuzz", section: "systemd-show")
    let states = SupervisorSections.parseShowSection(lines, diagnostics: &showDiagnostics)
    for warning in diagnostics.warnings + showDiagnostics.warnings {
        if let line = warning.line { fuzzRequire(line >= 1 && line <= count, "warning line \(line) outside 1...\(count)") }
    }
    // Round trip: what the writer writes reads back as the same values.
    var again = SectionDiagnostics(file: "fuzz", section: "journal")
    let rewritten = SupervisorSections.writeJournalSection(queries).joined(separator: "\n")
    let reread = SupervisorSections.parseJournalSection(TextLines.split(rewritten), diagnostics: &again)
    fuzzRequire(reread == queries, "journal section changed on write + read")
    fuzzRequire(again.warnings.isEmpty, "the written journal section raised warnings: \(again.warnings)")
    var showAgain = SectionDiagnostics(file: "fuzz", section: "systemd-show")
    let shown = SupervisorSections.writeShowSection(states).joined(separator: "\n")
    fuzzRequire(SupervisorSections.parseShowSection(TextLines.split(shown), diagnostics: &showAgain) == states,
                "systemd-show section changed on write + read")

    _ = SupervisorSections.parseJournalOutput(text)
    _ = SupervisorSections.parseShowOutput(text)

    for planted in ["\n--token SECRETXYZ1\n", "\nOPENCLAW_GATEWAY_TOKEN=SECRETXYZ1\n", "\nAuthorization: Bearer SECRETXYZ1\n"] {
        let masked = SecretMasking.mask(text + planted)
        fuzzRequire(!masked.contains("SECRETXYZ1"), "secret survived masking after \(text.debugDescription)")
    }

    if let snapshot = BugReportFormat.lastSnapshot(text) {
        fuzzRequire(snapshot.firstLine >= 1 && snapshot.firstLine <= count + 1, "snapshot starts on line \(snapshot.firstLine)")
    }
    return 0
}
