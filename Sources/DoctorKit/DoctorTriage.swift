import NetProbe

extension Doctor {
    /// The report on a PASTED report (`openclaw-doctor triage`): the checks that need no live machine, run on the
    /// facts the paste gave (`reading`, from `IssueReportReader`), planned for `port` (else 18789) with nothing of
    /// this machine (`DoctorConfiguration.triage`), with its triage part: the blocks read and left out, and what
    /// would decide it, judged on the facts as shown (redaction keeps every verdict); each other person's machine of a
    /// thread gets its own verdict and the same checks on its own facts. `input`: the file name or `-`;
    /// `captureOut`: where the derived capture was written, if anywhere. Pure.
    public static func triage(_ reading: IssueReportReader.Reading, input: String, port: UInt16?, redactor: Redactor?,
                              captureOut: String?) -> DoctorReport {
        var report = Doctor.report(facts: reading.facts, configuration: .triage(port: port),
                                   live: LiveObservations.none("triage of a pasted report"), redactor: redactor)
        let shown = redactor.map { $0.redact(reading.facts) } ?? reading.facts
        var part = TriagePart(input: input, blocks: reading.blocks,
                              wouldDecide: DecidingFacts.missing(shown, verdict: report.environment, port: port.map(Int.init),
                                                                 refusedBinds: reading.refusedBinds),
                              captureOut: captureOut, refusedBinds: reading.refusedBinds)
        part.commentsOnly = reading.commentsOnly
        // Each other person's machine of the thread: judged on its own facts alone, through the same report and the
        // same checks (masked, redacted, bounded as the reporter's are); the checks that could run are kept.
        part.otherMachines = reading.others.map { other in
            let theirs = Doctor.report(facts: other.facts, configuration: .triage(port: port),
                                       live: LiveObservations.none("triage of a pasted report"), redactor: redactor)
            let comments = other.parts.map { [$0.headerLine ?? $0.firstLine, max($0.lastLine, $0.headerLine ?? $0.firstLine)] }
            return TriagePart.OtherMachine(author: other.author, comments: comments, environment: theirs.environment,
                                           blocks: other.blocks, checks: theirs.checks)
        }
        if let redactor { part = part.scrubbed(by: redactor) }
        report.triage = part.shown()
        return report
    }
}

/// The triage exit code: 0 for a verdict of medium or high confidence, 1 otherwise (unknown, low, nothing read).
public enum TriageExit {
    public static func code(report: DoctorReport) -> Int32 {
        let verdict = report.environment
        let used = report.triage?.blocks.contains { $0.section != nil } ?? false
        return verdict.kind != .unknown && verdict.confidence != .low && used ? 0 : 1
    }
}
