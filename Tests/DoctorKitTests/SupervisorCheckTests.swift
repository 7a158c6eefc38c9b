@testable import DoctorKit
import Foundation
import Gateway
import NetProbe
import Testing
import TestSupport

/// `supervisor.systemd` over unit texts, and the unit reader over real files.
@Suite("Doctor supervisor check")
struct SupervisorCheckTests {
    typealias T = DoctorTestInputs

    static let good = SystemdUnit.render(executable: "/opt/openclaw/bin/openclaw", port: 18789, stateDirectory: nil)
    static let noPrevent = good.replacingOccurrences(of: "RestartPreventExitStatus=78\n", with: "")

    func run(_ units: [UnitFile], port: UInt16 = 18789) throws -> CheckResult {
        var live = T.quietLive(port: port)
        live.units = .value(units)
        return T.run("supervisor.systemd", T.inputs(try T.live("native-debian.txt"), T.configuration(port: port), live: live))
    }

    @Test("the generated unit passes; without RestartPreventExitStatus=78 it warns; two units for one port warn")
    func states() throws {
        let none = try run([UnitFile(path: "/h/.config/systemd/user/other.service", text: "[Service]\nExecStart=/usr/bin/sleep 1\n")])
        #expect(none.status == .ok && none.title == "no systemd user unit runs the gateway")

        let good = try run([UnitFile(path: "/h/.config/systemd/user/openclaw-gateway.service", text: Self.good)])
        #expect(good.status == .ok && good.data["forPort"] == 1)

        let bad = try run([UnitFile(path: "/h/.config/systemd/user/openclaw-gateway.service", text: Self.noPrevent)])
        #expect(bad.status == .warn)
        #expect(bad.path == "/h/.config/systemd/user/openclaw-gateway.service")
        #expect(bad.fix?.contains("RestartPreventExitStatus=78") == true)

        let two = try run([UnitFile(path: "/h/.config/systemd/user/a.service", text: Self.good),
                           UnitFile(path: "/h/.config/systemd/user/b.service", text: Self.good)])
        #expect(two.status == .warn && two.detail.contains { $0.contains("port 18789 has 2 units") })

        let notRead = T.run("supervisor.systemd", T.inputs(try T.live("native-debian.txt"), live: {
            var l = T.quietLive(); l.units = .timedOut(milliseconds: 1500); return l
        }()))
        #expect(notRead.status == .skip && notRead.data["reason"] != nil)
    }

    @Test("a unit with RestartPreventExitStatus=78 that systemd restarts in a loop now fails, naming the counter and the signature")
    func liveLoop() throws {
        let upstream = "[Service]\nExecStart=/usr/bin/openclaw gateway --port 18789\nRestart=always\nRestartPreventExitStatus=78\n"
        var facts = try T.live("native-debian.txt")
        facts.systemdShow = [SystemdUnitState(scope: .user, unit: "openclaw-gateway.service", properties: [
            "LoadState": "loaded", "ActiveState": "activating", "SubState": "auto-restart", "NRestarts": "4",
            "ExecMainStatus": "1", "Result": "exit-code",
        ])]
        facts.journal = [JournalQuery(scope: .user, unit: "openclaw-gateway.service", entries: [
            JournalEntry(fields: ["MESSAGE": "Gateway failed to start: another gateway instance is already listening on ws://127.0.0.1:18789",
                                  "SYSLOG_IDENTIFIER": "openclaw", "PRIORITY": "6"]),
        ])]
        var live = T.quietLive()
        live.units = .value([UnitFile(path: "/h/.config/systemd/user/openclaw-gateway.service", text: upstream)])
        let looping = T.run("supervisor.systemd", T.inputs(facts, T.configuration(), live: live))
        #expect(looping.status == .fail)
        #expect(looping.title == "a gateway unit is in a restart loop now")
        #expect(looping.detail.first?.contains("restart counter 4") == true, "\(looping.detail)")
        #expect(looping.detail.first?.contains("[upstream-already-listening]") == true, "\(looping.detail)")
        #expect(looping.fix?.hasPrefix("replace the looping unit") == true)
        // The same files with a unit that runs: no loop, the file's verdict alone (ok).
        facts.systemdShow = [SystemdUnitState(scope: .user, unit: "openclaw-gateway.service", properties: [
            "LoadState": "loaded", "ActiveState": "active", "SubState": "running", "NRestarts": "0",
        ])]
        facts.journal = []
        let calm = T.run("supervisor.systemd", T.inputs(facts, T.configuration(), live: live))
        #expect(calm.status == .ok, "\(calm.detail)")
    }

