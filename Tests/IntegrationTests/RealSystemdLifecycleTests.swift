import Foundation
import Testing
import TestSupport

/// Whether the tests under a real systemd run: as root (under CI=true always, failing without root), with
/// `systemd-nspawn` and `debootstrap` present (scripts/install-deps installs them; CI=true fails without them).
enum RealSystemdGate {
    static var toolsPresent: Bool {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-nspawn")
            && FileManager.default.isExecutableFile(atPath: "/usr/sbin/debootstrap")
    }
    static var enabled: Bool { Privilege.isCI || (Privilege.isRoot && toolsPresent) }
    static let reason: Comment = "needs root, systemd-nspawn and debootstrap (scripts/install-deps); run as root or with CI=true"

    static func require() throws {
        try Privilege.requireRoot()
        if !toolsPresent { throw BootedSystemd.Failure("systemd-nspawn or debootstrap missing: run scripts/install-deps") }
    }

    /// Prints a phase's duration, so the run's log carries the real-systemd timings (docs/reliability.md).
    static func timed<T>(_ label: String, _ body: () async throws -> T) async rethrows -> T {
        let start = ContinuousClock.now
        let value = try await body()
        let elapsed = ContinuousClock.now - start
        print("real-systemd timing: \(label): \(elapsed.formatted(.units(allowed: [.seconds, .milliseconds], width: .narrow)))")
        return value
    }
}

/// The lifecycle commands under a real systemd: a Debian bookworm container booted with systemd-nspawn, a user with
/// linger, the locally built `openclaw`.
@Suite("lifecycle under a real systemd", .enabled(if: RealSystemdGate.enabled, RealSystemdGate.reason))
struct RealSystemdLifecycleTests {
    static let unit = "openclaw-gateway.service"
    static let props = ["ActiveState", "SubState", "MainPID", "NRestarts", "ExecMainStatus", "LoadState"]

    /// `GET /healthz` over loopback inside (bash's /dev/tcp: the root has no curl).
    static func healthz(_ box: BootedSystemd) async throws -> ChildResult {
        try await box.run(["/bin/bash", "-c", """
            exec 3<>/dev/tcp/127.0.0.1/18789 || exit 7
            printf 'GET /healthz HTTP/1.1\\r\\nHost: 127.0.0.1\\r\\nConnection: close\\r\\n\\r\\n' >&3
            cat <&3
            """])
    }

