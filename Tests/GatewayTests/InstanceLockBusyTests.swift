import Foundation
import Testing
import TestSupport
@testable import Gateway
import GatewayLive
@testable import GatewayServer
#if canImport(Glibc)
import Glibc
#endif

/// A busy lock: an exclusive holder counts as held at once; readers holding `LOCK_SH` are ridden over.
@Suite("Instance lock, busy")
struct InstanceLockBusyTests {
    static func paths() -> GatewayPaths {
        let state = TestDirectory.make("lockbusy")
        return GatewayPaths(stateDirectory: state, lockDirectory: state + "/run")
    }

    /// A separate open file description of the lock file (flock locks belong to those, so it conflicts with ours).
    static func openLockFile(_ paths: GatewayPaths, port: UInt16) throws -> Int32 {
        let fd = open(paths.lockFile(port: port), O_RDONLY | O_CLOEXEC)
        try #require(fd >= 0)
        return fd
    }

    @Test("an exclusive holder: held, and its shared probe leaves no lock behind")
    func exclusiveHolder() throws {
        let paths = Self.paths()
        guard case .acquired(let lock) = try InstanceLock.acquire(paths: paths, port: 5100) else {
            Issue.record("first acquire"); return
        }
        guard case .held = try InstanceLock.acquire(paths: paths, port: 5100) else {
            Issue.record("a second acquire must see the lock held"); return
        }
        lock.release()
        guard case .acquired = try InstanceLock.acquire(paths: paths, port: 5100) else {
            Issue.record("after release the lock must be free (no shared lock left behind)"); return
        }
    }

    @Test("a reader that lets go within the retries: acquired")
    func readerRiddenOver() throws {
        let paths = Self.paths()
        guard case .acquired(let first) = try InstanceLock.acquire(paths: paths, port: 5200) else {
            Issue.record("create"); return
        }
        first.release()
        let reader = try Self.openLockFile(paths, port: 5200)
        #expect(flock(reader, LOCK_SH | LOCK_NB) == 0)
        let thread = Thread {
            usleep(30_000)
            close(reader)
        }
        thread.start()
        guard case .acquired = try InstanceLock.acquire(paths: paths, port: 5200) else {
            Issue.record("a lock busy only with a short reader must be acquired"); return
        }
    }

    @Test("a reader that never lets go: held after the retries")
    func readerThatStays() throws {
        let paths = Self.paths()
        guard case .acquired(let first) = try InstanceLock.acquire(paths: paths, port: 5300) else {
            Issue.record("create"); return
        }
        first.release()
        let reader = try Self.openLockFile(paths, port: 5300)
        defer { close(reader) }
        #expect(flock(reader, LOCK_SH | LOCK_NB) == 0)
        guard case .held = try InstanceLock.acquire(paths: paths, port: 5300) else {
            Issue.record("a lock kept by a reader counts as held in the end"); return
        }
    }
}
