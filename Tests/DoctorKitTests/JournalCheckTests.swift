@testable import DoctorKit
import Foundation
import NetProbe
import NetProbeLive
import Testing
import TestSupport

/// `supervisor.journal` over real journals (export fixtures turned into journal files, read by `SupervisorReader`)
/// on fixture machines, and the analysis's invariants on random records.
@Suite("Doctor journal check", .serialized)
struct JournalCheckTests {
    typealias T = DoctorTestInputs

    /// The fixture journal `name` read from a real journal directory.
    static func journal(_ name: String) throws -> [JournalQuery] {
        let dir = try JournalFixture.directory(name)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // A generous deadline: a loaded CI machine must not cut the fixture short.
        let queries = SupervisorReader(options: .init(units: SupervisorReader.Options.units(port: 18789), journalDirectory: dir,
                                                      journalTimeout: .seconds(60))).read().journal
        try #require(queries.allSatisfy { !$0.truncated && $0.skipped == nil }, "\(queries.map { ($0.truncated, $0.skipped) })")
        return queries
    }

    func run(_ machine: String, journal: [JournalQuery]?, show: [SystemdUnitState]? = nil) throws -> CheckResult {
        var facts = try T.facts(machine)
        facts.journal = journal
        facts.systemdShow = show
        return T.run("supervisor.journal", T.inputs(facts))
    }

    @Test("upstream's crash loop on a mirrored machine: fail, issue 53877, the fix, and what not to do")
    func mirrored() throws {
        let r = try run("wsl2-mirrored-full.txt", journal: try Self.journal("crash-loop-upstream"))
        #expect(r.status == .fail)
        #expect(r.title.contains("restart loop") && r.title.contains("another gateway instance is already listening on ws://127.0.0.1:18789"))
        #expect(r.data["issue"] == "53877")
        #expect(r.data["restartsInWindow"] == 6 && r.data["restartCounter"] == 38)
        #expect(r.data["exitStatuses"] == ["1": 6])
        #expect(r.detail.contains { $0.contains("upstream issue 53877") })
        #expect(r.detail.contains { $0.contains("Do NOT disable mirrored networking") })
        #expect(r.fix?.contains("--instance-check pidfile") == true && r.fix?.contains("openclaw gateway unit") == true)
    }

    @Test("upstream's crash loop under virtioproxy: 53877, worded as virtioproxy (the probe goes through Windows there too), never as mirrored")
    func virtioproxy() throws {
        let r = try run("wsl2-virtioproxy.txt", journal: try Self.journal("crash-loop-upstream"))
        #expect(r.status == .fail && r.data["issue"] == "53877", "\(r)")
        #expect(r.detail.contains { $0.hasPrefix("This is upstream issue 53877 (WSL2 virtioproxy networking)") }, "\(r.detail)")
        #expect(r.detail.contains { $0.hasPrefix("under WSL2 virtioproxy networking the probe goes through Windows") }, "\(r.detail)")
        #expect(!r.detail.prefix(4).joined().contains("mirrored") && r.fix?.contains("--instance-check pidfile") == true, "\(r.detail) \(r.fix ?? "")")
    }

    @Test("the same journal on a NAT machine and natively: still a loop, never 53877")
    func nat() throws {
        let journal = try Self.journal("crash-loop-upstream")
        for machine in ["wsl2-nat.txt", "native-debian.txt"] {
            let r = try run(machine, journal: journal)
            #expect(r.status == .fail)
            #expect(r.data["issue"] == .null)
            #expect(!r.detail.joined().contains("53877") && r.fix?.contains("53877") != true)
            #expect(r.fix?.contains("ss -tlnp") == true)
        }
    }

    @Test("a WSL2 machine whose mode is unknown: the signature still points at 53877")
    func unknownMode() throws {
        var facts = try T.facts("wsl2-kernel419-wsl5831.txt")
        facts.journal = try Self.journal("crash-loop-upstream")
        let inputs = T.inputs(facts)
        try #require(inputs.verdict.kind == .wsl2 && inputs.verdict.wslNetworkingMode == .unknown, "\(inputs.verdict)")
        let r = T.run("supervisor.journal", inputs)
        #expect(r.data["issue"] == "53877" && r.detail.contains { $0.contains("unknown-mode") })
    }

    @Test("a healthy gateway: ok; a foreign holder: our exit-75 loop named; a refused bind: warn with the token fix")
    func others() throws {
        let healthy = try run("native-debian.txt", journal: try Self.journal("healthy-gateway"),
                              show: [SystemdUnitState(scope: .system, unit: "openclaw-gateway.service", properties: [
                                  "LoadState": "loaded", "ActiveState": "active", "SubState": "running", "NRestarts": "0",
                                  "Result": "success", "ExecMainStatus": "0"])])
        #expect(healthy.status == .ok && healthy.data["restartsInWindow"] == 0)

        let foreign = try run("wsl2-nat.txt", journal: try Self.journal("foreign-holder"))
        #expect(foreign.status == .fail && foreign.data["exitStatuses"] == ["75": 3])
        #expect(foreign.detail.contains { $0.contains("[own-port-held]") })
        #expect(foreign.fix?.contains("Port ... is already in use") == true)
        #expect(foreign.data["issue"] == .null)

        let refused = try run("native-debian.txt", journal: try Self.journal("token-in-cmdline"))
        #expect(refused.status == .warn && refused.data["exitStatuses"] == ["78": 1])
        #expect(refused.fix?.contains("token") == true)
    }

