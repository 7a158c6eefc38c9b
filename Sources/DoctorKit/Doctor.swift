import NetProbe

/// The doctor's pure core: from facts, configuration and live observations to a report.
public enum Doctor {
    /// Classifies, plans, runs the selected checks, and assembles the report. Pure.
    ///
    /// With a `redactor`, the facts are redacted BEFORE anything is derived from them (so the verdict is
    /// computed on what is shown), and every string the live observations add is scrubbed after.
    public static func report(
        facts: MachineFacts, configuration: DoctorConfiguration, live: LiveObservations,
        selection: CheckSelection = CheckSelection(), redactor: Redactor? = nil, version: String = NetProbeVersion.string
    ) -> DoctorReport {
        let shown = redactor.map { $0.redact(facts) } ?? facts
        let verdict = Classifier.classify(shown)
        let inputs = DoctorInputs(facts: shown, verdict: verdict, configuration: configuration, live: live)
        var checks = CheckRunner.run(DoctorChecks.all, inputs: inputs, selection: selection)
        if let redactor { checks = checks.map { $0.scrubbed(by: redactor) } }
        let plan: JSONValue
        switch inputs.plan {
        case .success(let p): plan = .from(p)
        case .failure(let refusal): plan = ["refused": .string(refusal.message)]
        }
        let source: String
        switch shown.origin {
        case .live: source = "live"
        case .capture(let path): source = path
        }
        return DoctorReport(
            version: version, port: Int(configuration.port), source: source, environment: verdict,
            plan: redactor.map { plan.scrubbed(by: $0) } ?? plan, checks: checks,
            warnings: shown.warnings.map(\.description), redacted: redactor != nil)
    }
}

extension CheckResult {
    func scrubbed(by r: Redactor) -> CheckResult {
        var c = self
        c.title = r.scrub(title)
        c.detail = detail.map(r.scrub)
        c.fix = fix.map(r.scrub)
        c.path = path.map(r.scrub)
        c.data = data.scrubbed(by: r)
        return c
    }
}

extension JSONValue {
    func scrubbed(by r: Redactor) -> JSONValue {
        switch self {
        case .string(let s): return .string(r.scrub(s))
        case .array(let a): return .array(a.map { $0.scrubbed(by: r) })
        case .object(let o): return .object(o.mapValues { $0.scrubbed(by: r) })
        default: return self
        }
    }
}
