#if canImport(Glibc)
import Glibc
#endif

/// A number with a fixed count of decimals, as C's `printf("%.Nf")` writes it (`vsnprintf(3)`: correctly rounded from
/// the binary value, ties to even; `.` as the decimal point, since the process never calls `setlocale`): `String(format:)`
/// without Foundation (which links ICU; docs/performance.md). `inf`, `-inf` and `nan` as printf writes them.
public enum FixedPoint {
    /// `text(2.25, decimals: 1)` = `2.2`; `text(12.5, decimals: 0)` = `12`; `decimals` is clamped to 0...17.
    public static func text(_ value: Double, decimals: Int) -> String {
        let format = "%.\(min(max(decimals, 0), 17))f"
        var buffer = [CChar](repeating: 0, count: 64)
        let needed = withVaList([value]) { vsnprintf(&buffer, buffer.count, format, $0) }
        if needed >= buffer.count {
            buffer = [CChar](repeating: 0, count: Int(needed) + 1)
            _ = withVaList([value]) { vsnprintf(&buffer, buffer.count, format, $0) }
        }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