    @Test("unit parsing: sections, EX_CONFIG, reset by an empty assignment, drop-ins, --port forms, overrides by name")
    func parsing() {
        func unit(_ text: String, dropIns: [String] = []) -> GatewayUnit? {
            GatewayUnit(UnitFile(path: "/u/x.service", text: text,
                                 dropIns: dropIns.enumerated().map { UnitFile(path: "/u/x.service.d/\($0.offset).conf", text: $0.element) }))
        }
        let exec = "[Service]\nExecStart=/usr/local/bin/openclaw gateway run --port=20001\n"
        #expect(unit(exec)?.port == 20001)
        #expect(unit(exec)?.preventsRestartOn78 == false)
        #expect(unit(exec + "RestartPreventExitStatus=1 EX_CONFIG\n")?.preventsRestartOn78 == true)
        #expect(unit(exec + "RestartPreventExitStatus=78\nRestartPreventExitStatus=\n")?.preventsRestartOn78 == false)
        #expect(unit(exec + "[Install]\nRestartPreventExitStatus=78\n")?.preventsRestartOn78 == false, "only [Service] counts")
        #expect(unit(exec, dropIns: ["[Service]\nRestartPreventExitStatus=78\n"])?.preventsRestartOn78 == true)
        #expect(unit("[Service]\nExecStart=/usr/bin/openclaw gateway run --port 20002\n")?.port == 20002)
        #expect(unit("[Service]\nExecStart=/usr/bin/python3 -m http.server\n") == nil)
        #expect(unit("[Service]\nExecStart=/usr/bin/echo gateway openclaw\n") == nil)
        #expect(unit("# ExecStart=/usr/bin/openclaw gateway run\n") == nil)

        // ~/.config/systemd/user/x.service overrides /etc/systemd/user/x.service; a masked (empty) unit hides it.
        let user = UnitFile(path: "/h/.config/systemd/user/openclaw-gateway.service", text: Self.good)
        let etc = UnitFile(path: "/etc/systemd/user/openclaw-gateway.service", text: Self.noPrevent)
        #expect(GatewayUnit.effective([user, etc]).map(\.path) == [user.path])
        let masked = UnitFile(path: "/h/.config/systemd/user/openclaw-gateway.service", text: "")
        #expect(GatewayUnit.effective([masked, etc]).isEmpty)
    }

    @Test("the unit reader reads *.service files with their drop-ins from real directories")
    func readerOnRealFiles() throws {
        let root = TestDirectory.make("units")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let user = root + "/user", system = root + "/system"
        try FileManager.default.createDirectory(atPath: user + "/openclaw-gateway.service.d", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: system, withIntermediateDirectories: true)
        try Self.noPrevent.write(toFile: user + "/openclaw-gateway.service", atomically: true, encoding: .utf8)
        try "[Service]\nRestartPreventExitStatus=78\n".write(toFile: user + "/openclaw-gateway.service.d/78.conf", atomically: true, encoding: .utf8)
        try "not a unit".write(toFile: user + "/notes.txt", atomically: true, encoding: .utf8)
        try Self.good.write(toFile: system + "/openclaw-gateway.service", atomically: true, encoding: .utf8)
        let units = LiveGatherer.readUnits(in: [user, system, root + "/missing"])
        #expect(units.map(\.path) == [user + "/openclaw-gateway.service", system + "/openclaw-gateway.service"])
        #expect(units.first?.dropIns.map(\.path) == [user + "/openclaw-gateway.service.d/78.conf"])
        let effective = GatewayUnit.effective(units)
        #expect(effective.count == 1 && effective.first?.preventsRestartOn78 == true)
    }
}