    @Test("not read, every query skipped, nothing recorded: skip with the reason / ok")
    func skips() throws {
        let absent = try run("native-debian.txt", journal: nil)
        #expect(absent.status == .skip && absent.data["reason"] == "the capture has no systemd-show or journal section")

        let skipped = try run("native-debian.txt", journal: [JournalQuery(scope: .user, unit: "u", skipped: "journalctl not found")],
                              show: [SystemdUnitState(scope: .user, unit: "u", skipped: "systemctl not found (no systemd here)")])
        #expect(skipped.status == .skip && (skipped.data["reason"]?.stringValue ?? "").contains("systemctl not found"))

        let nothing = try run("native-debian.txt", journal: [JournalQuery(scope: .user, unit: "u")],
                              show: [SystemdUnitState(scope: .user, unit: "u", properties: ["LoadState": "not-found", "NRestarts": "0"])])
        #expect(nothing.status == .ok && nothing.title == "no gateway unit known to systemd and no journal entries for one")

        // The journal was read but systemctl could not be asked (no bus, no systemd): not "no unit known to systemd".
        let noBus = try run("native-debian.txt", journal: [JournalQuery(scope: .user, unit: "u")],
                            show: [SystemdUnitState(scope: .user, unit: "u", skipped: "no systemd manager bus")])
        #expect(noBus.status == .ok && !noBus.title.contains("known to systemd") && noBus.title.contains("not read"), "\(noBus.title)")
    }

    @Test("systemd's start limit and NRestarts alone make a loop")
    func startLimit() throws {
        let entry = JournalEntry(fields: ["MESSAGE": "openclaw-gateway.service: Start request repeated too quickly.", "USER_UNIT": "openclaw-gateway.service"])
        let limited = try run("native-debian.txt", journal: [JournalQuery(scope: .user, unit: "u", entries: [entry])])
        #expect(limited.status == .fail && limited.data["startLimitHit"] == true && limited.fix?.contains("reset-failed") == true)

        let counter = try run("native-debian.txt", journal: [JournalQuery(scope: .user, unit: "u")], show: [
            SystemdUnitState(scope: .user, unit: "openclaw-gateway.service", properties: [
                "LoadState": "loaded", "ActiveState": "activating", "SubState": "auto-restart", "NRestarts": "609"])])
        #expect(counter.status == .fail && counter.data["restartCounter"] == 609)
    }

    @Test("the gateway's own cause stays the last error when systemd's start limit follows it")
    func causeOverStartLimit() {
        let cause = "Gateway failed to start: another gateway instance is already listening on ws://127.0.0.1:18789"
        let entries = [
            JournalEntry(fields: ["MESSAGE": cause, "SYSLOG_IDENTIFIER": "openclaw-gateway", "__REALTIME_TIMESTAMP": "1777280100000000"]),
            JournalEntry(fields: ["MESSAGE": "openclaw-gateway.service: Start request repeated too quickly.",
                                  "USER_UNIT": "openclaw-gateway.service", "__REALTIME_TIMESTAMP": "1777280101000000"]),
        ]
        let a = JournalAnalysis.analyze(show: nil, journal: [JournalQuery(scope: .user, unit: "u", entries: entries)])
        #expect(a.startLimitHit && a.lastError?.message == cause, "\(String(describing: a.lastError))")
        // With no cause of the gateway's own, systemd's words are the last error.
        let alone = JournalAnalysis.analyze(show: nil, journal: [JournalQuery(scope: .user, unit: "u", entries: [entries[1]])])
        #expect(alone.lastError?.message == "openclaw-gateway.service: Start request repeated too quickly.")
    }

    @Test("property: on random records the analysis counts what is there and the status follows it", arguments: [UInt64(11), 12, 13])
    func property(seed: UInt64) throws {
        var g = SeededGenerator(seed: seed)
        let messages = [
            "openclaw-gateway.service: Scheduled restart job, restart counter is at %d.",
            "openclaw-gateway.service: Main process exited, code=exited, status=%d/FAILURE",
            "Gateway failed to start: another gateway instance is already listening on ws://127.0.0.1:%d",
            "gateway already running (pid %d); lock timeout after 5000ms",
            "listening on ws://127.0.0.1:%d",
            "random %d words",
        ]
        let facts = try T.facts("wsl2-mirrored-full.txt")
        for _ in 0..<60 {
            var t: UInt64 = 1_777_280_100_000_000
            let entries = (0..<Int.random(in: 0...30, using: &g)).map { _ -> JournalEntry in
                t += UInt64.random(in: 0...20_000_000, using: &g)
                let m = messages.randomElement(using: &g)!.replacingOccurrences(of: "%d", with: String(Int.random(in: 1...70000, using: &g)))
                return JournalEntry(fields: ["MESSAGE": m, "__REALTIME_TIMESTAMP": String(t)])
            }
            let a = JournalAnalysis.analyze(show: nil, journal: [JournalQuery(scope: .user, unit: "u", entries: entries)])
            let restarts = entries.filter { $0.message.contains("Scheduled restart job") }.count
            #expect(a.restartsInWindow == restarts && a.entryCount == entries.count)
            #expect(a.exitStatuses.values.reduce(0, +) == entries.filter { $0.message.contains("Main process exited") }.count)
            if let rate = a.restartsPerHour { #expect(rate > 0 && rate <= Double(restarts) * 60) } else { #expect(restarts == 0) }
            var f = facts
            f.journal = [JournalQuery(scope: .user, unit: "u", entries: entries)]
            let r = T.run("supervisor.journal", T.inputs(f))
            #expect((r.status == .fail) == a.isLoop)
            let clash = entries.contains { $0.message.contains("already listening") || $0.message.contains("lock timeout") }
            #expect((r.data["issue"] == "53877") == clash)
        }
    }
}
