import Foundation
import Testing
import TestSupport
@testable import Gateway
import GatewayLive
@testable import GatewayServer
#if canImport(Glibc)
import Glibc
#endif

@Suite("Instance lock")
struct InstanceLockTests {
    static func paths() -> GatewayPaths {
        let state = TestDirectory.make("lock")
        return GatewayPaths(stateDirectory: state, lockDirectory: state + "/run")
    }

    static func mode(_ path: String) -> mode_t {
        var st = stat()
        lstat(path, &st)
        return st.st_mode & 0o777
    }

    static func metadata(port: UInt16, instance: String = "i1") -> InstanceMetadata {
        InstanceMetadata(pid: getpid(), processStartTime: ProcessInfoReader.selfStat()?.startTime ?? 0, bootId: ProcessInfoReader.bootId(),
                         instanceId: instance, port: port, bindAddresses: ["127.0.0.1"], strategy: "pidfile", version: "v",
                         startedAt: "t", status: .starting)
    }

    @Test("creates the directory 0700 and the file 0600; a second open file description sees it held")
    func acquireAndHeld() throws {
        let paths = Self.paths()
        guard case .acquired(let lock) = try InstanceLock.acquire(paths: paths, port: 4000) else {
            Issue.record("first acquire must succeed"); return
        }
        #expect(Self.mode(paths.lockDirectory) == 0o700)
        #expect(Self.mode(paths.lockFile(port: 4000)) == 0o600)
        try lock.write(Self.metadata(port: 4000))
        guard case .held(let path, let metadata) = try InstanceLock.acquire(paths: paths, port: 4000) else {
            Issue.record("second acquire must see the lock held"); return
        }
        #expect(path == paths.lockFile(port: 4000))
        #expect(metadata?.instanceId == "i1")
        // Another port is independent.
        guard case .acquired = try InstanceLock.acquire(paths: paths, port: 4001) else { Issue.record("port 4001"); return }
        lock.release()
        guard case .acquired = try InstanceLock.acquire(paths: paths, port: 4000) else { Issue.record("after release"); return }
    }

    @Test("the inspector reports absent, held and free without truncating")
    func inspector() throws {
        let paths = Self.paths()
        #expect(try LockInspector.inspect(paths: paths, port: 4100) == .absent)
        guard case .acquired(let lock) = try InstanceLock.acquire(paths: paths, port: 4100) else { Issue.record("acquire"); return }
        var m = Self.metadata(port: 4100)
        try lock.write(m)
        m.status = .ready
        try lock.write(m)
        let before = try Data(contentsOf: URL(fileURLWithPath: paths.lockFile(port: 4100)))
        #expect(try LockInspector.inspect(paths: paths, port: 4100) == .held(metadata: m))
        #expect(try LockInspector.inspect(paths: paths, port: 4100) == .held(metadata: m))
        let after = try Data(contentsOf: URL(fileURLWithPath: paths.lockFile(port: 4100)))
        #expect(before == after)
        lock.release()
        #expect(try LockInspector.inspect(paths: paths, port: 4100) == .free(metadata: m))
        #expect(try Data(contentsOf: URL(fileURLWithPath: paths.lockFile(port: 4100))) == before)
    }

