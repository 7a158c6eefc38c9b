import Foundation
import Testing
import TestSupport
@testable import Gateway
import GatewayLive
@testable import GatewayServer
#if canImport(Glibc)
import Glibc
#endif

/// Every opener of the lock refuses what is not a regular file with one link owned by us, without blocking and
/// without writing: a FIFO, a hard link to another file, a directory, a socket (issue 9, item 3).
@Suite("Lock file types")
struct LockFileTypeTests {
    static func paths() throws -> GatewayPaths {
        let state = TestDirectory.make("locktype")
        try FileManager.default.createDirectory(atPath: state + "/run", withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return GatewayPaths(stateDirectory: state, lockDirectory: state + "/run")
    }

    static func stat(_ path: String) -> stat {
        var st = Glibc.stat()
        lstat(path, &st)
        return st
    }

    @Test("a FIFO is refused by the lock and by the inspector at once (no open blocks), and stays a FIFO")
    func fifo() throws {
        let paths = try Self.paths()
        let lock = paths.lockFile(port: 5100)
        #expect(mkfifo(lock, 0o600) == 0)
        let expected = LockError.wrongType(path: lock, expected: "regular file")
        #expect(throws: expected) { try LockInspector.inspect(paths: paths, port: 5100) }
        #expect(throws: expected) { try InstanceLock.acquire(paths: paths, port: 5100) }
        #expect(expected.isConfiguration)
        #expect(Self.stat(lock).st_mode & S_IFMT == S_IFIFO)
    }

    @Test("a hard-linked lock file is refused before anything is written; the other name keeps its contents and mode")
    func hardLink() throws {
        let paths = try Self.paths()
        let victim = TestDirectory.make("victim") + "/precious"
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: victim))
        chmod(victim, 0o644)
        let lock = paths.lockFile(port: 5200)
        #expect(link(victim, lock) == 0)
        #expect(throws: LockError.hardLinked(path: lock, links: 2)) { try InstanceLock.acquire(paths: paths, port: 5200) }
        #expect(throws: LockError.hardLinked(path: lock, links: 2)) { try LockInspector.inspect(paths: paths, port: 5200) }
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "keep me")
        #expect(Self.stat(victim).st_mode & 0o777 == 0o644)
        #expect(LockError.hardLinked(path: lock, links: 2).description.contains("2 hard links"))
    }

    @Test("a directory at the lock file's path is a configuration refusal (exit 78), for the lock and the inspector")
    func directory() throws {
        let paths = try Self.paths()
        let lock = paths.lockFile(port: 5300)
        #expect(mkdir(lock, 0o700) == 0)
        let expected = LockError.wrongType(path: lock, expected: "regular file")
        #expect(throws: expected) { try InstanceLock.acquire(paths: paths, port: 5300) }
        #expect(throws: expected) { try LockInspector.inspect(paths: paths, port: 5300) }
        let inputs = ClashInputs(port: 5300, verdict: ClashDeciderTests.native, strategy: .pidfile, lock: .refused(expected))
        guard case .stop(let code, let message) = ClashDecider.decide(inputs) else { Issue.record("must stop"); return }
        #expect(code == GatewayExit.config && message.contains("not a regular file"))
    }

    @Test("a Unix socket at the lock file's path is refused without connecting")
    func socketFile() throws {
        let paths = try Self.paths()
        let lock = paths.lockFile(port: 5400)
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, byte) in lock.utf8.prefix(raw.count - 1).enumerated() { raw[i] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        try #require(bound == 0, "bind \(lock): errno \(errno)")
        let expected = LockError.wrongType(path: lock, expected: "regular file")
        #expect(throws: expected) { try InstanceLock.acquire(paths: paths, port: 5400) }
        #expect(throws: expected) { try LockInspector.inspect(paths: paths, port: 5400) }
    }

    @Test("a symlinked lock file is refused by the inspector too, and its target is not read")
    func symlinkInspector() throws {
        let paths = try Self.paths()
        let lock = paths.lockFile(port: 5500)
        #expect(symlink("/dev/zero", lock) == 0)
        #expect(throws: LockError.symlink(path: lock)) { try LockInspector.inspect(paths: paths, port: 5500) }
        #expect(throws: LockError.symlink(path: lock)) { try InstanceLock.acquire(paths: paths, port: 5500) }
    }

    @Test("another user's lock file is refused by the inspector", .enabled(if: Privilege.rootTestsEnabled, Privilege.rootSkipReason))
    func foreignOwnerInspector() throws {
        try Privilege.requireRoot()
        let paths = try Self.paths()
        let lock = paths.lockFile(port: 5600)
        _ = FileManager.default.createFile(atPath: lock, contents: Data())
        #expect(chown(lock, 65534, 65534) == 0)
        #expect(throws: LockError.foreignOwner(path: lock, uid: 65534, expectedUid: 0)) { try LockInspector.inspect(paths: paths, port: 5600) }
    }
}
