import FoundationEssentials
import NetProbe

/// What the supervisor's record says about the gateway unit: a pure summary of `systemd-show` and `journal`.
public struct JournalAnalysis: Sendable, Equatable {
    /// Units systemd knows (`LoadState` not `not-found`), as `scope unit`.
    public var loadedUnits: [String]
    /// The unit states that were read.
    public var states: [SystemdUnitState]
    /// Entries read, over all queries: journald's records and pasted log lines.
    public var entryCount: Int
    /// Of `entryCount`, the pasted log lines (`JournalSource.logLines`: a `tail` of a log file, `openclaw logs`, bare
    /// gateway lines), which are not journald's records.
    public var logLineCount = 0
    /// Of `entryCount`, journald's records.
    public var journalEntryCount: Int { entryCount - logLineCount }
    /// `Scheduled restart job` lines in the journal window.
    public var restartsInWindow: Int
    /// The highest restart count known: systemd's `NRestarts`, or the last restart counter in the journal.
    public var restartCounter: Int?
    /// Seconds between the first and the last entry of the window (0 with fewer than two timestamps).
    public var windowSeconds: Double
    /// Restarts per hour over the window (a window shorter than a minute counts as a minute); `nil` without restarts.
    public var restartsPerHour: Double?
    /// Non-zero exit statuses of the main process (`Main process exited, ... status=N`, or `EXIT_STATUS=`), by status.
    public var exitStatuses: [Int: Int]
    /// Signatures seen, with their count and the last message that showed each.
    public var signatures: [JournalSignature: (count: Int, last: String, captured: [String])]
    /// The last error the gateway logged: the last line naming a cause precisely (`JournalSignature.isSpecific`), else
    /// the last bare errno line or entry of the service at priority <= 3.
    public var lastError: (message: String, microseconds: UInt64?, pid: Int?)?
    /// `HOST:PORT` of upstream's "already listening" lines.
    public var alreadyListeningOn: Set<String>
    /// Whether an entry's command line or process is upstream's node gateway (`node ... openclaw ... gateway`).
    public var upstreamProcessSeen: Bool
    /// Whether systemd hit the start limit.
    public var startLimitHit: Bool
    /// Queries and show calls that were skipped, with the reason (`user openclaw-gateway.service: reason`).
    public var skipped: [String]
    /// Whether a journal query was cut by its bounds.
    public var truncated: Bool
    /// Whether any unit is running now (`ActiveState=active`, `SubState=running`).
    public var runningNow: Bool
    /// Whether any unit is failed or restarting now (`ActiveState=failed`, `SubState=auto-restart`).
    public var failingNow: Bool
    /// Journal queries that were read (not skipped).
    public var queriesRead: Int

    public static func == (lhs: JournalAnalysis, rhs: JournalAnalysis) -> Bool {
        lhs.loadedUnits == rhs.loadedUnits && lhs.entryCount == rhs.entryCount && lhs.logLineCount == rhs.logLineCount
            && lhs.restartsInWindow == rhs.restartsInWindow
            && lhs.restartCounter == rhs.restartCounter && lhs.exitStatuses == rhs.exitStatuses
            && Set(lhs.signatures.keys) == Set(rhs.signatures.keys) && lhs.lastError?.message == rhs.lastError?.message
            && lhs.skipped == rhs.skipped && lhs.startLimitHit == rhs.startLimitHit
    }

