import Foundation
import Testing
import TestSupport
@testable import Gateway
import GatewayLive

/// Issue 23 item 4: the gateway trusts a state directory only as OpenSSH (`StrictModes`) and PostgreSQL (the data
/// directory) trust theirs.
@Suite("State directory trust")
struct StatePathTrustTests {
    typealias Entry = StatePathTrust.Entry

    @Test("the rule: the user's own, not writable by others; root accepts root-owned only; above it root or the user, sticky root-owned allowed")
    func rule() {
        let judge = { (entry: Entry, uid: UInt32) in StatePathTrust.judge(entry, effectiveUID: uid)?.problem }
        for role in [StatePathTrust.Role.stateDirectory, .canvasRoot, .configFile] {
            #expect(judge(Entry(path: "/s", role: role, uid: 1000, mode: 0o700), 1000) == nil)
            #expect(judge(Entry(path: "/s", role: role, uid: 1000, mode: 0o755), 1000) == nil)
            #expect(judge(Entry(path: "/s", role: role, uid: 1001, mode: 0o700), 1000) == .foreignOwner)
            #expect(judge(Entry(path: "/s", role: role, uid: 1001, mode: 0o700), 0) == .foreignOwner, "root accepts root-owned only")
            #expect(judge(Entry(path: "/s", role: role, uid: 0, mode: 0o700), 1000) == .foreignOwner)
            #expect(judge(Entry(path: "/s", role: role, uid: 1000, mode: 0o775), 1000) == .writableByOthers)
            #expect(judge(Entry(path: "/s", role: role, uid: 1000, mode: 0o702), 1000) == .writableByOthers)
            #expect(judge(Entry(path: "/s", role: role, uid: 0, mode: 0o1777), 0) == .writableByOthers, "sticky counts only above")
        }
        #expect(judge(Entry(path: "/", role: .ancestor, uid: 0, mode: 0o755), 1000) == nil)
        #expect(judge(Entry(path: "/home/a", role: .ancestor, uid: 1000, mode: 0o700), 1000) == nil)
        #expect(judge(Entry(path: "/tmp", role: .ancestor, uid: 0, mode: 0o1777), 1000) == nil)
        #expect(judge(Entry(path: "/home/bob", role: .ancestor, uid: 1001, mode: 0o755), 0) == .foreignOwner)
        #expect(judge(Entry(path: "/shared", role: .ancestor, uid: 0, mode: 0o777), 1000) == .writableByOthers)
        #expect(judge(Entry(path: "/bobtmp", role: .ancestor, uid: 1001, mode: 0o1777), 1001) == nil)
        #expect(judge(Entry(path: "/bobtmp", role: .ancestor, uid: 1001, mode: 0o1777), 0) == .foreignOwner)
    }

