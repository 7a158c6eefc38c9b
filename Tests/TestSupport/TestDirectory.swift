import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The tests' one temporary-directory helper: a fresh directory under the runner's temporary directory
/// (`NSTemporaryDirectory()`), named `PREFIX-XXXXXX` by `mkdtemp(3)` (unique, never an existing one), then given
/// `mode` (0755 by default, what the earlier helpers' `createDirectory` gave, so another local user or a simulated
/// machine can still reach the files a test puts there). The caller removes it.
public enum TestDirectory {
    /// A new directory `TMPDIR/PREFIX-XXXXXX`; when `mkdtemp` fails, `TMPDIR/PREFIX-UUID` made by `createDirectory`.
    public static func make(_ prefix: String = "test", mode: mode_t = 0o755) -> String {
        var template = Array((NSTemporaryDirectory() + "\(prefix)-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer -> String? in
            guard let base = buffer.baseAddress, let path = mkdtemp(base) else { return nil }
            return String(cString: path)
        }
        guard let made else {
            let path = NSTemporaryDirectory() + "\(prefix)-\(UUID().uuidString.prefix(12))"
            try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            return path
        }
        _ = chmod(made, mode)
        return made
    }
}
