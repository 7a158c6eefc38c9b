import Foundation
import Testing
@testable import Gateway

/// The lock file's first line read as `InstanceMetadata` (`InstanceMetadata.read(lockFileBytes:)`, the pure half of
/// `LockFileIO.readMetadata`; fuzzed by the `lockmetadata` target).
@Suite("Lock metadata: the first line of a lock file, read as one-line strings")
struct LockMetadataReadTests {
    static let line = #"{"bindAddresses":["127.0.0.1","::1"],"bootId":"b","instanceId":"i1","pid":4242,"port":18789,"processStartTime":7,"startedAt":"2026-12-08T01:40:00Z","status":"ready","strategy":"pidfile","version":"0.1.0"}"#

    @Test("only the first line counts; an empty, truncated or non-metadata line is nil, never a guess")
    func firstLineOnly() throws {
        let read = try #require(InstanceMetadata.read(lockFileBytes: Array((Self.line + "\n{\"pid\": 1}\n").utf8)))
        #expect(read.pid == 4242 && read.instanceId == "i1" && read.bindAddresses == ["127.0.0.1", "::1"] && read.status == .ready)
        #expect(InstanceMetadata.read(lockFileBytes: Array(Self.line.utf8)) == read)
        #expect(InstanceMetadata.read(lockFileBytes: [UInt8]()) == nil)
        #expect(InstanceMetadata.read(lockFileBytes: Array(("\n" + Self.line).utf8)) == nil)
        #expect(InstanceMetadata.read(lockFileBytes: Array(Self.line.utf8.dropLast(3))) == nil)
        #expect(InstanceMetadata.read(lockFileBytes: Array(#"{"pid": 1}"#.utf8)) == nil)
    }

    @Test("a string another process wrote with a line feed or an escape sequence is read as one line")
    func hostileStrings() throws {
        let hostile = Self.line.replacingOccurrences(of: #""i1""#, with: #""x\nRunning: yes (pid 1, verified)""#)
            .replacingOccurrences(of: #""0.1.0""#, with: #""v\u001b[31m""#)
        let read = try #require(InstanceMetadata.read(lockFileBytes: Array(hostile.utf8)))
        #expect(read.instanceId == #"x\x0ARunning: yes (pid 1, verified)"#, "\(read.instanceId)")
        #expect(read.version == #"v\x1B[31m"#, "\(read.version)")
    }
}