    /// Analyses the records. Pure; the same records give the same analysis.
    public static func analyze(show: [SystemdUnitState]?, journal: [JournalQuery]?) -> JournalAnalysis {
        // Compiled at the first journal entry: building the 13 regexes is most of a report's time where there is no
        // journal to read (10 % of `openclaw-doctor --json`'s samples, perf record).
        var compiled: SignatureMatcher?
        var a = JournalAnalysis(
            loadedUnits: [], states: show ?? [], entryCount: 0, restartsInWindow: 0, restartCounter: nil, windowSeconds: 0,
            restartsPerHour: nil, exitStatuses: [:], signatures: [:], lastError: nil, alreadyListeningOn: [],
            upstreamProcessSeen: false, startLimitHit: false, skipped: [], truncated: false, runningNow: false, failingNow: false, queriesRead: 0)
        for state in show ?? [] {
            if let skipped = state.skipped { a.skipped.append("systemctl \(state.scope.rawValue) \(state.unit): \(skipped)"); continue }
            guard state.isLoaded == true else { continue }
            a.loadedUnits.append("\(state.scope.rawValue) \(state.unit)")
            if let n = state.restarts { a.restartCounter = max(a.restartCounter ?? 0, n) }
            let active = state.properties["ActiveState"], sub = state.properties["SubState"]
            if active == "active" && sub == "running" { a.runningNow = true }
            if active == "failed" || sub == "auto-restart" { a.failingNow = true }
        }
        var first: UInt64?, last: UInt64?
        var restartTimes: [UInt64] = []
        var lastSpecific: (message: String, microseconds: UInt64?, pid: Int?)?
        // systemd's own words about the unit ("Start request repeated too quickly"): the gateway's cause wins over them.
        var lastManagerSpecific: (message: String, microseconds: UInt64?, pid: Int?)?
        var lastGeneric: (message: String, microseconds: UInt64?, pid: Int?)?
        for query in journal ?? [] {
            if let skipped = query.skipped {
                a.skipped.append("journal \(query.scope?.rawValue ?? "") \(query.unit ?? ""): \(skipped)".replacing("  ", with: " "))
                continue
            }
            a.truncated = a.truncated || query.truncated
            a.queriesRead += 1
            for entry in query.entries {
                a.entryCount += 1
                if query.source == .logLines { a.logLineCount += 1 }
                let time = entry.realtimeMicroseconds
                if let t = time { first = min(first ?? t, t); last = max(last ?? t, t) }
                let message = entry.message
                if let cmd = entry.fields["_CMDLINE"], cmd.contains("openclaw"), cmd.contains("node") { a.upstreamProcessSeen = true }
                if entry.fields["_COMM"] == "node" || entry.fields["SYSLOG_IDENTIFIER"] == "node" { a.upstreamProcessSeen = true }
                var matchedError = false, matchedSpecific = false
                var sawExit = false
                let matcher = compiled ?? SignatureMatcher()
                compiled = matcher
                for m in matcher.matches(message) {
                    var record = a.signatures[m.signature] ?? (0, "", [])
                    record.count += 1
                    record.last = message
                    record.captured = m.captured
                    a.signatures[m.signature] = record
                    switch m.signature {
                    case .restartScheduled:
                        a.restartsInWindow += 1
                        if let t = time { restartTimes.append(t) }
                        if let n = m.captured.first.flatMap({ Int($0) }) { a.restartCounter = max(a.restartCounter ?? 0, n) }
                    case .mainProcessExited:
                        if let s = m.captured.dropFirst().first.flatMap({ Int($0) }), m.captured.first == "exited", s != 0 {
                            a.exitStatuses[s, default: 0] += 1
                            sawExit = true
                        }
                    case .startLimitHit: a.startLimitHit = true
                    case .upstreamAlreadyListening:
                        if m.captured.count >= 2 { a.alreadyListeningOn.insert("\(m.captured[0]):\(m.captured[1])") }
                    default: break
                    }
                    if m.signature.isError { matchedError = true }
                    if m.signature.isSpecific { matchedSpecific = true }
                }
                // systemd 251+ also puts the status on the entry itself.
                if !sawExit, entry.isFromManager, entry.fields["EXIT_CODE"] == "exited",
                   let s = entry.fields["EXIT_STATUS"].flatMap({ Int($0) }), s != 0 {
                    a.exitStatuses[s, default: 0] += 1
                }
                if entry.fields["N_RESTARTS"].flatMap({ Int($0) }).map({ n in a.restartCounter.map { n > $0 } ?? true }) == true {
                    a.restartCounter = entry.fields["N_RESTARTS"].flatMap { Int($0) }
                }
                let serviceError = !entry.isFromManager && (entry.priority.map { $0 <= 3 } ?? false)
                if matchedSpecific && entry.isFromManager {
                    lastManagerSpecific = (message, time, entry.pid)
                } else if matchedSpecific {
                    lastSpecific = (message, time, entry.pid)
                } else if matchedError || serviceError {
                    lastGeneric = (message, time, entry.pid)
                }
            }
        }
        a.lastError = lastSpecific ?? lastManagerSpecific ?? lastGeneric
        if let first, let last, last > first { a.windowSeconds = Double(last - first) / 1_000_000 }
        if a.restartsInWindow > 0 {
            let span = restartTimes.count >= 2 ? Double(restartTimes.max()! - restartTimes.min()!) / 1_000_000 : a.windowSeconds
            a.restartsPerHour = Double(a.restartsInWindow) * 3600 / max(span, 60)
        }
        return a
    }

    /// Whether the record shows a restart loop: three or more restarts in the window, or the start limit hit.
    public var isLoop: Bool { restartsInWindow >= 3 || startLimitHit || (failingNow && (restartCounter ?? 0) >= 3) }

    /// Whether anything was read at all (a unit state or a journal query that was not skipped).
    public var readAnything: Bool { states.contains { $0.skipped == nil } || queriesRead > 0 }
}
