import NetProbe
#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// The one way bytes leave the process through a file descriptor: a `write(2)` loop that retries after `EINTR`
/// and partial writes, waits with `poll(2)` on a non-blocking descriptor (`EAGAIN`), and returns the `errno` of a
/// failure instead of trapping (Foundation's non-throwing `FileHandle.write(_:)` traps on `EPIPE`, `ENOSPC`,
/// `EBADF`).
public enum DescriptorWrite {
    /// Writes every byte of `bytes` to `fd`. Returns nil when all were written, else the `errno` of the failing
    /// `write(2)` (`EIO` for a write that returned 0).
    public static func all(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32? {
        guard let base = bytes.baseAddress else { return nil }
        var offset = 0
        while offset < bytes.count {
            let written = write(fd, base + offset, bytes.count - offset)
            if written > 0 {
                offset += written
                continue
            }
            if written == 0 { return EIO }
            let code = errno
            switch code {
            case EINTR:
                continue
            case EAGAIN, EWOULDBLOCK:
                var request = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                _ = poll(&request, 1, -1)
            default:
                return code
            }
        }
        return nil
    }

    /// Writes the UTF-8 bytes of `text` to `fd`; nil or the `errno` of the failure.
    public static func all(_ fd: Int32, _ text: String) -> Int32? {
        var text = text
        return text.withUTF8 { all(fd, UnsafeRawBufferPointer($0)) }
    }

    /// Writes `bytes` to `fd`; nil or the `errno` of the failure.
    public static func all(_ fd: Int32, _ bytes: [UInt8]) -> Int32? {
        bytes.withUnsafeBytes { all(fd, $0) }
    }

    /// `strerror(3)` text (SystemPackage's `Errno.description`) and the number: "No space left on device (errno 28)".
    public static func describe(_ code: Int32) -> String {
        "\(Errno(rawValue: code).description) (errno \(code))"
    }
}