    /// Polls /healthz until it answers 200 (a unit is "started" before its process listens).
    static func waitHealthy(_ box: BootedSystemd) async throws -> ChildResult {
        let clock = ContinuousClock(), deadline = clock.now + TestDeadline.scaled(.seconds(60))
        var last = try await healthz(box)
        while !last.stdout.hasPrefix("HTTP/1.1 200") && clock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
            last = try await healthz(box)
        }
        return last
    }

    static func json(_ text: String) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
    }

    @Test("install -> /healthz and the handshake answer; status shows the unit; a second run exits 78; stop stays stopped; start; restart; uninstall")
    func lifecycle() async throws {
        try RealSystemdGate.require()
        let box = try await RealSystemdGate.timed("boot (lifecycle)") { try await BootedSystemd.boot() }
        let u1 = try await box.addUser("u1", linger: true)
        try await RealSystemdGate.timed("lifecycle commands") {
            // The unit this command writes is clean for systemd-analyze.
            let verify = try await box.shell("openclaw gateway unit > /tmp/u.service && systemd-analyze --user verify /tmp/u.service", as: u1)
            #expect(verify.status == 0 && verify.stderr.isEmpty, "\(verify)")

            let install = try await box.run(["openclaw", "gateway", "install", "--json"], as: u1)
            #expect(install.status == 0, "\(install)")
            let report = Self.json(install.stdout)
            #expect(report?["unit"] as? String == Self.unit)
            #expect(report?["unitPath"] as? String == "/home/u1/.config/systemd/user/openclaw-gateway.service")
            #expect((report?["warnings"] as? [Any])?.isEmpty == true, "linger is on: no warning")

            let health = try await Self.waitHealthy(box)
            #expect(health.stdout.hasPrefix("HTTP/1.1 200"), "\(health)")
            #expect(health.stdout.hasSuffix(#"{"ok":true,"status":"live"}"#), "\(health)")
            // The handshake: the probe's WebSocket upgrade gets the gateway's challenge with its identity.
            let probe = try await box.run(["openclaw", "gateway", "probe", "--json"], as: u1)
            let results = Self.json(probe.stdout)?["results"] as? [[String: Any]] ?? []
            #expect(results.first { $0["host"] as? String == "127.0.0.1" }?["outcome"] as? String == "gateway", "\(probe)")

            let shown = try await box.show(Self.unit, as: u1, Self.props)
            let status = try await box.run(["openclaw", "gateway", "status", "--json"], as: u1)
            #expect(status.status == 0, "\(status)")
            let service = Self.json(status.stdout)?["service"] as? [String: Any]
            #expect(service?["unit"] as? String == Self.unit)
            #expect(service?["activeState"] as? String == "active")
            #expect(service?["restarts"] as? Int == 0)
            #expect((service?["mainPID"] as? Int).map(String.init) == shown["MainPID"], "status names systemd's main pid")
            #expect(((Self.json(status.stdout)?["instance"] as? [String: Any])?["pid"] as? Int).map(String.init) == shown["MainPID"],
                    "the lock holder is the unit's process")

            // An open client connection is counted (the server's ESTABLISHED socket on the port).
            let held = try await box.run(["/bin/bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/18789 && openclaw gateway status --json"], as: u1)
            let connections = (Self.json(held.stdout)?["service"] as? [String: Any])?["openConnections"] as? Int
            #expect((connections ?? 0) >= 1, "\(held)")

            let second = try await box.run(["openclaw", "gateway", "run"], as: u1)
            #expect(second.status == 78, "\(second)")
            #expect(second.stderr.contains("already running on port 18789") && second.stderr.contains("pid \(shown["MainPID"] ?? "?")"),
                    "\(second)")

            let stop = try await box.run(["openclaw", "gateway", "stop"], as: u1)
            #expect(stop.status == 0, "\(stop)")
            #expect(stop.stdout.contains("Stopped \(Self.unit)"), "\(stop)")
            // Restart=always with RestartSec=5 would bring it back within 5 s: look after 6.
            try await Task.sleep(for: .seconds(6))
            let after = try await box.show(Self.unit, as: u1, Self.props)
            #expect(after["ActiveState"] == "inactive" && after["NRestarts"] == "0", "\(after)")
            let down = try await box.run(["openclaw", "gateway", "status"], as: u1)
            #expect(down.status == 3, "\(down)")

            let start = try await box.run(["openclaw", "gateway", "start"], as: u1)
            #expect(start.status == 0, "\(start)")
            #expect(try await Self.waitHealthy(box).stdout.hasPrefix("HTTP/1.1 200"))
            let running = try await box.show(Self.unit, as: u1, Self.props)
            let again = try await box.run(["openclaw", "gateway", "start"], as: u1)
            #expect(again.status == 0 && again.stdout.contains("already running"), "\(again)")
            #expect(try await box.show(Self.unit, as: u1, Self.props)["MainPID"] == running["MainPID"], "start did not restart it")

            let restart = try await box.run(["openclaw", "gateway", "restart"], as: u1)
            #expect(restart.status == 0, "\(restart)")
            let restarted = try await box.show(Self.unit, as: u1, Self.props)
            #expect(restarted["ActiveState"] == "active" && restarted["MainPID"] != running["MainPID"], "\(restarted)")
            #expect(try await Self.waitHealthy(box).stdout.hasPrefix("HTTP/1.1 200"))

            _ = try await box.run(["mkdir", "-p", "/home/u1/.openclaw/canvas"], as: u1)
            let uninstall = try await box.run(["openclaw", "gateway", "uninstall"], as: u1)
            #expect(uninstall.status == 0, "\(uninstall)")
            let gone = try await box.show(Self.unit, as: u1, ["LoadState"])
            #expect(gone["LoadState"] == "not-found", "\(gone)")
            let files = try await box.shell("test ! -e /home/u1/.config/systemd/user/openclaw-gateway.service && test -d /home/u1/.openclaw/canvas")
            #expect(files.status == 0, "unit removed, state kept: \(files)")
            #expect(try await Self.healthz(box).status == 7, "nothing listens after uninstall")
        }
        // A user without linger and without a session has no user manager: install says so, with the command, 69.
        let u2 = try await box.addUser("u2", linger: false)
        let refused = try await box.run(["openclaw", "gateway", "install"], as: u2)
        #expect(refused.status == 69, "\(refused)")
        #expect(refused.stderr.contains("loginctl enable-linger u2"), "\(refused)")

        // A user in a login session without linger (su -l: pam_systemd starts the user manager): install works and
        // warns, with the command, that the gateway stops with the last session.
        _ = try await box.addUser("u3", linger: false)
        let session = try await box.run(["su", "-l", "u3", "-c", "openclaw gateway install --port 18790"])
        #expect(session.status == 0, "\(session)")
        #expect(session.stderr.contains("linger is off for u3") && session.stderr.contains("loginctl enable-linger u3"), "\(session)")

        let off = try await RealSystemdGate.timed("power off (lifecycle)") { try await box.powerOff() }
        #expect(off.status == 0, "\(off)")
    }
}
