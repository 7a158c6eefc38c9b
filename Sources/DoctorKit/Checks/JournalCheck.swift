import FoundationEssentials
import NetProbe

/// `supervisor.journal`: what systemd recorded about the gateway unit (restarts, exit statuses, the last error,
/// known signatures), read from the facts' `systemd-show` and `journal` (live or a capture), correlated with the
/// environment verdict.
///
/// Pasted log lines (a `tail` of a gateway log, `openclaw logs`, bare gateway lines: `JournalSource.logLines`) are read
/// with the same signatures and named as log lines, never as journal entries (`journalEntries` and `logLines` in
/// `data`; `entries` is both).
///
/// skip: not read (a capture without those sections), or every query skipped (no systemd, no journal, no
/// permission: the reasons are listed); ok: no restarts and no error lines in the window (or no gateway unit and
/// no entries); info: errors or restarts in the window, but the unit runs now and did not loop, or a healthy
/// gateway already held the port (upstream's or our exit 78); warn: an error or a restart without a loop, or
/// the unit is failed; fail: a restart loop (three or more restarts in the window, the start limit hit, or a unit
/// in auto-restart with NRestarts >= 3).
enum JournalCheck {
    static let id = "supervisor.journal"

    static let check = DoctorCheck(
        id: id, summary: "What systemd recorded about the gateway unit: restarts, exit statuses, the last error, known signatures"
    ) { inputs in evaluate(inputs) }

