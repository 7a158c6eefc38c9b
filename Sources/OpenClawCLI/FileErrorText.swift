import FoundationEssentials
import NetProbe
import NetProbeLive

/// A `FileManager` or `Data.write` error as text, without Foundation's `localizedDescription` (not in
/// `FoundationEssentials`; Foundation links ICU, docs/performance.md): the `errno` under the `CocoaError`
/// (`No such file or directory (errno 2)`), then the path the error names (`at /proc/x`: with `mkdir -p` the component
/// that failed). An error with no `errno` under it is written as Swift describes it.
enum FileErrorText {
    static func describe(_ error: any Error) -> String {
        if let cocoa = error as? CocoaError {
            let cause = (cocoa.underlying as? POSIXError).map { DescriptorWrite.describe($0.code.rawValue) }
                ?? "file error \(cocoa.code.rawValue)"
            return cocoa.filePath.map { "\(cause) at \($0)" } ?? cause
        }
        if let posix = error as? POSIXError { return DescriptorWrite.describe(posix.code.rawValue) }
        return String(describing: error)
    }
}