    @Test("the metadata line through the one JSON reader and writer: the bytes JSONEncoder wrote; strict when read (a repeated key's last value, no trailing comma)")
    func metadataThroughTheOneJSONReader() throws {
        let paths = Self.paths()
        guard case .acquired(let lock) = try InstanceLock.acquire(paths: paths, port: 4120) else { Issue.record("acquire"); return }
        let m = Self.metadata(port: 4120, instance: "i/1")
        try lock.write(m)
        lock.release()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let written = try Data(contentsOf: URL(fileURLWithPath: paths.lockFile(port: 4120)))
        #expect(written == (try encoder.encode(m)) + Data("\n".utf8))
        #expect(try LockInspector.inspect(paths: paths, port: 4120) == .free(metadata: m))

        let line = String(decoding: try encoder.encode(m), as: UTF8.self)
        let repeated = line.replacingOccurrences(of: #"{"bindAddresses""#, with: #"{"pid":1,"bindAddresses""#)
        try Data((repeated + "\n").utf8).write(to: URL(fileURLWithPath: paths.lockFile(port: 4120)))
        #expect(try LockInspector.inspect(paths: paths, port: 4120) == .free(metadata: m), "the last pid wins, not the first")
        try Data((String(line.dropLast()) + ",}\n").utf8).write(to: URL(fileURLWithPath: paths.lockFile(port: 4120)))
        #expect(try LockInspector.inspect(paths: paths, port: 4120) == .free(metadata: nil), "a trailing comma is no metadata")
    }

    @Test("shorter metadata replaces longer metadata cleanly")
    func rewrite() throws {
        let paths = Self.paths()
        guard case .acquired(let lock) = try InstanceLock.acquire(paths: paths, port: 4200) else { Issue.record("acquire"); return }
        var long = Self.metadata(port: 4200, instance: String(repeating: "x", count: 500))
        try lock.write(long)
        long.instanceId = "short"
        try lock.write(long)
        #expect(try LockInspector.inspect(paths: paths, port: 4200) == .held(metadata: long))
    }

    @Test("a symlinked lock directory is refused")
    func symlinkDirectory() throws {
        let state = TestDirectory.make("lock")
        let target = TestDirectory.make("target")
        try FileManager.default.createSymbolicLink(atPath: state + "/run", withDestinationPath: target)
        let paths = GatewayPaths(stateDirectory: state, lockDirectory: state + "/run")
        #expect(throws: LockError.symlink(path: state + "/run")) { try InstanceLock.acquire(paths: paths, port: 4300) }
        #expect(throws: LockError.symlink(path: state + "/run")) { try LockInspector.inspect(paths: paths, port: 4300) }
        #expect((try? FileManager.default.contentsOfDirectory(atPath: target))?.isEmpty == true)
        #expect(LockError.symlink(path: "/p").description.contains("symbolic link"))
    }

    @Test("a symlinked lock file is refused")
    func symlinkFile() throws {
        let paths = Self.paths()
        try FileManager.default.createDirectory(atPath: paths.lockDirectory, withIntermediateDirectories: true)
        let victim = TestDirectory.make("victim") + "/victim"
        _ = FileManager.default.createFile(atPath: victim, contents: Data("keep".utf8))
        try FileManager.default.createSymbolicLink(atPath: paths.lockFile(port: 4400), withDestinationPath: victim)
        #expect(throws: LockError.symlink(path: paths.lockFile(port: 4400))) { try InstanceLock.acquire(paths: paths, port: 4400) }
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "keep")
    }

