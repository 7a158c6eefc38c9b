import NetProbe
import NetProbeLive
import Testing
@testable import Gateway
@testable import GatewayServer

/// The lifecycle planner (`ServicePlanner`): what install / start / stop / restart / uninstall write and run.
@Suite("service planner")
struct ServicePlannerTests {
    static let directory = "/home/u1/.config/systemd/user"
    static let ours = SystemdUnit.render(executable: "/usr/bin/openclaw", port: 18789, stateDirectory: nil)
    static let oursOtherPort = SystemdUnit.render(executable: "/usr/bin/openclaw", port: 18790, stateDirectory: nil)
    /// Upstream's documented unit (docs/cli/gateway.md): a gateway unit this toolkit did not write.
    static let upstream = """
        [Unit]
        Description=OpenClaw Gateway
        After=network-online.target

        [Service]
        ExecStart=/usr/bin/openclaw gateway --port 18789
        Restart=always
        RestartSec=5
        RestartPreventExitStatus=78

        [Install]
        WantedBy=default.target
        """

    static func state(_ active: String, sub: String = "running", pid: String = "812") -> SystemdUnitState {
        SystemdUnitState(scope: .user, unit: "", properties: [
            "LoadState": "loaded", "ActiveState": active, "SubState": sub, "MainPID": pid, "NRestarts": "0",
        ])
    }

    static func facts(
        standard: String? = nil, standardState: SystemdUnitState? = nil, portUnit: String? = nil,
        linger: LingerState = .enabled, availability: ServiceAvailability = .available, port: UInt16 = 18789
    ) -> ServiceFacts {
        ServiceFacts(
            availability: availability, port: port, directory: directory,
            units: [
                ServiceUnitFile(name: ServiceUnitName.standard, path: directory + "/openclaw-gateway.service",
                                text: standard, state: standardState),
                ServiceUnitFile(name: ServiceUnitName.forPort(port), path: directory + "/openclaw-gateway-\(port).service",
                                text: portUnit),
            ],
            linger: linger, user: "u1", stateDirectory: "/home/u1/.openclaw")
    }

    static let noSystemd = ServiceAvailability.unavailable(reason: "systemd is not running here", advice: "run it yourself")

