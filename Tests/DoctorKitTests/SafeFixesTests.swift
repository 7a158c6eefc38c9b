@testable import DoctorKit
import Foundation
import Gateway
import NetProbe
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// `--fix` planning (pure) and applying (real files in temporary directories).
@Suite("Doctor safe fixes")
struct SafeFixesTests {
    typealias T = DoctorTestInputs

    func plan(_ live: LiveObservations, home: String = "/h", port: UInt16 = 18789) -> [PlannedFix] {
        SafeFixes.plan(live: live, configuration: T.configuration(port: port), home: home, executable: "/opt/bin/openclaw")
    }

    @Test("plans: create a missing lock dir, tighten a loose one, never touch a symlink or another user's")
    func lockDirectoryPlans() {
        var live = T.quietLive()
        live.units = .value([UnitFile(path: SafeFixes.unitPath(home: "/h"), text: SupervisorCheckTests.good)])
        #expect(plan(live).map(\.action) == [.createPrivateDirectory(path: T.paths.lockDirectory)])
        live.lockDirectory = .value(T.directory(mode: 0o755))
        #expect(plan(live).map(\.action) == [.tightenDirectory(path: T.paths.lockDirectory, from: 0o755)])
        live.lockDirectory = .value(T.directory(mode: 0o700))
        #expect(plan(live).isEmpty)
        live.lockDirectory = .value(T.directory(symlink: true, isDirectory: false, mode: 0o777))
        #expect(plan(live).isEmpty)
        live.lockDirectory = .value(T.directory(mode: 0o777, owner: 0, me: 1000))
        #expect(plan(live).isEmpty)
        var windows = LiveObservations.none("x")
        windows.lockDirectory = .value(LockDirectoryState(path: "/mnt/c/Users/u/run", exists: true, isSymlink: false,
                                                          isDirectory: true, mode: 0o777, ownerUID: 1, currentUID: 1))
        #expect(plan(windows).isEmpty, "a Windows drive is never touched")
    }

    @Test("plans the unit: only a unit of ours lacking 78; never a new unit (supervisor.systemd is ok without one), never another port's file, never a unit elsewhere")
    func unitPlans() {
        func units(_ u: [UnitFile], port: UInt16 = 18789) -> [PlannedFix.Action] {
            var live = LiveObservations.none("x")
            live.units = .value(u)
            return plan(live, port: port).map(\.action)
        }
        let target = SafeFixes.unitPath(home: "/h")
        #expect(units([]).isEmpty, "no unit: supervisor.systemd is ok, so --fix proposes nothing")
        if case .writeUnit(let path, let contents, let replacing)? = units([UnitFile(path: target, text: SupervisorCheckTests.noPrevent)]).first {
            #expect(path == target && replacing)
            #expect(contents == SystemdUnit.render(executable: "/opt/bin/openclaw", port: 18789, stateDirectory: nil))
        } else {
            Issue.record("a unit without 78 must be rewritten")
        }
        #expect(units([UnitFile(path: target, text: SupervisorCheckTests.good)]).isEmpty)
        // openclaw-gateway.service serves 18789: doctoring port 20005 installs nothing new either.
        #expect(units([UnitFile(path: target, text: SupervisorCheckTests.good)], port: 20005).isEmpty)
        // A unit in /etc for the port lacking 78: named by the check, edited by a person.
        #expect(units([UnitFile(path: "/etc/systemd/user/gw.service", text: SupervisorCheckTests.noPrevent)]).isEmpty)
    }

    @Test("applies on real files: mkdir 0700, chmod 700, unit written with a .bak; refuses a swapped-in symlink")
    func applyOnRealFiles() throws {
        let root = DoctorTestSupport.temporaryDirectory("fix")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let dir = root + "/state/run"
        #expect(SafeFixes.apply(PlannedFix(checkId: "gateway.lock", action: .createPrivateDirectory(path: dir), before: "", after: "")) == nil)
        #expect(LiveGatherer.inspectDirectory(dir).isPrivate)

        chmod(dir, 0o755)
        #expect(!LiveGatherer.inspectDirectory(dir).isPrivate)
        #expect(SafeFixes.apply(PlannedFix(checkId: "gateway.lock", action: .tightenDirectory(path: dir, from: 0o755), before: "", after: "")) == nil)
        #expect(LiveGatherer.inspectDirectory(dir).mode == 0o700)

        let target = root + "/elsewhere"
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        let link = root + "/link"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        #expect(SafeFixes.apply(PlannedFix(checkId: "gateway.lock", action: .tightenDirectory(path: link, from: 0o755), before: "", after: "")) != nil)
        #expect(SafeFixes.apply(PlannedFix(checkId: "gateway.lock", action: .createPrivateDirectory(path: link), before: "", after: "")) != nil)
        #expect(LiveGatherer.inspectDirectory(target).mode == 0o755, "the symlink's target is untouched")

        let unit = root + "/home/.config/systemd/user/openclaw-gateway.service"
        #expect(SafeFixes.apply(PlannedFix(checkId: "supervisor.systemd", action: .writeUnit(path: unit, contents: "A", replacing: false), before: "", after: "")) == nil)
        #expect(SafeFixes.apply(PlannedFix(checkId: "supervisor.systemd", action: .writeUnit(path: unit, contents: "B", replacing: true), before: "", after: "")) == nil)
        #expect(try String(contentsOfFile: unit, encoding: .utf8) == "B")
        #expect(try String(contentsOfFile: unit + ".bak", encoding: .utf8) == "A")
    }
}
