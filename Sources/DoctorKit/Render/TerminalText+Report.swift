import NetProbe

extension TerminalText {
    /// The report with every string escaped (`TerminalText.escaped`), ids and statuses untouched.
    static func escaped(_ report: DoctorReport) -> DoctorReport {
        let parts = ReportText(source: report.source, environment: report.environment, plan: report.plan,
                               checks: report.checks, warnings: report.warnings).mapped(escaped)
        var copy = DoctorReport(version: report.version, port: report.port, source: parts.source,
                                environment: parts.environment, plan: parts.plan, checks: parts.checks,
                                warnings: parts.warnings, redacted: report.redacted)
        copy.triage = report.triage  // its text form escapes itself (`TriagePart.renderText`)
        return copy
    }
}
