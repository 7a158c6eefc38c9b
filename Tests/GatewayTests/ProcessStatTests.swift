import Foundation
import Testing
import TestSupport
@testable import Gateway
import GatewayLive
@testable import GatewayServer

@Suite("/proc/<pid>/stat parsing")
struct ProcessStatTests {
    @Test("this process's stat parses, with its own pid")
    func selfStat() throws {
        let stat = try #require(ProcessInfoReader.selfStat())
        #expect(stat.pid == getpid())
        #expect(stat.startTime > 0)
        #expect(ProcessInfoReader.stat(pid: getpid())?.startTime == stat.startTime)
        #expect(ProcessInfoReader.bootId().count == 36)
    }

    @Test("comm with spaces and parentheses")
    func tricky() {
        let fields = (3...52).map { $0 == 22 ? "777" : "0" }
        var rest = fields
        rest[0] = "S"
        let line = "123 (a) b (c)) " + rest.joined(separator: " ")
        let stat = ProcessStat.parse(line)
        #expect(stat == ProcessStat(pid: 123, comm: "a) b (c)", state: "S", startTime: 777))
        #expect(ProcessStat.parse("") == nil)
        #expect(ProcessStat.parse("12 (x) S 1 2") == nil)
        #expect(ProcessStat.parse("x (y) " + rest.joined(separator: " ")) == nil)
    }

    @Test("the pid is read with NetProbe's trim (`trimmingSpacesAndNewlines`, the one helper): blanks around it, a carriage return among them, are not part of it")
    func pidTrimmedBySharedHelper() {
        let rest = (3...52).map { $0 == 3 ? "S" : ($0 == 22 ? "9" : "0") }.joined(separator: " ")
        #expect(ProcessStat.parse("\t 123 \r (x) " + rest)?.pid == 123)
        #expect(ProcessStat.parse("\u{A0}42 (x) " + rest)?.pid == 42)
        #expect(ProcessStat.parse("4 2 (x) " + rest) == nil)
    }

    @Test("mutated input never crashes")
    func fuzz() throws {
        var rng = SeededGenerator(seed: 42)
        let base = Array(try #require(try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8)).utf8)
        for _ in 0..<2000 {
            var bytes = base
            for _ in 0..<Int.random(in: 1...8, using: &rng) {
                switch Int.random(in: 0..<3, using: &rng) {
                case 0 where !bytes.isEmpty: bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
                case 1 where !bytes.isEmpty: bytes.remove(at: Int.random(in: 0..<bytes.count, using: &rng))
                default: bytes.insert(UInt8.random(in: 0...255, using: &rng), at: Int.random(in: 0...bytes.count, using: &rng))
                }
            }
            _ = ProcessStat.parse(String(decoding: bytes, as: UTF8.self))
        }
    }
}