    @Test("install on a clean machine writes the standard unit, enables and starts it")
    func installFresh() {
        let plan = ServicePlanner.install(Self.facts(), unitText: Self.ours, force: false)
        #expect(plan.refusal == nil && plan.exitCode == 0)
        #expect(plan.unit == "openclaw-gateway.service")
        #expect(plan.steps == [
            .createDirectory(Self.directory),
            .write(path: Self.directory + "/openclaw-gateway.service", text: Self.ours),
            .systemctl(["daemon-reload"], tolerated: false),
            .systemctl(["enable", "openclaw-gateway.service"], tolerated: false),
            .systemctl(["reset-failed", "openclaw-gateway.service"], tolerated: true),
            .systemctl(["start", "openclaw-gateway.service"], tolerated: false),
        ])
        #expect(plan.warnings.isEmpty)
    }

    @Test("install again with the same text and a running unit writes nothing and restarts nothing")
    func installIdempotent() {
        let plan = ServicePlanner.install(Self.facts(standard: Self.ours, standardState: Self.state("active")), unitText: Self.ours, force: false)
        #expect(!plan.writesUnit)
        #expect(!plan.steps.contains { if case .write = $0 { return true } else { return false } })
        #expect(!plan.steps.contains(.systemctl(["start", "openclaw-gateway.service"], tolerated: false)))
        #expect(!plan.steps.contains(.systemctl(["restart", "openclaw-gateway.service"], tolerated: false)))
        #expect(plan.notes.contains { $0.contains("already running") })
    }

    @Test("install with a changed text restarts a running unit so the new ExecStart takes effect")
    func installChangedRestarts() {
        let newer = SystemdUnit.render(executable: "/opt/openclaw/openclaw", port: 18789, stateDirectory: nil)
        let plan = ServicePlanner.install(Self.facts(standard: Self.ours, standardState: Self.state("active")), unitText: newer, force: false)
        #expect(plan.steps.contains(.write(path: Self.directory + "/openclaw-gateway.service", text: newer)))
        #expect(plan.steps.last == .systemctl(["restart", "openclaw-gateway.service"], tolerated: false))
        #expect(plan.backupPath == nil)
    }

    @Test("install refuses upstream's unit for the port without --force, replaces it keeping a backup with it")
    func installForeignUnit() {
        let looping = Self.state("activating", sub: "auto-restart", pid: "0")
        let refused = ServicePlanner.install(Self.facts(standard: Self.upstream, standardState: looping), unitText: Self.ours, force: false)
        #expect(refused.exitCode == ServiceExit.foreignUnit)
        #expect(refused.steps.isEmpty)
        #expect(refused.refusal?.contains("--force") == true)
        #expect(refused.refusal?.contains(Self.directory + "/openclaw-gateway.service") == true)

        let forced = ServicePlanner.install(Self.facts(standard: Self.upstream, standardState: looping), unitText: Self.ours, force: true)
        let path = Self.directory + "/openclaw-gateway.service"
        #expect(forced.exitCode == 0 && forced.refusal == nil)
        #expect(forced.backupPath == path + ".bak")
        let backup = forced.steps.firstIndex(of: .backup(from: path, to: path + ".bak"))
        let write = forced.steps.firstIndex(of: .write(path: path, text: Self.ours))
        #expect(backup != nil && write != nil && backup! < write!, "the backup is taken before the file is replaced")
        // A unit in its restart wait is restarted (a start would leave the old loop's job in place).
        #expect(forced.steps.last == .systemctl(["restart", "openclaw-gateway.service"], tolerated: false))
    }

    @Test("install beside a unit that serves another port uses openclaw-gateway-PORT.service")
    func installBeside() {
        let plan = ServicePlanner.install(Self.facts(standard: Self.oursOtherPort), unitText: Self.ours, force: false)
        #expect(plan.unit == "openclaw-gateway-18789.service")
        #expect(plan.steps.contains(.write(path: Self.directory + "/openclaw-gateway-18789.service", text: Self.ours)))
        #expect(!plan.steps.contains { if case .backup = $0 { return true } else { return false } })
        // A non-gateway file of the standard name is never touched either.
        let beside = ServicePlanner.install(Self.facts(standard: "[Service]\nExecStart=/bin/true\n"), unitText: Self.ours, force: false)
        #expect(beside.unit == "openclaw-gateway-18789.service")
    }

    @Test("install refuses when both names hold something else, unless --force")
    func installBothTaken() {
        let facts = Self.facts(standard: Self.oursOtherPort, portUnit: "[Service]\nExecStart=/bin/true\n")
        #expect(ServicePlanner.install(facts, unitText: Self.ours, force: false).exitCode == ServiceExit.foreignUnit)
        let forced = ServicePlanner.install(facts, unitText: Self.ours, force: true)
        #expect(forced.unit == "openclaw-gateway-18789.service")
        #expect(forced.backupPath == Self.directory + "/openclaw-gateway-18789.service.bak")
    }

    @Test("linger off warns with the command; unknown linger says it could not tell; on says nothing")
    func linger() {
        let off = ServicePlanner.install(Self.facts(linger: .disabled), unitText: Self.ours, force: false)
        #expect(off.warnings.count == 1)
        #expect(off.warnings.first?.contains("loginctl enable-linger u1") == true)
        #expect(off.exitCode == 0, "a warning, not a refusal")
        let unknown = ServicePlanner.install(Self.facts(linger: .unknown("no logind")), unitText: Self.ours, force: false)
        #expect(unknown.warnings.first?.contains("no logind") == true)
        #expect(ServicePlanner.start(Self.facts(standard: Self.ours, linger: .disabled)).warnings.count == 1)
    }

    @Test("without a user manager install, start, restart and uninstall refuse with 69 and the advice; stop uses the lock")
    func noSystemd() {
        let facts = Self.facts(standard: Self.ours, availability: Self.noSystemd)
        for plan in [ServicePlanner.install(facts, unitText: Self.ours, force: true), ServicePlanner.start(facts),
                     ServicePlanner.restart(facts), ServicePlanner.uninstall(facts, force: true)] {
            #expect(plan.exitCode == ServiceExit.noSystemd, "\(plan.command)")
            #expect(plan.steps.isEmpty, "\(plan.command)")
            #expect(plan.refusal == "systemd is not running here; run it yourself", "\(plan.command)")
        }
        #expect(ServicePlanner.stop(facts).steps == [.stopLockHolder(afterUnitStop: false)])
    }

    @Test("start reports a running unit instead of restarting it; starts an inactive or failed one; 5 when none")
    func start() {
        let running = ServicePlanner.start(Self.facts(standard: Self.ours, standardState: Self.state("active")))
        #expect(running.steps.isEmpty && running.exitCode == 0)
        #expect(running.notes == ["openclaw-gateway.service is already running (pid 812); not restarted."])
        for inactive in ["inactive", "failed"] {
            let plan = ServicePlanner.start(Self.facts(standard: Self.ours, standardState: Self.state(inactive, sub: "dead", pid: "0")))
            #expect(plan.steps == [.systemctl(["reset-failed", "openclaw-gateway.service"], tolerated: true),
                                   .systemctl(["start", "openclaw-gateway.service"], tolerated: false)])
        }
        let none = ServicePlanner.start(Self.facts())
        #expect(none.exitCode == ServiceExit.notInstalled)
        #expect(none.refusal?.contains("openclaw gateway install --port 18789") == true)
        #expect(ServicePlanner.restart(Self.facts()).exitCode == ServiceExit.notInstalled)
    }

    @Test("stop goes through systemctl when the unit runs or waits to restart, else through the lock")
    func stop() {
        for (active, sub) in [("active", "running"), ("activating", "auto-restart")] {
            let plan = ServicePlanner.stop(Self.facts(standard: Self.upstream, standardState: Self.state(active, sub: sub)))
            #expect(plan.steps == [.systemctl(["stop", "openclaw-gateway.service"], tolerated: false),
                                   .stopLockHolder(afterUnitStop: true)], "\(active)/\(sub)")
        }
        let inactive = ServicePlanner.stop(Self.facts(standard: Self.ours, standardState: Self.state("inactive", sub: "dead")))
        #expect(inactive.steps == [.stopLockHolder(afterUnitStop: false)])
        #expect(ServicePlanner.stop(Self.facts()).steps == [.stopLockHolder(afterUnitStop: false)])
    }

    @Test("uninstall disables and removes its own unit, refuses a foreign one without --force, keeps state")
    func uninstall() {
        let path = Self.directory + "/openclaw-gateway.service"
        let plan = ServicePlanner.uninstall(Self.facts(standard: Self.ours, standardState: Self.state("active")), force: false)
        #expect(plan.steps == [
            .systemctl(["disable", "--now", "openclaw-gateway.service"], tolerated: false), .remove(path),
            .systemctl(["daemon-reload"], tolerated: false),
            .systemctl(["reset-failed", "openclaw-gateway.service"], tolerated: true),
        ])
        #expect(plan.notes.first?.contains("/home/u1/.openclaw is kept") == true)
        #expect(!plan.steps.contains(.remove("/home/u1/.openclaw")))
        #expect(ServicePlanner.uninstall(Self.facts(standard: Self.upstream), force: false).exitCode == ServiceExit.foreignUnit)
        #expect(ServicePlanner.uninstall(Self.facts(standard: Self.upstream), force: true).steps.contains(.remove(path)))
        let nothing = ServicePlanner.uninstall(Self.facts(standard: Self.oursOtherPort), force: false)
        #expect(nothing.steps.isEmpty && nothing.exitCode == 0, "a unit for another port is not this port's")
    }
}

