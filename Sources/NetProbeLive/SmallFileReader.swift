import NetProbe
import SystemPackage
#if canImport(Glibc)
import Glibc
#endif

/// The one bounded read of a file from outside the process: the live reader's files (`FileProbe`), `openclaw.json`,
/// the token file, the canvas's files, unit files, and every `/proc` read (`PortOwners`, `ProcessInfoReader`, the
/// doctor's holder command lines, `gateway status`'s socket tables).
///
/// `stat(2)` first, then `open(2)` with `O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY` (SystemPackage's
/// `FileDescriptor`), `fstat(2)` of the descriptor, and `read(2)` (over `EINTR`) of at most `limit + 1` bytes, so a
/// longer file is known to be longer without being read whole. Only regular files are read (`/proc` and `/proc/sys`
/// entries are regular files too): a FIFO, socket, device or directory where a file is expected is reported, never
/// read or waited on.
public enum SmallFileReader {
    /// What a read found.
    public enum Outcome: Sendable, Equatable {
        /// The bytes (at most the limit); `truncated` when the file was longer than the limit.
        case content([UInt8], truncated: Bool)
        /// `ENOENT` or `ENOTDIR`: the file does not exist.
        case missing
        /// A FIFO, socket, device or directory (named in `kind`).
        case notRegular(kind: String)
        /// Any other failure (`EACCES` ...), with its `errno`.
        case failed(errno: Int32)
    }

    /// Why a whole file could not be had (`whole(_:limit:)`); `description` names the file.
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public enum Reason: Sendable, Equatable {
            case missing
            case notRegular(kind: String)
            case failed(errno: Int32)
            /// Longer than `limit` bytes: not taken (a cut table or command line would be read as a whole one).
            case tooLarge(limit: Int)
        }

        public var path: String
        public var reason: Reason

        public init(path: String, reason: Reason) {
            self.path = path
            self.reason = reason
        }

        /// "/proc/net/tcp: larger than 33554432 bytes; not read", "cannot read /etc/x: Permission denied (errno 13)".
        public var description: String {
            switch reason {
            case .missing: return "\(path): no such file"
            case .notRegular(let kind): return "\(path) is a \(kind), not a regular file; not read"
            case .failed(let code): return "cannot read \(path): \(DescriptorWrite.describe(code))"
            case .tooLarge(let limit): return "\(path): larger than \(limit) bytes; not read"
            }
        }
    }

    /// Reads at most `limit` bytes of the regular file at `path`. `nullDeviceIsEmpty`: `/dev/null` (character
    /// device 1:3; a masked systemd unit is a symlink to it) reads as empty content instead of `.notRegular`.
    public static func read(_ path: String, limit: Int, nullDeviceIsEmpty: Bool = false) -> Outcome {
        var info = stat()
        guard stat(path, &info) == 0 else { return failure(errno) }
        if nullDeviceIsEmpty && info.st_mode & S_IFMT == S_IFCHR && UInt64(info.st_rdev) == nullDevice {
            return .content([], truncated: false)
        }
        guard isRegular(info.st_mode) else { return .notRegular(kind: kind(info.st_mode)) }
        let descriptor: FileDescriptor
        do {
            descriptor = try FileDescriptor.open(
                FilePath(path), .readOnly, options: [.nonBlocking, .closeOnExec, FileDescriptor.OpenOptions(rawValue: O_NOCTTY)])
        } catch {
            return failure((error as? Errno)?.rawValue ?? EIO)
        }
        defer { try? descriptor.close() }
        guard fstat(descriptor.rawValue, &info) == 0 else { return .failed(errno: errno) }
        guard isRegular(info.st_mode) else { return .notRegular(kind: kind(info.st_mode)) }
        return read(descriptor: descriptor.rawValue, limit: limit, size: Int(info.st_size))
    }

    /// The whole regular file at `path` when it holds at most `limit` bytes; otherwise why not, naming the file.
    public static func whole(_ path: String, limit: Int, nullDeviceIsEmpty: Bool = false) -> Result<[UInt8], Failure> {
        switch read(path, limit: limit, nullDeviceIsEmpty: nullDeviceIsEmpty) {
        case .content(let bytes, truncated: false): return .success(bytes)
        case .content(_, truncated: true): return .failure(Failure(path: path, reason: .tooLarge(limit: limit)))
        case .missing: return .failure(Failure(path: path, reason: .missing))
        case .notRegular(let kind): return .failure(Failure(path: path, reason: .notRegular(kind: kind)))
        case .failed(let code): return .failure(Failure(path: path, reason: .failed(errno: code)))
        }
    }

    /// Reads at most `limit` bytes from `fd`, an open descriptor the caller has checked and still owns (the canvas's
    /// file opened beneath its root, the token file after its `fstat`): `.content` or `.failed` only. `size` is the
    /// file's `st_size` (0 for `/proc` and `/sys` files, which hand out at most a page per `read(2)`, and where a
    /// `/proc/sys` read makes the kernel allocate and zero a buffer of the requested size: so a page for those, the
    /// size for others, at most 64 KiB a read). `scrub`: the scratch buffer and any cut-off bytes are zeroed before
    /// they are freed (a secret).
    public static func read(descriptor fd: Int32, limit: Int, size: Int = 0, scrub: Bool = false) -> Outcome {
        let descriptor = FileDescriptor(rawValue: fd)
        let cap = max(0, limit) + 1
        let chunkSize = min(size > 0 ? min(size + 1, 64 * 1024) : 4096, cap)
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        var bytes: [UInt8] = []
        if scrub { bytes.reserveCapacity(cap) }
        defer { if scrub { wipe(&chunk) } }
        while bytes.count < cap {
            let wanted = min(chunk.count, cap - bytes.count)
            let count: Int
            do {
                count = try chunk.withUnsafeMutableBytes { raw in
                    try descriptor.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[0..<wanted]))
                }
            } catch {
                if scrub { wipe(&bytes) }
                return .failed(errno: (error as? Errno)?.rawValue ?? EIO)
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        guard bytes.count > limit else { return .content(bytes, truncated: false) }
        let kept = Array(bytes[0..<max(0, limit)])
        if scrub { wipe(&bytes) }
        return .content(kept, truncated: true)
    }

    /// The name of a non-regular file type, as the outcomes say it: "FIFO", "character device", ...
    public static func kind(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFIFO: return "FIFO"
        case S_IFSOCK: return "socket"
        case S_IFCHR: return "character device"
        case S_IFBLK: return "block device"
        case S_IFDIR: return "directory"
        default: return "special file"
        }
    }

    /// `/dev/null`'s device number, `makedev(1, 3)` in glibc's encoding.
    private static let nullDevice: UInt64 = 0x103

    private static func failure(_ code: Int32) -> Outcome {
        code == ENOENT || code == ENOTDIR ? .missing : .failed(errno: code)
    }

    private static func isRegular(_ mode: mode_t) -> Bool { mode & S_IFMT == S_IFREG }

    private static func wipe(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { raw in if let base = raw.baseAddress { _ = memset(base, 0, raw.count) } }
    }
}
