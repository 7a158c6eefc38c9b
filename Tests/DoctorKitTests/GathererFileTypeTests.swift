@testable import DoctorKit
import Foundation
import Gateway
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The doctor's gatherer never waits on a FIFO and never opens an unsafe lock: what it reads is checked with `fstat`.
@Suite("Gatherer file types")
struct GathererFileTypeTests {
    @Test("unit files: a FIFO is skipped at once, a masked unit (symlink to /dev/null) reads empty, a regular file is read")
    func unitFileTypes() throws {
        let dir = TestDirectory.make("units")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "[Service]\nExecStart=/x/openclaw gateway run\n".write(toFile: dir + "/a.service", atomically: false, encoding: .utf8)
        #expect(mkfifo(dir + "/b.service", 0o600) == 0)
        try FileManager.default.createSymbolicLink(atPath: dir + "/c.service", withDestinationPath: "/dev/null")
        let units = LiveGatherer.readUnits(in: [dir])
        #expect(units.map(\.path) == [dir + "/a.service", dir + "/c.service"])
        #expect(units.first?.text.contains("ExecStart") == true)
        #expect(units.last?.text == "")
    }

    @Test("the lock: a FIFO at the lock file's path is reported as a failure, never waited on")
    func fifoLock() throws {
        let state = TestDirectory.make("gather-fifo")
        defer { try? FileManager.default.removeItem(atPath: state) }
        let paths = GatewayPaths(stateDirectory: state, lockDirectory: state + "/run")
        try FileManager.default.createDirectory(atPath: paths.lockDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        #expect(mkfifo(paths.lockFile(port: 18789), 0o600) == 0)
        let live = LiveGatherer.begin(port: 18789, paths: paths, probeTimeoutMilliseconds: 100, home: state, sources: [.lock]).wait()
        guard case .failed(let message) = live.lock else {
            Issue.record("expected a failure, got \(live.lock)")
            return
        }
        #expect(message.contains("not a regular file"))
    }
}