    static func evaluate(_ inputs: DoctorInputs) -> CheckResult {
        let facts = inputs.facts
        guard facts.systemdShow != nil || facts.journal != nil else {
            let why = facts.origin.isLive ? "the supervisor's record was not read" : "the capture has no systemd-show or journal section"
            return CheckResult(id: id, status: .skip, title: why, data: ["reason": .string(why)])
        }
        var a = JournalAnalysis.analyze(show: facts.systemdShow, journal: facts.journal)
        // A pasted capture may hold secrets: never print one.
        a.lastError = a.lastError.map { (SecretMasking.mask($0.message), $0.microseconds, $0.pid) }
        guard a.readAnything else {
            let reason = a.skipped.first ?? "nothing was read"
            return CheckResult(id: id, status: .skip, title: "the supervisor's record could not be read: \(reason)",
                               detail: a.skipped, data: ["reason": .string(reason), "skipped": .array(a.skipped.map { .string($0) })])
        }
        var data: [String: JSONValue] = [
            "units": .array(a.loadedUnits.map { .string($0) }),
            "entries": .number(Double(a.entryCount)),
            "journalEntries": .number(Double(a.journalEntryCount)),
            "logLines": .number(Double(a.logLineCount)),
            "restartsInWindow": .number(Double(a.restartsInWindow)),
            "restartCounter": a.restartCounter.map { .number(Double($0)) } ?? .null,
            "restartsPerHour": a.restartsPerHour.map { .number(($0 * 10).rounded() / 10) } ?? .null,
            "exitStatuses": .object(Dictionary(uniqueKeysWithValues: a.exitStatuses.map { (String($0.key), JSONValue.number(Double($0.value))) })),
            "signatures": .array(JournalSignature.allCases.filter { a.signatures[$0] != nil }.map { .string($0.rawValue) }),
            "lastError": a.lastError.map { .string($0.message) } ?? .null,
            "startLimitHit": .bool(a.startLimitHit),
            "truncated": .bool(a.truncated),
            "skipped": .array(a.skipped.map { .string($0) }),
            "issue": .null,
        ]
        let errors = a.signatures.keys.filter(\.isError)
        if a.entryCount == 0 && a.loadedUnits.isEmpty {
            // "No unit known to systemd" only when systemd was asked: a unit state that was not read is not "none".
            let title = a.states.contains { $0.skipped == nil }
                ? "no gateway unit known to systemd and no journal entries for one"
                : "no journal entries for the gateway unit; systemd's unit state was not read"
            return CheckResult(id: id, status: .ok, title: title, detail: a.skipped, data: .object(data))
        }
        var detail: [String] = []
        // Pasted gateway lines name no unit (a foreground run, a Windows gateway): "the gateway", not a unit.
        let unitNamed = !a.states.isEmpty || (facts.journal ?? []).contains { $0.unit != nil }
        let unitText = a.loadedUnits.isEmpty ? (unitNamed ? "the gateway unit" : "the gateway (no unit named)") : a.loadedUnits.map { $0.split(separator: " ").last.map(String.init) ?? $0 }.joined(separator: ", ")
        // Pasted log lines (a `tail` of a log file, `openclaw logs`) are not journald's records: named as what they are.
        let logLinesOnly = a.logLineCount > 0 && a.journalEntryCount == 0
        if a.restartsInWindow > 0 || (a.restartCounter ?? 0) > 0 {
            var line = "restarts: \(a.restartsInWindow) \(logLinesOnly ? "in the pasted log lines" : "in the journal window")"
            if let rate = a.restartsPerHour { line += " (\(FixedPoint.text(rate, decimals: 1)) per hour)" }
            if let n = a.restartCounter { line += "; restart counter \(n)" }
            detail.append(line)
        }
        if !a.exitStatuses.isEmpty {
            detail.append("exit statuses: " + a.exitStatuses.keys.sorted().map { "\($0) (\(exitName($0))) x\(a.exitStatuses[$0] ?? 0)" }.joined(separator: ", "))
        }
        if let e = a.lastError {
            let when = e.microseconds.map { " at " + timestamp($0) } ?? ""
            detail.append("last error\(when)\(e.pid.map { " (pid \($0))" } ?? ""): \(e.message)")
        }
        for signature in JournalSignature.allCases {
            guard let s = a.signatures[signature] else { continue }
            detail.append("seen \(s.count)x [\(signature.rawValue)]: \(signature.meaning)")
        }
        for state in a.states where state.skipped == nil && state.isLoaded == true {
            let p = state.properties
            detail.append("systemctl \(state.scope == .user ? "--user " : "")show \(state.unit): ActiveState=\(p["ActiveState"] ?? "?") SubState=\(p["SubState"] ?? "?") Result=\(p["Result"] ?? "?") ExecMainStatus=\(p["ExecMainStatus"] ?? "?") NRestarts=\(p["NRestarts"] ?? "?")")
        }
        if a.truncated { detail.append("the journal output was cut at its bounds: older entries are not included") }
        detail += a.skipped.map { "not read: \($0)" }

        // Correlation with the environment.
        var fix: String?
        // Upstream's self-probe of ws://127.0.0.1 goes through Windows where the view says 127.0.0.1 is routed there
        // (mirrored, virtioproxy), and may on a WSL2 whose mode is unknown.
        let routed = inputs.environment.loopback.routedThroughWindows(host: "127.0.0.1")
        let mirroredLike = inputs.environment.wsl2.applies && routed != false
        let upstreamClash = a.signatures[.upstreamAlreadyListening] != nil || a.signatures[.upstreamLockTimeout] != nil
        if upstreamClash && mirroredLike && a.signatures[.portHolder] == nil {
            data["issue"] = "53877"
            let mode = routed == true ? (inputs.verdict.wslNetworkingMode ?? .mirrored).rawValue : "unknown-mode (possibly mirrored)"
            // The crossing's own context ("under WSL2 virtioproxy networking"), never "mirrored" for another mode.
            let context = routed == true ? inputs.environment.loopback.context : "under mirrored networking"
            // First, so the text report (6 detail lines of a non-ok check) shows it.
            detail = [
                "This is upstream issue 53877 (WSL2 \(mode) networking): upstream's gateway probes ws://127.0.0.1:\(inputs.port) while starting;",
                "\(context) the probe goes through Windows and reaches the gateway's own half-started server (or a hang counts",
                "as a dead owner, any Windows listener as a live one), so it reports \"another gateway instance\" and exits; systemd restarts it: the loop.",
                inputs.environment.mirrored.answer == .no
                    // Routed through Windows, and not mirrored: virtioproxy.
                    ? "Do NOT switch to NAT networking (networkingMode=nat) to stop it: the instance check is at fault, not the networking mode."
                    : "Do NOT disable mirrored networking (networkingMode=nat) to stop it: that loses what mirrored gives (localhost both ways, LAN, IPv6, VPNs).",
            ] + detail
            fix = "run this toolkit's gateway, which uses a pidfile instance check where loopback goes through Windows (mirrored, virtioproxy): `openclaw gateway unit > ~/.config/systemd/user/openclaw-gateway.service && systemctl --user daemon-reload && systemctl --user restart openclaw-gateway`; or start it with `openclaw gateway run --instance-check pidfile`"
        } else if upstreamClash {
            if let holder = a.signatures[.portHolder], holder.captured.count >= 3 {
                detail.append("the gateway's diagnostics name the holder: pid \(holder.captured[0]) (\(holder.captured[1])): \(SecretMasking.mask(holder.captured[2]))")
            }
            detail.append("upstream says \"another gateway instance\" for any holder of the port; `gateway.port` (live) names the real one")
            // Where it is not known that this is Linux (a paste of a Windows gateway's lines), the holder may be a
            // Windows process: Windows' command too.
            let finder = inputs.environment.verdict.kind == .unknown
                ? "`ss -tlnp 'sport = :\(inputs.port)'` (Linux) or `netstat -ano | findstr :\(inputs.port)` (Windows)"
                : "`ss -tlnp 'sport = :\(inputs.port)'`"
            fix = "find the holder with \(finder) and stop it, or move the gateway to another port; `openclaw gateway status` tells a gateway from another program"
        } else if a.signatures[.refusingWithoutAuth] != nil {
            fix = "set a token (OPENCLAW_GATEWAY_TOKEN in an EnvironmentFile of the unit, or gateway.auth.token), or bind to loopback"
        } else if a.signatures[.ownPortHeld] != nil {
            fix = "stop the program named in the `Port ... is already in use` lines, or run the gateway with another --port"
        } else if a.startLimitHit {
            fix = "after fixing the cause: `systemctl --user reset-failed openclaw-gateway && systemctl --user start openclaw-gateway`"
        } else if (!a.exitStatuses.isEmpty || !errors.isEmpty) && logLinesOnly {
            fix = "the lines around the last error in the whole gateway log (`openclaw logs --limit 500`, or the log file these lines came from) show its cause"
        } else if !a.exitStatuses.isEmpty || !errors.isEmpty {
            fix = "`journalctl --user -u openclaw-gateway -n 100 --no-pager` shows the full messages around the last error"
        }

        let headline = a.lastError.map { ": \(shorten($0.message))" } ?? ""
        let healthyHolderOnly = errors.allSatisfy { $0 == .upstreamSupervisedHealthy || $0 == .ownAlreadyRunning }
        let status: CheckStatus
        let title: String
        if a.isLoop {
            status = .fail
            let rate = a.restartsPerHour.map { " (\(FixedPoint.text($0, decimals: 0)) per hour)" } ?? ""
            let count = max(a.restartsInWindow, a.restartCounter ?? 0)
            let issue = data["issue"] == "53877" ? " (upstream issue 53877)" : ""
            title = "\(unitText) is in a restart loop\(issue): \(count) restarts\(rate)\(a.startLimitHit ? ", start limit hit" : "")\(headline)"
        } else if errors.isEmpty && a.exitStatuses.isEmpty && a.restartsInWindow == 0 && !a.failingNow {
            status = .ok
            title = a.entryCount == 0 ? "\(unitText): no journal entries in the window, no restarts"
                : logLinesOnly ? "\(unitText): \(read(a)), no errors in them (log lines do not show restarts; systemd's journal does)"
                : "\(unitText): \(read(a)), no restarts, no errors"
        } else if (a.runningNow && !a.failingNow) || (healthyHolderOnly && !errors.isEmpty && a.exitStatuses.keys.allSatisfy { $0 == 78 }) {
            status = .info
            title = "\(unitText) runs now; earlier in the window\(headline.isEmpty ? ": \(a.restartsInWindow) restarts" : headline)"
        } else {
            status = .warn
            title = "\(unitText) failed\(headline)"
        }
        return CheckResult(id: id, status: status, title: title, detail: detail, fix: fix, data: .object(data))
    }

