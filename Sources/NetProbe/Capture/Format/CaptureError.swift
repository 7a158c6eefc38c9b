/// Why a capture path could not be read at all (as opposed to a `FactWarning`, which reports a problem
/// inside a capture that was read).
public struct CaptureError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The path that was asked for.
    public var path: String
    public var reason: Reason

    public init(path: String, reason: Reason) {
        self.path = path
        self.reason = reason
    }

    /// What went wrong with `path`.
    public enum Reason: Equatable, Sendable {
        /// Nothing exists at the path (`ENOENT`).
        case missing
        /// `stat`, `open`, `read` or directory listing failed with this errno (`ENOTDIR`, `EACCES`, `ELOOP`, ...).
        case unreadable(errno: Int32, message: String)
        /// The path is neither a regular file nor a directory (a FIFO, socket or device is refused, never opened
        /// for a blocking read).
        case notRegularFileOrDirectory(kind: String)
        /// The file is not valid UTF-8; `byteOffset` is the first invalid byte.
        case notUTF8(byteOffset: Int)
        /// The file starts with a UTF-16 byte order mark but is not valid UTF-16 (odd length, unpaired surrogate).
        case notUTF16(byteOffset: Int)
        /// The file is larger than a capture can reasonably be.
        case tooLarge(bytes: Int, limit: Int)
    }

    public var description: String {
        switch reason {
        case .missing:
            return "\(path): no such file or directory"
        case .unreadable(let code, let message):
            return "\(path): cannot read (\(message), errno \(code))"
        case .notRegularFileOrDirectory(let kind):
            return "\(path): not a regular file or directory (\(kind))"
        case .notUTF8(let offset):
            return "\(path): not UTF-8 text (invalid byte at offset \(offset))"
        case .notUTF16(let offset):
            return "\(path): not UTF-16 text although it starts with a UTF-16 byte order mark (invalid unit at byte offset \(offset))"
        case .tooLarge(let bytes, let limit):
            return "\(path): too large for a capture (\(bytes) bytes, limit \(limit))"
        }
    }
}
