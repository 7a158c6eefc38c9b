import NetProbe

/// Report text as a terminal may show it: control characters from the input (ESC of an escape sequence, BEL, CR,
/// the C1 controls) written as `\x1B`-style escapes, so a hostile capture or paste cannot move the cursor, clear the
/// screen or set the window title. Line feeds and tabs stay. JSON needs none of this: its encoder escapes them.
enum TerminalText {
    /// `text` with every control character but `\n` and `\t` escaped. Pure.
    static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isControl(scalar) {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out.append(contentsOf: ("\\x" + (hex.count == 1 ? "0" + hex : hex)).unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// The report with every string escaped, ids and statuses untouched.
    static func escaped(_ report: DoctorReport) -> DoctorReport {
        let parts = ReportText(source: report.source, environment: report.environment, plan: report.plan,
                               checks: report.checks, warnings: report.warnings).mapped(escaped)
        var copy = DoctorReport(version: report.version, port: report.port, source: parts.source,
                                environment: parts.environment, plan: parts.plan, checks: parts.checks,
                                warnings: parts.warnings, redacted: report.redacted)
        copy.triage = report.triage  // its text form escapes itself (`TriagePart.renderText`)
        return copy
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A, 0x09: return false
        case 0x00...0x1F, 0x7F...0x9F: return true
        default: return false
        }
    }
}