    /// What was read, named as what it is: `3 journal entries`, `14 log lines`, `1 journal entry and 14 log lines`.
    static func read(_ a: JournalAnalysis) -> String {
        func count(_ n: Int, _ one: String, _ many: String) -> String { "\(n) \(n == 1 ? one : many)" }
        let records = count(a.journalEntryCount, "journal entry", "journal entries")
        let lines = count(a.logLineCount, "log line", "log lines")
        if a.logLineCount == 0 { return records }
        return a.journalEntryCount == 0 ? lines : "\(records) and \(lines)"
    }

    /// `sysexits`/systemd names of common exit statuses.
    static func exitName(_ status: Int) -> String {
        switch status {
        case 1: return "FAILURE"
        case 75: return "TEMPFAIL: port held"
        case 78: return "CONFIG: refused or already running"
        case 203: return "EXEC"
        case 217: return "USER"
        default: return "status"
        }
    }

    static func timestamp(_ microseconds: UInt64) -> String {
        UTCTime(secondsSince1970: Int64(microseconds / 1_000_000))?.iso8601 ?? "@\(microseconds / 1_000_000)"
    }

    static func shorten(_ text: String) -> String {
        let line = text.split(separator: "\n").first.map(String.init) ?? text
        return line.count > 160 ? String(line.prefix(157)) + "..." : line
    }
}
