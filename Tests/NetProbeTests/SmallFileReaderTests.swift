import Foundation
import Testing
@testable import NetProbeLive
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// `SmallFileReader`, the one bounded read of a file from outside: the limit, the over-limit error naming the file,
/// special files never read, the read of an open descriptor (the canvas's, the token file's) and `/dev/null` as a
/// masked unit.
@Suite("SmallFileReader: bounded reads")
struct SmallFileReaderTests {
    private func file(_ bytes: [UInt8]) throws -> (directory: String, path: String) {
        let directory = TestDirectory.make("reader")
        let path = directory + "/file"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return (directory, path)
    }

    @Test("a file of exactly the limit is read whole; one byte more is cut and says so")
    func limit() throws {
        let bytes = (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let (directory, path) = try file(bytes)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(SmallFileReader.read(path, limit: 4096) == .content(bytes, truncated: false))
        #expect(SmallFileReader.read(path, limit: 4095) == .content(Array(bytes.prefix(4095)), truncated: true))
        #expect(SmallFileReader.read(path, limit: 0) == .content([], truncated: true))
        #expect(try SmallFileReader.whole(path, limit: 4096).get() == bytes)
    }

    @Test("whole() over the limit is an error naming the file and the limit, never a cut file")
    func overLimitNamesTheFile() throws {
        let (directory, path) = try file(Array(repeating: 0x41, count: 100))
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = SmallFileReader.whole(path, limit: 99)
        guard case .failure(let failure) = result else {
            Issue.record("read a 100-byte file whole under a 99-byte limit: \(result)")
            return
        }
        #expect(failure.reason == .tooLarge(limit: 99))
        #expect(failure.description == "\(path): larger than 99 bytes; not read")
    }

    @Test("a FIFO, a directory and a missing path are reported, never read or waited on")
    func specialFiles() throws {
        let directory = TestDirectory.make("reader")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let fifo = directory + "/fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(SmallFileReader.read(fifo, limit: 10) == .notRegular(kind: "FIFO"))
        #expect(SmallFileReader.read(directory, limit: 10) == .notRegular(kind: "directory"))
        #expect(SmallFileReader.read(directory + "/absent", limit: 10) == .missing)
        #expect(SmallFileReader.whole(fifo, limit: 10) == .failure(SmallFileReader.Failure(path: fifo, reason: .notRegular(kind: "FIFO"))))
        #expect(SmallFileReader.Failure(path: fifo, reason: .notRegular(kind: "FIFO")).description == "\(fifo) is a FIFO, not a regular file; not read")
        #expect(SmallFileReader.read("/dev/null", limit: 10) == .notRegular(kind: "character device"))
        #expect(SmallFileReader.read("/dev/null", limit: 10, nullDeviceIsEmpty: true) == .content([], truncated: false))
    }

    @Test("a read of an open descriptor, scrubbed or not, gives the same bytes as the read of its path")
    func descriptor() throws {
        let bytes = (0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let (directory, path) = try file(bytes)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for (limit, scrub) in [(70_000, false), (70_000, true), (69_999, true), (100, false)] {
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            #expect(fd >= 0)
            defer { close(fd) }
            #expect(SmallFileReader.read(descriptor: fd, limit: limit, size: bytes.count, scrub: scrub)
                    == SmallFileReader.read(path, limit: limit))
        }
    }

    @Test("/proc files (size 0 in stat) are read to their end")
    func procFile() throws {
        guard case .content(let bytes, truncated: false) = SmallFileReader.read("/proc/self/status", limit: 1 << 20) else {
            Issue.record("/proc/self/status not read")
            return
        }
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasPrefix("Name:"))
        #expect(text.contains("\nPid:\t\(getpid())\n"))
    }
}
