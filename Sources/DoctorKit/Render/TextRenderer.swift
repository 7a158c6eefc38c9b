import NetProbe

/// Renders a report for a person: a header line, one line per check with a marker, details and
/// fixes indented, and a summary line. Colour only when asked for (a terminal without `NO_COLOR`).
public struct TextRenderer: Sendable {
    public var verbose: Bool
    public var colour: Bool

    public init(verbose: Bool = false, colour: Bool = false) {
        self.verbose = verbose
        self.colour = colour
    }

    /// Whether to colour: only on a terminal, and never when `NO_COLOR` is set to a non-empty value
    /// (https://no-color.org) or `TERM=dumb`.
    public static func shouldColour(isTerminal: Bool, environment: [String: String]) -> Bool {
        guard isTerminal else { return false }
        if let noColour = environment["NO_COLOR"], !noColour.isEmpty { return false }
        return environment["TERM"] != "dumb"
    }

    public func render(_ report: DoctorReport) -> String {
        let report = TerminalText.escaped(report)
        var out: [String] = []
        let source = report.source == "live" ? "" : " [\(report.triage == nil ? "snapshot" : "pasted report") \(report.source)]"
        out.append("openclaw-doctor \(report.version): \(report.environment.summary), port \(report.port)\(source)")
        if report.redacted { out.append("  (redacted: addresses, MACs, host and user names replaced by tokens)") }
        // The evidence is env.classification's detail; under the header only when that check did not run.
        let classified = report.checks.contains { $0.id == "env.classification" && $0.status != .skip }
        if (verbose || report.environment.kind == .unknown) && !classified {
            for e in report.environment.evidence {
                out.append("    evidence \(e.stance.rawValue) \(e.claim): \(e.signal) = \(e.observed)  (\(e.source))")
            }
        }
        for w in report.warnings { out.append("  warning: \(w)") }
        for check in report.checks {
            out.append("\(paint(check.status)) \(check.id): \(check.title)")
            let lines = verbose ? check.detail : Array(check.detail.prefix(check.status == .ok ? 0 : 6))
            for line in lines { out.append("    \(line)") }
            if !verbose, check.status != .ok, check.detail.count > lines.count {
                out.append("    … \(check.detail.count - lines.count) more (use -v)")
            }
            if let fix = check.fix, check.status != .ok { out.append("    fix: \(fix)") }
        }
        out.append(summary(report))
        return out.joined(separator: "\n") + "\n"
    }

    private func summary(_ report: DoctorReport) -> String {
        let warns = report.checks.filter { $0.status == .warn }.count
        let fails = report.checks.filter { $0.status == .fail }.count
        let verdict = report.ok ? "No problems found" : "Doctor found problems"
        return "\(verdict): \(Self.count(report.checksRun, "check")) run, \(report.checksSkipped) skipped, "
            + "\(Self.count(warns, "warning")), \(Self.count(fails, "failure"))."
    }

    /// "1 check", "2 checks", "0 checks".
    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

    private func paint(_ status: CheckStatus) -> String {
        guard colour else { return status.marker }
        let code: String
        switch status {
        case .ok: code = "32"
        case .info: code = "36"
        case .warn: code = "33"
        case .fail: code = "31"
        case .skip: code = "90"
        }
        return "\u{1B}[\(code)m\(status.marker)\u{1B}[0m"
    }
}
