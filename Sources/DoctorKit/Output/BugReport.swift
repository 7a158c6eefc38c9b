import Foundation
import Gateway
import NetProbe

/// `openclaw-doctor bugreport`'s file: its text (`assemble`, in `BugReportFormat`), its default name and its
/// writing (`writeFile`, by `CaptureOutputFile`'s rules). Pure but for `writeFile`.
public enum BugReport {
    /// One snapshot of the machine in the file: the facts as read, when, and the part's title.
    public struct Snapshot: Sendable {
        public var facts: MachineFacts
        public var taken: Date
        public var title: String

        public init(facts: MachineFacts, taken: Date, title: String) {
            self.facts = facts
            self.taken = taken
            self.title = title
        }
    }

    /// Writes the file by `capture -o`'s rules (`CaptureOutputFile`: a device or FIFO is written to, a symlink or
    /// another user's file refused unless `force`, a regular file replaced atomically); a new file gets mode 0600.
    /// Throws the failure naming the path: `output-refused` or `output-unwritable`.
    public static func writeFile(_ text: String, to path: String, force: Bool) throws(CaptureOutputFile.Failure) {
        try CaptureOutputFile.write(text, to: path, force: force, unredacted: false)
    }

    /// `openclaw-bugreport-YYYYMMDD-HHMMSS.txt`, the time in UTC.
    public static func defaultName(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        return "openclaw-bugreport-\(formatter.string(from: date)).txt"
    }

    /// One facts value holding every snapshot's names, for the redactor to learn from (so both snapshots get the same
    /// tokens, and a name only the second one shows is still replaced in the first).
    public static func learningFacts(_ all: [MachineFacts]) -> MachineFacts {
        var merged = all.last ?? MachineFacts(origin: .live)
        merged.hosts = all.compactMap(\.hosts).joined(separator: "\n")
        merged.mountinfo = all.compactMap(\.mountinfo).joined(separator: "\n")
        merged.journal = all.flatMap { $0.journal ?? [] }
        return merged
    }

    /// The file text. `recordedFrom`: the first snapshot's time, for the "journal during the recording" part.
    public static func assemble(snapshots: [Snapshot], reportJSON: String, recordedFrom: Date?, now: Date) -> String {
        let iso = ISO8601DateFormatter()
        let last = snapshots.last?.facts
        let entries = last?.journal?.reduce(0) { $0 + $1.entries.count } ?? 0
        let skipped = (last?.journal ?? []).compactMap(\.skipped) + (last?.systemdShow ?? []).compactMap(\.skipped)
        var header = [
            "Written by `openclaw-doctor bugreport` (openclaw-netprobe \(NetProbeVersion.string)) at \(iso.string(from: now)).",
            "It holds: \(snapshots.count) snapshot(s) of the machine (capture format v1, see docs/capture-format.md) with the",
            "gateway unit's systemd state and journal, \(recordedFrom != nil ? "the journal lines written during the recording, " : "")and the doctor's report as JSON.",
            "REDACTED: IP addresses, MAC addresses, host and user names are replaced by consistent tokens (host-1, user-1, ...);",
            "tokens and passwords in journal messages and command lines (--token, *_TOKEN=, Authorization:) are masked as ***.",
            "Read it before you attach it.",
            "versions: openclaw-doctor \(NetProbeVersion.string), gateway protocol \(GatewayVersion.protocolVersion); kernel \(last?.osRelease ?? "unknown")",
            "journal: \(entries) entries in the last snapshot\(skipped.isEmpty ? "" : "; not read: " + skipped.joined(separator: "; "))",
            "Replay: openclaw-doctor --snapshot THIS_FILE (reads the last snapshot)",
        ]
        if let recordedFrom { header.append("recording: from \(iso.string(from: recordedFrom)) to \(iso.string(from: snapshots.last?.taken ?? now))") }
        var parts: [BugReportFormat.Part] = []
        for (index, snapshot) in snapshots.enumerated() {
            parts.append(BugReportFormat.Part(
                title: "snapshot \(index + 1) of \(snapshots.count): \(snapshot.title) (\(iso.string(from: snapshot.taken)))",
                body: CaptureWriter.write(snapshot.facts)))
        }
        if let recordedFrom, let last {
            var between = MachineFacts(origin: last.origin)
            between.journal = journalSince(last.journal ?? [], microseconds: UInt64(max(0, recordedFrom.timeIntervalSince1970) * 1_000_000))
            let body = CaptureWriter.write(between).split(separator: "\n", omittingEmptySubsequences: false)
                .filter { !$0.hasPrefix("# ") }.joined(separator: "\n")
            parts.append(BugReportFormat.Part(title: "journal during the recording", body: body))
        }
        parts.append(BugReportFormat.Part(title: "report (JSON)", body: reportJSON))
        return BugReportFormat.write(header: header, parts: parts)
    }

    /// The queries with only the entries at or after `microseconds` (`__REALTIME_TIMESTAMP`).
    public static func journalSince(_ queries: [JournalQuery], microseconds: UInt64) -> [JournalQuery] {
        queries.map { q in
            var c = q
            c.entries = q.entries.filter { ($0.realtimeMicroseconds ?? 0) >= microseconds }
            return c
        }
    }
}