@Suite("service facts")
struct ServiceFactsTests {
    @Test("availability: WSL, container, plain machine, booted without a user manager")
    func availability() {
        let notBooted = SystemdPresence(systemBooted: false, userManagerReachable: false, journalStored: false)
        guard case .unavailable(let wslReason, let wslAdvice) = ServiceAvailability.judge(presence: notBooted, kind: .wsl2, container: nil, user: "u1")
        else { Issue.record("WSL without systemd judged available"); return }
        #expect(wslReason.contains("WSL"))
        #expect(wslAdvice.contains("systemd=true") && wslAdvice.contains("/etc/wsl.conf") && wslAdvice.contains("wsl.exe --shutdown"))
        guard case .unavailable(let containerReason, _) = ServiceAvailability.judge(
            presence: notBooted, kind: .container, container: .docker, user: "u1")
        else { Issue.record("container judged available"); return }
        #expect(containerReason.contains("container (docker)"))
        // The foreground command in the advice keeps the user's port.
        guard case .unavailable(_, let portAdvice) = ServiceAvailability.judge(
            presence: notBooted, kind: .native, container: nil, user: "u1", run: "openclaw gateway run --port 18806")
        else { Issue.record("native without systemd judged available"); return }
        #expect(portAdvice.hasSuffix("in the foreground instead: openclaw gateway run --port 18806"), "\(portAdvice)")
        #expect(portAdvice.contains("supervise 'openclaw gateway run --port 18806'"), "\(portAdvice)")
        let noUser = SystemdPresence(systemBooted: true, userManagerReachable: false, journalStored: true)
        guard case .unavailable(_, let advice) = ServiceAvailability.judge(presence: noUser, kind: .native, container: nil, user: "u1")
        else { Issue.record("no user manager judged available"); return }
        #expect(advice.contains("loginctl enable-linger u1"))
        let both = SystemdPresence(systemBooted: true, userManagerReachable: true, journalStored: true)
        #expect(ServiceAvailability.judge(presence: both, kind: .container, container: .systemdNspawn, user: "u1") == .available)
    }

