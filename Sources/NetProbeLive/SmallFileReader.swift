import NetProbe
/// A bounded, non-blocking read of one regular file (a configuration file) for other modules: `FileProbe`'s read
/// (`stat(2)`, `open(2)` with `O_NONBLOCK`, `read(2)`), so a FIFO or device where a file is expected is reported,
/// never read.
public enum SmallFileReader {
    /// What a read found.
    public enum Outcome: Sendable, Equatable {
        /// The bytes; `truncated` when the file was longer than the limit.
        case content([UInt8], truncated: Bool)
        /// `ENOENT` or `ENOTDIR`.
        case missing
        /// A FIFO, socket, device or directory (named in `kind`).
        case notRegular(kind: String)
        /// Any other failure (`EACCES` ...), with its `errno`.
        case failed(errno: Int32)
    }

    /// Reads at most `limit` bytes of the regular file at `path`.
    public static func read(_ path: String, limit: Int) -> Outcome {
        switch FileProbe().read(path, limit: limit) {
        case .content(let bytes, let truncated): return .content(bytes, truncated: truncated)
        case .missing: return .missing
        case .notRegular(let kind): return .notRegular(kind: kind)
        case .failed(let code): return .failed(errno: code)
        }
    }
}
