import NetProbe

/// The doctor's pure core: from facts, configuration and live observations to a report.
public enum Doctor {
    /// Classifies, plans, runs the selected checks, and assembles the report. Pure.
    ///
    /// Everything is derived from the facts as read, so `--redact` never changes a verdict, a plan or a status.
    /// Then every string of the report (evidence, check titles, details, fixes, data, the plan, warnings, the
    /// source) has its secrets masked (always: a doctor never prints a token or password) and, with a
    /// `redactor`, is redacted exactly once by ONE mapping: the redactor first learns the users and hosts that
    /// any of those strings names by context (a prompt in a warning, a home directory in a port holder's command
    /// line), so the same input becomes the same token everywhere in the report. Last, every string is cut to
    /// `TextExcerpt.maxBytes` (a huge input line is quoted by its start and its length).
    public static func report(
        facts: MachineFacts, configuration: DoctorConfiguration, live: LiveObservations,
        selection: CheckSelection = CheckSelection(), redactor: Redactor? = nil, version: String = NetProbeVersion.string
    ) -> DoctorReport {
        let verdict = Classifier.classify(facts)
        let inputs = DoctorInputs(facts: facts, verdict: verdict, configuration: configuration, live: live)
        let checks = CheckRunner.run(DoctorChecks.all, inputs: inputs, selection: selection)
        let plan: JSONValue
        switch inputs.plan {
        case .success(let p): plan = JSONValue(encoding: p)
        case .failure(let refusal): plan = ["refused": .string(refusal.message), "fix": .string(refusal.fix)]
        }
        let source: String
        switch facts.origin {
        case .live: source = "live"
        case .capture(let path): source = path
        }
        var parts = ReportText(
            source: source, environment: verdict, plan: plan, checks: checks, warnings: facts.warnings.map(\.description))
        parts = parts.maskingSecrets()
        if let redactor {
            let mapping = redactor.learning(from: parts.strings)
            parts = parts.mapped(mapping.scrub)
        }
        // Last, so masking and redaction see every string whole: no report string quotes more than 1 KiB of input.
        parts = parts.mapped { TextExcerpt.bounded($0) }
        return DoctorReport(
            version: version, port: Int(configuration.port), source: parts.source, environment: parts.environment,
            plan: parts.plan, checks: parts.checks, warnings: parts.warnings, redacted: redactor != nil || facts.redacted)
    }
}
