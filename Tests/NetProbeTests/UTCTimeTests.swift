import Foundation
import Testing
import TestSupport
@testable import NetProbe

/// `UTCTime` writes what Foundation's `ISO8601DateFormatter` (UTC) and a `yyyyMMdd-HHmmss` `DateFormatter` wrote.
@Suite("UTCTime")
struct UTCTimeTests {
    @Test("random moments 1900-2200: same text as Foundation's formatters (seeded, 3000 cases)")
    func agreesWithFoundation() {
        let iso = ISO8601DateFormatter()
        iso.timeZone = TimeZone(identifier: "UTC")
        let compact = DateFormatter()
        compact.locale = Locale(identifier: "en_US_POSIX")
        compact.timeZone = TimeZone(identifier: "UTC")
        compact.dateFormat = "yyyyMMdd-HHmmss"
        var generator = SeededGenerator(seed: 0x7113)
        for _ in 0..<3000 {
            let seconds = Int64.random(in: -2_208_988_800 ... 7_258_118_400, using: &generator)
            let date = Date(timeIntervalSince1970: Double(seconds))
            let time = UTCTime(secondsSince1970: seconds)
            #expect(time?.iso8601 == iso.string(from: date), "\(seconds)")
            #expect(time?.compact == compact.string(from: date), "\(seconds)")
            #expect(UTCTime.iso8601(date) == iso.string(from: date), "\(seconds)")
        }
    }

    @Test("examples: the epoch, a leap day, a fraction dropped towards the past, out of range")
    func examples() {
        #expect(UTCTime(secondsSince1970: Int64(0))?.iso8601 == "1970-01-01T00:00:00Z")
        #expect(UTCTime(secondsSince1970: Int64(951_782_400))?.iso8601 == "2000-02-29T00:00:00Z")
        #expect(UTCTime(secondsSince1970: 59.9)?.iso8601 == "1970-01-01T00:00:59Z")
        #expect(UTCTime(secondsSince1970: -0.5)?.iso8601 == "1969-12-31T23:59:59Z")
        #expect(UTCTime(secondsSince1970: 1_796_000_000.0)?.compact == "20261130-005320")
        #expect(UTCTime(secondsSince1970: Double.nan) == nil)
        #expect(UTCTime(secondsSince1970: Int64.max) == nil)
    }
}
