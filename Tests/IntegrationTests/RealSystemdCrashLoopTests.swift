import Foundation
import Testing
import TestSupport

/// Upstream's crash loop reproduced under a real systemd and read LIVE by the doctor (not from journal files).
///
/// The stand-in of upstream's failing start is a script named `openclaw` that prints upstream's exact message and
/// exits 1 within milliseconds, under upstream's documented unit (`Restart=always`, `RestartSec=5`,
/// `RestartPreventExitStatus=78`, `StartLimitBurst=5`, `StartLimitIntervalSec=60`, `After=network-online.target`:
/// the reference's directives, verbatim). A process that exits at once loses its unit tag in journald, so the
/// doctor must also find its lines by `SYSLOG_IDENTIFIER`: every start's line must be counted.
@Suite("upstream's crash loop under a real systemd", .enabled(if: RealSystemdGate.enabled, RealSystemdGate.reason))
struct RealSystemdCrashLoopTests {
    static let message = "Gateway failed to start: another gateway instance is already listening on ws://127.0.0.1:18789"
    static let standIn = "#!/bin/sh\necho \"\(message)\" >&2\nexit 1\n"
    static let upstreamUnit = """
        [Unit]
        Description=OpenClaw Gateway
        After=network-online.target
        StartLimitBurst=5
        StartLimitIntervalSec=60

        [Service]
        ExecStart=/opt/upstream/bin/openclaw gateway --port 18789
        Restart=always
        RestartSec=5
        RestartPreventExitStatus=78
        TimeoutStopSec=30
        TimeoutStartSec=30
        SuccessExitStatus=0 143
        KillMode=control-group

        [Install]
        WantedBy=default.target

        """
    static let unit = "openclaw-gateway.service"
    static let props = ["ActiveState", "SubState", "MainPID", "NRestarts", "ExecMainStatus", "Result"]

