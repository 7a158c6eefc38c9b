import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// A moment as UTC calendar text, from `gmtime_r(3)`: Foundation's `ISO8601DateFormatter` and a fixed-format
/// `DateFormatter` without Foundation's locale and time-zone machinery (which links ICU; docs/performance.md).
/// Whole seconds: a fraction is dropped (rounded towards the past), as `ISO8601DateFormatter` does by default.
public struct UTCTime: Sendable, Equatable {
    public var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int

    /// The UTC calendar time of `seconds` since 1970-01-01T00:00:00Z; nil when `gmtime_r` cannot represent it (a
    /// year beyond `Int32`).
    public init?(secondsSince1970 seconds: Int64) {
        var time = time_t(seconds)
        var parts = tm()
        guard gmtime_r(&time, &parts) != nil else { return nil }
        year = Int(parts.tm_year) + 1900
        month = Int(parts.tm_mon) + 1
        day = Int(parts.tm_mday)
        hour = Int(parts.tm_hour)
        minute = Int(parts.tm_min)
        second = Int(parts.tm_sec)
    }

    /// The UTC calendar time of `seconds` since 1970 (a fraction rounded towards the past).
    public init?(secondsSince1970 seconds: Double) {
        guard seconds.isFinite, seconds.magnitude < 1e15 else { return nil }
        self.init(secondsSince1970: Int64(seconds.rounded(.down)))
    }

    /// `date` as `iso8601` text (`2026-12-07T15:13:54Z`); a date beyond `gmtime_r`'s range as `@SECONDS`.
    public static func iso8601(_ date: Date) -> String {
        UTCTime(secondsSince1970: date.timeIntervalSince1970)?.iso8601 ?? "@\(date.timeIntervalSince1970)"
    }

    /// The current time (`clock_gettime(CLOCK_REALTIME)`).
    public static func now() -> UTCTime {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        // A time_t of the running system is always in gmtime_r's range.
        return UTCTime(secondsSince1970: Int64(spec.tv_sec)) ?? UTCTime(year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0)
    }

    public init(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        (self.year, self.month, self.day, self.hour, self.minute, self.second) = (year, month, day, hour, minute, second)
    }

    /// RFC 3339 / ISO 8601 extended, `2026-12-07T15:13:54Z`.
    public var iso8601: String {
        "\(Self.digits(year, 4))-\(Self.digits(month, 2))-\(Self.digits(day, 2))T"
            + "\(Self.digits(hour, 2)):\(Self.digits(minute, 2)):\(Self.digits(second, 2))Z"
    }

    /// ISO 8601 basic with a dash, for file names: `20261207-151354`.
    public var compact: String {
        "\(Self.digits(year, 4))\(Self.digits(month, 2))\(Self.digits(day, 2))-"
            + "\(Self.digits(hour, 2))\(Self.digits(minute, 2))\(Self.digits(second, 2))"
    }

    /// `value` in decimal, zero-padded on the left to `width` digits (a minus sign first for a negative year).
    static func digits(_ value: Int, _ width: Int) -> String {
        let text = String(value.magnitude)
        let padded = text.count < width ? String(repeating: "0", count: width - text.count) + text : text
        return value < 0 ? "-" + padded : padded
    }
}