    @Test("the unit directory is $XDG_CONFIG_HOME/systemd/user, else ~/.config/systemd/user (a relative one is ignored)")
    func directory() {
        #expect(ServiceUnitName.directory(environment: ["XDG_CONFIG_HOME": "/srv/cfg/"], home: "/home/u1") == "/srv/cfg/systemd/user")
        #expect(ServiceUnitName.directory(environment: ["XDG_CONFIG_HOME": "cfg"], home: "/home/u1/") == "/home/u1/.config/systemd/user")
        #expect(ServiceUnitName.directory(environment: [:], home: "/root") == "/root/.config/systemd/user")
    }

    @Test("linger from loginctl: yes, no, anything else unknown")
    func lingerParse() {
        #expect(LingerState.parse("Linger=yes\n") == .enabled)
        #expect(LingerState.parse("no") == .disabled)
        #expect(LingerState.parse("Linger=maybe") == .unknown("loginctl answered \"maybe\""))
    }

    @Test("a unit reads back as ours with its port; upstream's and a non-gateway unit do not")
    func reading() {
        let ours = SystemdUnit.render(executable: "/usr/bin/openclaw", port: 18790, stateDirectory: nil)
        #expect(GatewayUnitReading.read(text: ours) == GatewayUnitReading(port: 18790, preventsRestartOn78: true, writtenByInstall: true))
        #expect(GatewayUnitReading.read(text: ServicePlannerTests.upstream)?.writtenByInstall == false)
        #expect(GatewayUnitReading.read(text: ServicePlannerTests.upstream)?.port == 18789)
        #expect(GatewayUnitReading.read(text: "[Service]\nExecStart=/bin/true\n") == nil)
        // The marker counts only at the start of a line, never inside ExecStart= or a Description=.
        let quoted = ServicePlannerTests.upstream.replacingOccurrences(of: "Description=OpenClaw Gateway", with: "Description=\(SystemdUnit.marker)")
        #expect(GatewayUnitReading.read(text: quoted)?.writtenByInstall == false)
    }

    @Test("status: uptime from the main process's monotonic start, restarts, connections")
    func status() {
        let file = ServiceUnitFile(
            name: "openclaw-gateway.service", path: "/u/openclaw-gateway.service", text: nil,
            state: SystemdUnitState(scope: .user, unit: "openclaw-gateway.service", properties: [
                "ActiveState": "active", "SubState": "running", "MainPID": "812", "NRestarts": "3",
                "ExecMainStartTimestampMonotonic": "5000000",
            ]))
        let status = ServiceStatus.from(file, monotonicNow: 189_000_000, openConnections: 2)
        #expect(status.uptimeSeconds == 184)
        #expect(status.line == "openclaw-gateway.service active (running), pid 812, up 3 min 4 s, 3 restarts, 2 open connections")
        var stopped = file
        stopped.state?.properties["ActiveState"] = "inactive"
        stopped.state?.properties["MainPID"] = "0"
        let idle = ServiceStatus.from(stopped, monotonicNow: 189_000_000, openConnections: nil)
        #expect(idle.uptimeSeconds == nil && idle.mainPID == nil && idle.openConnections == nil)
    }

    @Test("open connections: ESTABLISHED sockets on the local port only")
    func connections() {
        func row(_ local: UInt16, _ remote: UInt16, _ state: UInt8) -> TCPSocketRow {
            TCPSocketRow(family: .inet, localAddress: "127.0.0.1", localPort: local, remoteAddress: "127.0.0.1",
                         remotePort: remote, state: state, uid: 1000, inode: 1)
        }
        let rows = [row(18789, 0, 0x0A), row(18789, 40000, 0x01), row(18789, 40001, 0x01), row(40002, 18789, 0x01),
                    row(18789, 40003, 0x06)]
        #expect(ServiceStatus.openConnections(rows, port: 18789) == 2)
    }
}