    static func json(_ text: String) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
    }

    static func check(_ report: [String: Any]?, _ id: String) -> [String: Any]? {
        (report?["checks"] as? [[String: Any]])?.first { $0["id"] as? String == id }
    }

    @Test("the stand-in loops; supervisor.systemd and supervisor.journal read it live; install --force ends it; a duplicate exits 78 and is not restarted")
    func crashLoop() async throws {
        try RealSystemdGate.require()
        let box = try await RealSystemdGate.timed("boot (crash loop)") { try await BootedSystemd.boot() }
        let u1 = try await box.addUser("u1", linger: true)
        let setUp = try await box.run(["/bin/sh", "-c", """
            mkdir -p /opt/upstream/bin /home/u1/.config/systemd/user &&
            printf '%s' "$1" > /opt/upstream/bin/openclaw && chmod 755 /opt/upstream/bin/openclaw &&
            printf '%s' "$2" > /home/u1/.config/systemd/user/openclaw-gateway.service && chown -R u1: /home/u1/.config
            """, "sh", Self.standIn, Self.upstreamUnit])
        #expect(setUp.status == 0, "\(setUp)")

        let looping = try await RealSystemdGate.timed("crash loop to NRestarts 3 (RestartSec=5)") { () async throws -> [String: String] in
            let start = try await box.run(["systemctl", "--user", "enable", "--now", Self.unit], as: u1)
            #expect(start.status == 0, "\(start)")
            return try await box.waitFor(Self.unit, as: u1, Self.props, timeout: TestDeadline.scaled(.seconds(90))) {
                Int($0["NRestarts"] ?? "") ?? 0 >= 3
            }
        }
        let restarts = try #require(Int(looping["NRestarts"] ?? ""))
        #expect(restarts >= 3, "\(looping)")

        let doctor = try await RealSystemdGate.timed("doctor on the live journal") {
            try await box.run(["openclaw", "doctor", "--json"], as: u1)
        }
        #expect(doctor.status == 1, "findings: \(doctor)")
        let report = Self.json(doctor.stdout)
        let journal = try #require(Self.check(report, "supervisor.journal"), "\(doctor)")
        let data = journal["data"] as? [String: Any] ?? [:]
        #expect(journal["status"] as? String == "fail", "\(journal)")
        #expect((data["signatures"] as? [String])?.contains("upstream-already-listening") == true, "\(journal)")
        #expect((data["restartCounter"] as? Int ?? 0) >= 3, "\(journal)")
        #expect(data["lastError"] as? String == Self.message, "\(journal)")
        // Every start printed one line and exited within milliseconds: systemd's own "Main process exited,
        // status=1" messages count the starts, and the doctor must have every line (by SYSLOG_IDENTIFIER when
        // journald lost the unit tag). The loop runs on while we read: allow one start between the two counts.
        let exits = (data["exitStatuses"] as? [String: Any])?["1"] as? Int ?? 0
        let seen = (journal["detail"] as? [String])?.first { $0.hasPrefix("seen ") && $0.contains("[upstream-already-listening]") }
        let seenCount = seen.flatMap { Int($0.dropFirst(5).prefix { $0.isNumber }) } ?? 0
        #expect(exits >= 3, "\(journal)")
        #expect(abs(seenCount - exits) <= 1, "signature lines \(seenCount) for \(exits) failed starts: \(journal)")
        let byUnitOnly = try await box.run(["journalctl", "--user", "-u", Self.unit, "-o", "cat", "--no-pager"], as: u1)
        let tagged = byUnitOnly.stdout.components(separatedBy: Self.message).count - 1
        print("real-systemd: \(exits) failed starts; the doctor saw \(seenCount) signature lines; journalctl -u alone \(tagged)")

        let systemd = try #require(Self.check(report, "supervisor.systemd"), "\(doctor)")
        #expect(systemd["status"] as? String == "fail", "\(systemd)")
        let live = (systemd["data"] as? [String: Any])?["live"] as? [String: Any]
        #expect(live?["looping"] as? Bool == true && live?["signature"] as? String == "upstream-already-listening", "\(systemd)")
        #expect((live?["restartCounter"] as? Int ?? 0) >= 3, "\(systemd)")
        #expect((systemd["fix"] as? String)?.contains("openclaw gateway install --force") == true, "\(systemd)")

        // The bug report made inside carries the live journal, redacted, and replays outside to the same verdict.
        try await RealSystemdGate.timed("bugreport inside, replayed outside") {
            let made = try await box.run(["openclaw", "doctor", "bugreport", "-o", "/tmp/bugreport.txt"], as: u1)
            #expect(made.status == 0, "\(made)")
            let text = try await box.run(["cat", "/tmp/bugreport.txt"]).stdout
            #expect(text.hasPrefix("# openclaw-bugreport v1\n") && text.contains(Self.message), "the live journal is in it")
            #expect(text.contains("REDACTED") && !text.contains("openclaw-root"), "the host name is redacted")
            let embedded = text.split(separator: "\n").last.flatMap { Self.json(String($0)) }
            let file = TestDirectory.make("bugreport") + "/bugreport.txt"
            defer { try? FileManager.default.removeItem(atPath: (file as NSString).deletingLastPathComponent) }
            try Data(text.utf8).write(to: URL(fileURLWithPath: file))
            let doctor = Fixtures.repositoryRoot.appendingPathComponent(".build/debug/openclaw-doctor").path
            let replay = try await SpawnedChild.run(doctor, ["--snapshot", file, "--json"])
            let replayed = Self.json(replay.stdout)
            // supervisor.systemd reads unit files, live only (a capture has none): it skips on a replay.
            let journalData = Self.check(replayed, "supervisor.journal")?["data"] as? [String: Any]
            #expect(Self.check(replayed, "supervisor.journal")?["status"] as? String == Self.check(embedded, "supervisor.journal")?["status"] as? String,
                    "\(replay)")
            #expect((journalData?["signatures"] as? [String])?.contains("upstream-already-listening") == true, "\(replay)")
            #expect(Self.check(replayed, "supervisor.journal")?["status"] as? String == "fail", "\(replay)")
            let kind = (replayed?["environment"] as? [String: Any])?["kind"] as? String
            #expect(kind == (embedded?["environment"] as? [String: Any])?["kind"] as? String && kind == "container", "\(replay)")
        }

        // install --force replaces upstream's unit (kept as .bak) and the same port serves.
        try await RealSystemdGate.timed("install --force over the loop") {
            let refused = try await box.run(["openclaw", "gateway", "install"], as: u1)
            #expect(refused.status == 73, "\(refused)")
            let forced = try await box.run(["openclaw", "gateway", "install", "--force", "--json"], as: u1)
            #expect(forced.status == 0, "\(forced)")
            #expect(Self.json(forced.stdout)?["backupPath"] as? String == "/home/u1/.config/systemd/user/openclaw-gateway.service.bak")
            let kept = try await box.run(["cat", "/home/u1/.config/systemd/user/openclaw-gateway.service.bak"])
            #expect(kept.stdout == Self.upstreamUnit)
            let serving = try await box.waitFor(Self.unit, as: u1, Self.props) { $0["ActiveState"] == "active" && $0["SubState"] == "running" }
            #expect(serving["ActiveState"] == "active", "\(serving)")
            let clock = ContinuousClock(), deadline = clock.now + TestDeadline.scaled(.seconds(60))
            var probe = try await box.run(["openclaw", "gateway", "probe", "--json"], as: u1)
            func answered(_ probe: ChildResult) -> Bool {
                (Self.json(probe.stdout)?["results"] as? [[String: Any]])?.contains { $0["outcome"] as? String == "gateway" } == true
            }
            while !answered(probe) && clock.now < deadline {
                try await Task.sleep(for: .milliseconds(100))
                probe = try await box.run(["openclaw", "gateway", "probe", "--json"], as: u1)
            }
            #expect(answered(probe), "\(probe)")
        }

        // Under the new unit a duplicate exits 78 and systemd does not restart it.
        try await RealSystemdGate.timed("duplicate unit exits 78") {
            let before = try await box.show(Self.unit, as: u1, Self.props)
            let dup = try await box.shell("""
                cp ~/.config/systemd/user/openclaw-gateway.service ~/.config/systemd/user/openclaw-gateway-dup.service &&
                systemctl --user daemon-reload && systemctl --user start openclaw-gateway-dup.service
                """, as: u1)
            #expect(dup.status == 0, "\(dup)")
            let ended = try await box.waitFor("openclaw-gateway-dup.service", as: u1, Self.props) {
                $0["ActiveState"] == "failed" || $0["ActiveState"] == "inactive"
            }
            #expect(ended["ExecMainStatus"] == "78", "\(ended)")
            try await Task.sleep(for: .milliseconds(1500))
            let later = try await box.show("openclaw-gateway-dup.service", as: u1, Self.props)
            #expect(later["NRestarts"] == "0" && later["ActiveState"] == ended["ActiveState"], "\(later)")
            let main = try await box.show(Self.unit, as: u1, Self.props)
            #expect(main["MainPID"] == before["MainPID"] && main["NRestarts"] == before["NRestarts"], "\(main)")
        }

        let off = try await RealSystemdGate.timed("power off (crash loop)") { try await box.powerOff() }
        #expect(off.status == 0, "\(off)")
    }
}
