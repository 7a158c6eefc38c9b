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
        live.lockDirectory = .value(T.directory(mode: 0o755, gatewayOwned: false))
        #expect(plan(live).isEmpty, "a directory that is not the gateway's own (/run, a symlinked state dir's target) is never chmodded")
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

    @Test("issue 23 item 4: nothing is made or tightened inside a state directory gateway run refuses (another account's)")
    func untrustedStateDirectory() throws {
        var configuration = T.configuration()
        configuration.paths = GatewayPaths(stateDirectory: "/home/bob/state", lockDirectory: "/home/bob/state/run")
        var live = T.quietLive()
        live.units = .value([])
        live.lockDirectory = .value(LockDirectoryState(path: "/home/bob/state/run", exists: false, isSymlink: false, isDirectory: false,
                                                       mode: 0, ownerUID: 0, currentUID: 0))
        let fixes = { SafeFixes.plan(live: live, configuration: configuration, home: "/h", executable: "/opt/bin/openclaw").map(\.action) }
        #expect(fixes() == [.createPrivateDirectory(path: "/home/bob/state/run")], "a trusted (or unchecked) state directory")
        let entry = StatePathTrust.Entry(path: "/home/bob/state", role: .stateDirectory, uid: 1001, mode: 0o755)
        live.stateDirectory = .value(.init(entries: [entry], refusal: StatePathTrust.judge(entry, effectiveUID: 0), effectiveUID: 0))
        #expect(fixes().isEmpty, "a root --fix creates nothing in another account's state directory")
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
        let root = TestDirectory.make("fix")
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

    static func write(_ path: String, _ action: PlannedFix.Action) -> String? {
        SafeFixes.apply(PlannedFix(checkId: "x", action: action, before: "", after: ""))
    }

    static func mode(_ path: String) -> UInt32 {
        var st = stat()
        return lstat(path, &st) == 0 ? UInt32(st.st_mode & 0o7777) : 0
    }

    @Test("sec2 re-attack, item 14: a lock directory reached through `..` (`--state-dir ../state`) is the gateway's own and --fix tightens it; through a symlink it is not")
    func dotDotIsOurs() throws {
        let root = TestDirectory.make("fix-dotdot")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let run = root + "/state/run"
        try FileManager.default.createDirectory(atPath: run, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/cwd", withIntermediateDirectories: true)
        chmod(run, 0o755)
        // What GatewayPaths makes of `--state-dir ../state` from `root/cwd` (`..` kept, as the kernel resolves it).
        let given = root + "/cwd/../state/run"
        #expect(LiveGatherer.inspectDirectory(given).gatewayOwned, "at a625e63 realpath's answer differed from the text: not ours")
        #expect(Self.write(given, .tightenDirectory(path: given, from: 0o755)) == nil)
        #expect(Self.mode(run) == 0o700)
        try FileManager.default.createSymbolicLink(atPath: root + "/link", withDestinationPath: root + "/cwd")
        #expect(!LiveGatherer.inspectDirectory(root + "/link/../state/run").gatewayOwned, "a symlink on the way is not ours")
    }

    @Test("never chmods what is not the gateway's own: a directory holding other files, the target of a symlinked state directory")
    func directoriesNotOurs() throws {
        let root = TestDirectory.make("fix-notours")
        defer { try? FileManager.default.removeItem(atPath: root) }
        // Like `/run`: a directory with other files in it.
        let runLike = root + "/fakeroot/run"
        try FileManager.default.createDirectory(atPath: runLike, withIntermediateDirectories: true)
        chmod(runLike, 0o755)
        _ = FileManager.default.createFile(atPath: runLike + "/other.pid", contents: Data("1".utf8))
        #expect(!LiveGatherer.inspectDirectory(runLike).gatewayOwned)
        #expect(Self.write(runLike, .tightenDirectory(path: runLike, from: 0o755))?.contains("not the gateway's own") == true)
        #expect(Self.mode(runLike) == 0o755)
        // A symlinked state directory: `<state>/run` resolves to the fake root's `run`.
        try FileManager.default.createSymbolicLink(atPath: root + "/state", withDestinationPath: root + "/fakeroot")
        let throughLink = root + "/state/run"
        #expect(!LiveGatherer.inspectDirectory(throughLink).gatewayOwned)
        #expect(Self.write(throughLink, .tightenDirectory(path: throughLink, from: 0o755)) != nil)
        #expect(Self.write(throughLink, .createPrivateDirectory(path: throughLink))?.contains("not changed") == true)
        #expect(Self.mode(runLike) == 0o755)
        // Even an empty directory reached through the symlink is not the gateway's own.
        try FileManager.default.removeItem(atPath: runLike + "/other.pid")
        #expect(!LiveGatherer.inspectDirectory(throughLink).gatewayOwned && LiveGatherer.inspectDirectory(runLike).gatewayOwned)
        #expect(Self.write(throughLink, .tightenDirectory(path: throughLink, from: 0o755)) != nil)
        #expect(Self.mode(runLike) == 0o755)
    }

    @Test("the unit: a symlink is not replaced; an `.bak` directory is never deleted, the old file goes to an unused name")
    func unitFilesNotOurs() throws {
        let root = TestDirectory.make("fix-unit")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let unitDirectory = root + "/home/.config/systemd/user"
        try FileManager.default.createDirectory(atPath: unitDirectory, withIntermediateDirectories: true)
        let unit = unitDirectory + "/openclaw-gateway.service"
        let elsewhere = root + "/elsewhere.service"
        try "ORIGINAL".write(toFile: elsewhere, atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: unit, withDestinationPath: elsewhere)
        #expect(Self.write(unit, .writeUnit(path: unit, contents: "NEW", replacing: true))?.contains("symbolic link") == true)
        #expect(try String(contentsOfFile: elsewhere, encoding: .utf8) == "ORIGINAL")
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: unit)) == elsewhere)
        try FileManager.default.removeItem(atPath: unit)

        try "OLD".write(toFile: unit, atomically: false, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: unit + ".bak", withIntermediateDirectories: true)
        try "precious".write(toFile: unit + ".bak/keep", atomically: false, encoding: .utf8)
        #expect(Self.write(unit, .writeUnit(path: unit, contents: "NEW", replacing: true)) == nil)
        #expect(try String(contentsOfFile: unit, encoding: .utf8) == "NEW")
        #expect(try String(contentsOfFile: unit + ".bak/keep", encoding: .utf8) == "precious")
        #expect(try String(contentsOfFile: unit + ".bak.1", encoding: .utf8) == "OLD")
        #expect(Self.write(unit, .writeUnit(path: unit, contents: "NEWER", replacing: true)) == nil)
        #expect(try String(contentsOfFile: unit + ".bak.2", encoding: .utf8) == "NEW")
        #expect(try String(contentsOfFile: unit + ".bak.1", encoding: .utf8) == "OLD")
        #expect(Self.mode(unit) == 0o644)
        // A planned write over a file that has since appeared is not done.
        #expect(Self.write(unit, .writeUnit(path: unit, contents: "X", replacing: false))?.contains("changed since") == true)
        #expect(try String(contentsOfFile: unit, encoding: .utf8) == "NEWER")
    }

    @Test("the unit: another user's file and a hard-linked one are not replaced",
          .enabled(if: Privilege.rootTestsEnabled, Privilege.rootSkipReason))
    func unitForeignOwner() throws {
        try Privilege.requireRoot()
        let root = TestDirectory.make("fix-foreign")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let unit = root + "/openclaw-gateway.service"
        try "THEIRS".write(toFile: unit, atomically: false, encoding: .utf8)
        chmod(unit, 0o640)
        #expect(chown(unit, 65534, 65534) == 0)
        #expect(Self.write(unit, .writeUnit(path: unit, contents: "NEW", replacing: true))?.contains("owned by uid 65534") == true)
        var st = stat()
        #expect(lstat(unit, &st) == 0 && st.st_uid == 65534 && st.st_mode & 0o777 == 0o640)
        #expect(try String(contentsOfFile: unit, encoding: .utf8) == "THEIRS")
        #expect(!FileManager.default.fileExists(atPath: unit + ".bak"))

        #expect(chown(unit, 0, 0) == 0)
        #expect(link(unit, root + "/other-name") == 0)
        #expect(Self.write(unit, .writeUnit(path: unit, contents: "NEW", replacing: true))?.contains("hard links") == true)
        #expect(try String(contentsOfFile: root + "/other-name", encoding: .utf8) == "THEIRS")
    }
}