    @Test("the refusal names the path, its owner, its mode and the fix")
    func wording() throws {
        let foreign = try #require(StatePathTrust.judge(Entry(path: "/home/bob/state", role: .stateDirectory, uid: 1001, mode: 0o755), effectiveUID: 0))
        #expect(foreign.description.contains("/home/bob/state") && foreign.description.contains("uid 1001")
                && foreign.description.contains("mode 755") && foreign.description.contains("--state-dir"), "\(foreign)")
        let loose = try #require(StatePathTrust.judge(Entry(path: "/s/canvas", role: .canvasRoot, uid: 0, mode: 0o777), effectiveUID: 0))
        #expect(loose.description.contains("canvas root /s/canvas") && loose.description.contains("mode 777")
                && loose.description.contains("chmod go-w /s/canvas"), "\(loose)")
    }

    @Test("ancestors of a path")
    func ancestors() {
        #expect(StatePathTrust.ancestors(of: "/a/b/c") == ["/", "/a", "/a/b"])
        #expect(StatePathTrust.ancestors(of: "/a") == ["/"])
        #expect(StatePathTrust.ancestors(of: "/") == [])
    }

    @Test("on real directories: another user's state directory, canvas root or openclaw.json is refused, a group-writable one too",
          .enabled(if: Privilege.rootTestsEnabled, Privilege.rootSkipReason))
    func live() throws {
        try Privilege.requireRoot()
        let state = TestDirectory.make("trust")
        chmod(state, 0o700)
        let paths = GatewayPaths(stateDirectory: state, lockDirectory: state + "/run")
        #expect(StatePathTrust.inspection(paths).refusal == nil, "a fresh private directory is trusted")
        try FileManager.default.createDirectory(atPath: state + "/canvas", withIntermediateDirectories: false)
        try "{}".write(toFile: state + "/openclaw.json", atomically: true, encoding: .utf8)
        #expect(StatePathTrust.inspection(paths).refusal == nil)

        #expect(chown(state + "/openclaw.json", 65534, 65534) == 0)
        #expect(StatePathTrust.inspection(paths).refusal?.entry.role == .configFile)
        #expect(chown(state + "/openclaw.json", 0, 0) == 0)
        chmod(state + "/canvas", 0o777)
        #expect(StatePathTrust.inspection(paths).refusal?.problem == .writableByOthers)
        chmod(state + "/canvas", 0o755)
        // canvas -> a directory another user owns
        try FileManager.default.removeItem(atPath: state + "/canvas")
        let theirs = TestDirectory.make("theirs")
        #expect(chown(theirs, 65534, 65534) == 0)
        try FileManager.default.createSymbolicLink(atPath: state + "/canvas", withDestinationPath: theirs)
        let refusal = StatePathTrust.inspection(paths).refusal
        #expect(refusal?.entry.role == .canvasRoot && refusal?.problem == .foreignOwner, "\(String(describing: refusal))")
        try FileManager.default.removeItem(atPath: state + "/canvas")
        #expect(chown(state, 65534, 65534) == 0)
        #expect(StatePathTrust.inspection(paths).refusal?.entry.role == .stateDirectory)
        // A state directory reached through a directory another user owns.
        let above = TestDirectory.make("above")
        #expect(chown(above, 65534, 65534) == 0)
        let inner = above + "/state"
        #expect(mkdir(inner, 0o700) == 0)
        let innerRefusal = StatePathTrust.inspection(GatewayPaths(stateDirectory: inner, lockDirectory: inner + "/run")).refusal
        #expect(innerRefusal?.entry.role == .ancestor && innerRefusal?.entry.path == above, "\(String(describing: innerRefusal))")
    }

    @Test("each refusal names the path in its own role: a foreign state directory holding a canvas is 'the state directory', a foreign directory above the canvas root's target is 'above the canvas root'",
          .enabled(if: Privilege.rootTestsEnabled, Privilege.rootSkipReason))
    func roles() throws {
        try Privilege.requireRoot()
        let state = TestDirectory.make("trust-role")
        chmod(state, 0o700)
        let paths = GatewayPaths(stateDirectory: state, lockDirectory: state + "/run")
        try FileManager.default.createDirectory(atPath: state + "/canvas", withIntermediateDirectories: false)
        #expect(chown(state, 65534, 65534) == 0)
        let own = try #require(StatePathTrust.inspection(paths).refusal)
        #expect(own.entry.role == .stateDirectory && own.entry.path == state, "\(own)")
        #expect(own.description.contains("the state directory \(state):") && !own.description.contains("directory above"), "\(own)")
        #expect(chown(state, 0, 0) == 0)

        // canvas -> THEIRS/inner: THEIRS is above the canvas root, not above the state directory.
        try FileManager.default.removeItem(atPath: state + "/canvas")
        let theirs = TestDirectory.make("trust-role-theirs")
        #expect(mkdir(theirs + "/inner", 0o755) == 0)
        #expect(chown(theirs, 65534, 65534) == 0)
        try FileManager.default.createSymbolicLink(atPath: state + "/canvas", withDestinationPath: theirs + "/inner")
        let above = try #require(StatePathTrust.inspection(paths).refusal)
        #expect(above.entry.role == .canvasAncestor && above.entry.path == theirs, "\(above)")
        #expect(above.description.contains("the directory above the canvas root \(theirs):"), "\(above)")
    }

    @Test("sec2 re-attack: a symlink on the path is judged by its owner only (this user's or root's), whatever its mode")
    func symlinkRule() throws {
        let judge = { (role: StatePathTrust.Role, uid: UInt32, me: UInt32) in
            StatePathTrust.judge(Entry(path: "/tmp/link", role: role, uid: uid, mode: 0o777), effectiveUID: me)?.problem
        }
        for role in [StatePathTrust.Role.symlink, .tokenFileSymlink] {
            #expect(judge(role, 0, 0) == nil && judge(role, 1000, 1000) == nil && judge(role, 0, 1000) == nil, "mode 777 means nothing")
            #expect(judge(role, 1001, 0) == .foreignOwner && judge(role, 1001, 1000) == .foreignOwner)
        }
        let state = try #require(StatePathTrust.judge(Entry(path: "/tmp/l", role: .symlink, uid: 1001, mode: 0o777), effectiveUID: 0))
        #expect(state.description.contains("the symlink on the state directory's path /tmp/l: it is owned by uid 1001")
                && state.fix.contains("--state-dir") && !state.fix.contains("chown"), "\(state)")
        let token = try #require(StatePathTrust.judge(Entry(path: "/tmp/t", role: .tokenFileSymlink, uid: 1001, mode: 0o777), effectiveUID: 0))
        #expect(token.description.contains("the symlink on the token file's path /tmp/t") && token.fix.contains("--token-file"), "\(token)")
    }

    @Test("sec2 re-attack: on real paths, another account's symlink anywhere in the resolution of the state directory, the canvas root or the token file is refused, links inside links too; root's are followed",
          .enabled(if: Privilege.rootTestsEnabled, Privilege.rootSkipReason))
    func symlinks() throws {
        try Privilege.requireRoot()
        let base = TestDirectory.make("trust-links")
        defer { try? FileManager.default.removeItem(atPath: base) }
        let state = base + "/state"
        #expect(mkdir(state, 0o700) == 0)
        let link = base + "/link", hop = base + "/hop"
        #expect(symlink(state, link) == 0 && symlink("link", hop) == 0)
        func refusal(_ path: String) -> StatePathTrust.Refusal? {
            StatePathTrust.inspection(GatewayPaths(stateDirectory: path, lockDirectory: path + "/run")).refusal
        }
        #expect(refusal(link) == nil && refusal(hop) == nil, "root's links are followed")
        #expect(lchown(link, 65534, 65534) == 0)
        for given in [link, hop, link + "/../state"] {
            let found = try #require(refusal(given), "\(given)")
            #expect(found.entry.role == .symlink && found.entry.path == link && found.problem == .foreignOwner, "\(given): \(found)")
        }
        #expect(lchown(link, 0, 0) == 0)
        // The canvas root reached through another account's link.
        let real = base + "/real"
        #expect(mkdir(real, 0o755) == 0 && symlink(real, base + "/clink") == 0 && lchown(base + "/clink", 65534, 65534) == 0)
        #expect(symlink(base + "/clink", state + "/canvas") == 0)
        let canvas = try #require(refusal(state))
        #expect(canvas.entry.role == .symlink && canvas.entry.path == base + "/clink", "\(canvas)")
        // The token file itself as another account's link to a private root file.
        let token = base + "/token"
        try "0123456789abcdef0123\n".write(toFile: token, atomically: false, encoding: .utf8)
        chmod(token, 0o600)
        #expect(symlink(token, base + "/tlink") == 0)
        guard case .success = TokenFile.read(path: base + "/tlink") else { Issue.record("root's link to a private file is read"); return }
        #expect(lchown(base + "/tlink", 65534, 65534) == 0)
        guard case .failure(let tokenRefusal) = TokenFile.read(path: base + "/tlink"),
              case .untrustedDirectory(let inner) = tokenRefusal.problem else { Issue.record("another account's link is refused"); return }
        #expect(inner.entry.role == .tokenFileSymlink && inner.entry.path == base + "/tlink", "\(inner)")
    }

    @Test("a directory in the canvas root: this user's or root's, never writable by group or others (sticky or not)")
    func canvasDirectoryRule() {
        let judge = { (uid: UInt32, mode: UInt32, me: UInt32) in
            StatePathTrust.judge(Entry(path: "/s/canvas/d", role: .canvasDirectory, uid: uid, mode: mode), effectiveUID: me)?.problem
        }
        #expect(judge(1000, 0o755, 1000) == nil && judge(0, 0o755, 1000) == nil && judge(0, 0o700, 0) == nil)
        #expect(judge(1001, 0o755, 1000) == .foreignOwner && judge(1001, 0o700, 0) == .foreignOwner)
        #expect(judge(1000, 0o775, 1000) == .writableByOthers && judge(0, 0o777, 0) == .writableByOthers
                && judge(0, 0o1777, 0) == .writableByOthers && judge(1000, 0o757, 1000) == .writableByOthers)
        let refusal = StatePathTrust.judge(Entry(path: "/s/canvas/d", role: .canvasDirectory, uid: 0, mode: 0o777), effectiveUID: 0)
        #expect(refusal?.description.contains("the directory in the canvas root /s/canvas/d: it is writable by group or others (mode 777, owner uid 0") == true
                && refusal?.fix.contains("`chmod go-w /s/canvas/d`") == true, "\(String(describing: refusal))")
    }

    @Test("on real directories: a world-writable or another user's directory anywhere beneath the canvas root is refused, naming it; a symlink out of the canvas is not followed",
          .enabled(if: Privilege.rootTestsEnabled, Privilege.rootSkipReason))
    func canvasDirectories() throws {
        try Privilege.requireRoot()
        let state = TestDirectory.make("trust-canvas-tree")
        chmod(state, 0o700)
        let paths = GatewayPaths(stateDirectory: state, lockDirectory: state + "/run")
        let deep = state + "/canvas/a/b/c"
        try FileManager.default.createDirectory(atPath: deep, withIntermediateDirectories: true)
        for dir in [state + "/canvas", state + "/canvas/a", state + "/canvas/a/b", deep] { chmod(dir, 0o755) }
        // A symlink to a world-writable directory outside (sticky /tmp): never walked into.
        try FileManager.default.createSymbolicLink(atPath: state + "/canvas/tmp", withDestinationPath: "/tmp")
        let trusted = StatePathTrust.inspection(paths)
        #expect(trusted.refusal == nil, "\(String(describing: trusted.refusal))")
        #expect(trusted.entries.filter { $0.role == .canvasDirectory }.map(\.path).sorted()
                == [state + "/canvas/a", state + "/canvas/a/b", deep], "\(trusted.entries)")
        chmod(deep, 0o777)
        let writable = try #require(StatePathTrust.inspection(paths).refusal)
        #expect(writable.entry.path == deep && writable.entry.role == .canvasDirectory && writable.problem == .writableByOthers, "\(writable)")
        #expect(writable.description.contains("mode 777") && writable.fix.contains("chmod go-w \(deep)"), "\(writable)")
        chmod(deep, 0o1777)
        #expect(StatePathTrust.inspection(paths).refusal?.entry.path == deep, "sticky does not make a canvas directory safe")
        chmod(deep, 0o755)
        #expect(chown(state + "/canvas/a/b", 65534, 65534) == 0)
        let theirs = try #require(StatePathTrust.inspection(paths).refusal)
        #expect(theirs.entry.path == state + "/canvas/a/b" && theirs.problem == .foreignOwner && theirs.description.contains("uid 65534"), "\(theirs)")
    }
}
