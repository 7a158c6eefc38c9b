import Foundation
@testable import NetProbe
@testable import NetProbeLive
import Testing
import TestSupport

/// `SupervisorReader` over real journal files (made by systemd-journal-remote from the export fixtures) and real
/// programs: the bounds, the skip reasons, and a hang killed at its deadline.
@Suite("Supervisor reader", .serialized)
struct SupervisorReaderTests {
    func reader(_ dir: String, lineLimit: Int = 2000, byteLimit: Int = 1 << 20) -> SupervisorReader {
        SupervisorReader(options: SupervisorReader.Options(
            units: SupervisorReader.Options.units(port: 18789), journalDirectory: dir, lineLimit: lineLimit, byteLimit: byteLimit,
            journalTimeout: .seconds(60)))
    }

    @Test("a journal directory: every entry of the unit, oldest first, only the kept fields, no systemctl")
    func directory() throws {
        let dir = try JournalFixture.directory("crash-loop-upstream")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (show, queries) = reader(dir).read()
        #expect(show == nil)
        let query = try #require(queries.first)
        #expect(queries.count == 1 && query.scope == .directory && query.skipped == nil && !query.truncated)
        #expect(query.entries.count == 48)
        let times = query.entries.compactMap(\.realtimeMicroseconds)
        #expect(times == times.sorted() && times.count == 48)
        #expect(query.entries.allSatisfy { Set($0.fields.keys).isSubset(of: Set(JournalEntry.keptFields)) })
        #expect(query.entries.contains { $0.message.hasSuffix("another gateway instance is already listening on ws://127.0.0.1:18789") })
        #expect(query.entries.contains { $0.fields["N_RESTARTS"] == "38" && $0.isFromManager })
        #expect(!query.entries.contains { $0.fields["_HOSTNAME"] != nil })
    }

    @Test("bounds: the newest entries are kept and the query says it was cut (lines, then bytes)")
    func bounds() throws {
        let dir = try JournalFixture.directory("crash-loop-upstream")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let all = reader(dir).read().journal[0].entries
        let lines = reader(dir, lineLimit: 5).read().journal[0]
        #expect(lines.truncated && lines.entries == Array(all.suffix(5)))
        let bytes = reader(dir, byteLimit: 2048).read().journal[0]
        #expect(bytes.truncated && !bytes.entries.isEmpty && bytes.entries.count < all.count)
        #expect(bytes.entries == Array(all.suffix(bytes.entries.count)))
    }

    @Test("no journalctl, no systemctl, a missing directory: skipped with the reason, never an error")
    func skips() throws {
        var options = SupervisorReader.Options(systemctlCandidates: ["/nonexistent/systemctl"], journalctlCandidates: ["/nonexistent/journalctl"])
        let (show, journal) = SupervisorReader(options: options).read()
        #expect(show?.count == 2 && show?.allSatisfy { $0.skipped?.contains("systemctl not found") == true } == true)
        #expect(journal.count == 2 && journal.allSatisfy { $0.skipped?.contains("journalctl not found") == true })

        options = SupervisorReader.Options(journalDirectory: "/nonexistent/journal-dir")
        let missing = SupervisorReader(options: options).read().journal[0]
        #expect(missing.skipped != nil && missing.entries.isEmpty)
    }

    @Test("this machine: every unit state and query is either read or skipped with a reason")
    func live() {
        let (show, journal) = SupervisorReader(options: SupervisorReader.Options()).read()
        for state in show ?? [] { #expect(state.skipped.map { !$0.isEmpty } ?? !state.properties.isEmpty) }
        for query in journal { #expect(query.skipped.map { !$0.isEmpty } ?? true) }
        #expect(journal.map(\.scope) == [.user, .system])
    }

    @Test("a systemctl that hangs is killed at the deadline, with its process group")
    func hang() throws {
        let dir = TestDirectory.make("hang")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let script = dir + "/systemctl"
        let marker = dir + "/child.pid"
        try "#!/bin/sh\nsleep 60 &\necho $! > \(marker)\nwait\n".write(toFile: script, atomically: true, encoding: .utf8)
        chmod(script, 0o755)
        let options = SupervisorReader.Options(scopes: [.user], showTimeout: .milliseconds(1500),
                                               systemctlCandidates: [script], journalctlCandidates: ["/nonexistent"])
        let state = try #require(SupervisorReader(options: options).show(scope: .user, units: ["openclaw-gateway.service"]).first)
        #expect(state.skipped?.contains("did not answer") == true)
        let pid = try #require(Int32(try String(contentsOfFile: marker, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        // The grandchild was in the killed group: it is gone (or a zombie about to be reaped by init).
        var gone = false
        for _ in 0..<200 {
            if kill(pid, 0) != 0 || (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8))?.contains(") Z ") == true { gone = true; break }
            usleep(10_000)
        }
        #expect(gone)
    }
}