    @Test("a file where the directory should be is refused")
    func wrongType() throws {
        let paths = Self.paths()
        _ = FileManager.default.createFile(atPath: paths.lockDirectory, contents: Data())
        #expect(throws: LockError.wrongType(path: paths.lockDirectory, expected: "directory")) {
            try InstanceLock.acquire(paths: paths, port: 4500)
        }
    }

    @Test("inspecting a lock never changes it: a 0755 directory stays 0755")
    func inspectorChangesNothing() throws {
        let paths = Self.paths()
        try FileManager.default.createDirectory(atPath: paths.lockDirectory, withIntermediateDirectories: true)
        chmod(paths.lockDirectory, 0o755)
        _ = FileManager.default.createFile(atPath: paths.lockFile(port: 4601), contents: Data())
        chmod(paths.lockFile(port: 4601), 0o644)
        _ = try LockInspector.inspect(paths: paths, port: 4601)
        #expect(Self.mode(paths.lockDirectory) == 0o755)
        #expect(Self.mode(paths.lockFile(port: 4601)) == 0o644)
    }

    @Test("an existing directory keeps its mode: 0755 is used as it is, one others can write is refused (78); our file is tightened to 0600")
    func existingDirectoryKeepsItsMode() throws {
        let paths = Self.paths()
        try FileManager.default.createDirectory(atPath: paths.lockDirectory, withIntermediateDirectories: true)
        chmod(paths.lockDirectory, 0o755)
        _ = FileManager.default.createFile(atPath: paths.lockFile(port: 4600), contents: Data())
        chmod(paths.lockFile(port: 4600), 0o666)
        guard case .acquired = try InstanceLock.acquire(paths: paths, port: 4600) else { Issue.record("acquire"); return }
        #expect(Self.mode(paths.lockDirectory) == 0o755, "an existing directory is never chmodded")
        #expect(Self.mode(paths.lockFile(port: 4600)) == 0o600, "our own lock file (regular, one link) is")

        chmod(paths.lockDirectory, 0o777)
        #expect(throws: LockError.unsafeMode(path: paths.lockDirectory, mode: 0o777)) { try InstanceLock.acquire(paths: paths, port: 4601) }
        #expect(Self.mode(paths.lockDirectory) == 0o777)
        #expect(LockError.unsafeMode(path: "/d", mode: 0o777).isConfiguration)
        // Reading changes nothing and accepts the mode.
        #expect(try LockInspector.inspect(paths: paths, port: 4600) == .free(metadata: nil))
    }

    @Test("like `--state-dir /`: a state directory whose `run` exists (others' files in it) is used without any chmod")
    func stateDirectoryLikeRoot() throws {
        let root = TestDirectory.make("fake-root")
        chmod(root, 0o755)
        try FileManager.default.createDirectory(atPath: root + "/run", withIntermediateDirectories: true)
        chmod(root + "/run", 0o755)
        _ = FileManager.default.createFile(atPath: root + "/run/other.pid", contents: Data("1".utf8))
        let paths = GatewayPaths.resolve(stateDirOverride: root, environment: [:], home: "/nonexistent", currentDirectory: "/")
        guard case .acquired(let lock) = try InstanceLock.acquire(paths: paths, port: 4610) else { Issue.record("acquire"); return }
        defer { lock.release() }
        #expect(Self.mode(root) == 0o755 && Self.mode(root + "/run") == 0o755)
    }

    @Test("missing directories are created 0700, whatever the umask, and existing parents are left alone")
    func missingDirectoriesCreatedPrivate() throws {
        let base = TestDirectory.make("mkdirs")
        chmod(base, 0o751)
        let old = umask(0o077)
        defer { umask(old) }
        let deep = base + "/a/b/run"
        #expect(PrivateDirectory.create(deep) == .success(.created))
        #expect(Self.mode(base) == 0o751)
        #expect(Self.mode(base + "/a") == 0o700 && Self.mode(base + "/a/b") == 0o700 && Self.mode(deep) == 0o700)
        #expect(PrivateDirectory.create(deep) == .success(.existed))
        chmod(deep, 0o750)
        #expect(PrivateDirectory.create(deep) == .success(.existed))
        #expect(Self.mode(deep) == 0o750, "an existing directory is never chmodded")
    }

    @Test("a lock directory or file owned by another user is refused", .enabled(if: Privilege.rootTestsEnabled, Privilege.rootSkipReason))
    func foreignOwner() throws {
        try Privilege.requireRoot()
        let paths = Self.paths()
        try FileManager.default.createDirectory(atPath: paths.lockDirectory, withIntermediateDirectories: true)
        #expect(chown(paths.lockDirectory, 65534, 65534) == 0)
        #expect(throws: LockError.foreignOwner(path: paths.lockDirectory, uid: 65534, expectedUid: 0)) {
            try InstanceLock.acquire(paths: paths, port: 4700)
        }
        let message = LockError.foreignOwner(path: paths.lockDirectory, uid: 65534, expectedUid: 0).description
        #expect(message.contains("owned by uid 65534"))

        let filePaths = Self.paths()
        try FileManager.default.createDirectory(atPath: filePaths.lockDirectory, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: filePaths.lockFile(port: 4701), contents: Data())
        #expect(chown(filePaths.lockFile(port: 4701), 65534, 65534) == 0)
        #expect(throws: LockError.foreignOwner(path: filePaths.lockFile(port: 4701), uid: 65534, expectedUid: 0)) {
            try InstanceLock.acquire(paths: filePaths, port: 4701)
        }
    }

    @Test("path resolution: --state-dir, OPENCLAW_STATE_DIR, XDG_RUNTIME_DIR")
    func paths() {
        let home = "/home/u"
        #expect(GatewayPaths.resolve(stateDirOverride: nil, environment: [:], home: home, currentDirectory: "/c")
                == GatewayPaths(stateDirectory: "/home/u/.openclaw", lockDirectory: "/home/u/.openclaw/run"))
        #expect(GatewayPaths.resolve(stateDirOverride: nil, environment: ["OPENCLAW_STATE_DIR": "/s"], home: home, currentDirectory: "/c").lockDirectory == "/s/run")
        #expect(GatewayPaths.resolve(stateDirOverride: "/o", environment: ["OPENCLAW_STATE_DIR": "/s"], home: home, currentDirectory: "/c").stateDirectory == "/o")
        let xdg = GatewayPaths.resolve(stateDirOverride: "/o", environment: ["XDG_RUNTIME_DIR": "/run/user/1000/"], home: home, currentDirectory: "/c")
        #expect(xdg.lockDirectory == "/run/user/1000/openclaw")
        #expect(xdg.lockFile(port: 18789) == "/run/user/1000/openclaw/gateway-18789.lock")
        #expect(xdg.canvasDirectory == "/o/canvas")
        #expect(GatewayPaths.resolve(stateDirOverride: nil, environment: ["XDG_RUNTIME_DIR": "relative"], home: home, currentDirectory: "/c").lockDirectory
                == "/home/u/.openclaw/run")
    }

    @Test("issue 23 item 14: a relative --state-dir or OPENCLAW_STATE_DIR is made absolute once, at input")
    func relativeStateDirectory() {
        let relative = GatewayPaths.resolve(stateDirOverride: "./st//ate/", environment: [:], home: "/home/u", currentDirectory: "/work/x")
        #expect(relative == GatewayPaths(stateDirectory: "/work/x/st/ate", lockDirectory: "/work/x/st/ate/run"))
        #expect(GatewayPaths.resolve(stateDirOverride: nil, environment: ["OPENCLAW_STATE_DIR": "s"], home: "/h", currentDirectory: "/c")
                .stateDirectory == "/c/s")
        #expect(GatewayPaths.resolve(stateDirOverride: "../up", environment: [:], home: "/h", currentDirectory: "/c/d").stateDirectory == "/c/d/../up",
                "`..` is left to the kernel")
        #expect(GatewayPaths.resolve(stateDirOverride: "/abs/", environment: [:], home: "/h", currentDirectory: "/c").stateDirectory == "/abs")
    }

    @Test("the working directory is read at the edge (GatewayLive), not by the core's default: a relative --state-dir is made absolute against getcwd")
    func workingDirectoryReadAtTheEdge() throws {
        var buffer = [CChar](repeating: 0, count: 4096)
        let cwd = String(cString: try #require(getcwd(&buffer, buffer.count)))
        let paths = GatewayPaths.resolveInWorkingDirectory(stateDirOverride: "./rel//state", environment: [:], home: "/h")
        #expect(paths == GatewayPaths.resolve(stateDirOverride: "./rel//state", environment: [:], home: "/h", currentDirectory: cwd))
        #expect(paths.stateDirectory == (cwd == "/" ? "" : cwd) + "/rel/state")
    }
}
