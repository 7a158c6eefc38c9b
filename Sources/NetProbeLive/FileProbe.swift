import NetProbe
#if canImport(Glibc)
import Glibc
#endif

/// Every file-system access of the live reader: bounded reads that never block, existence checks
/// and short directory listings, all under an optional root prefix (a fake tree in tests).
///
/// Uses `stat(2)`/`lstat(2)`, `open(2)` with `O_NONBLOCK`, `read(2)`, `access(2)` and `readdir(3)`.
/// Only regular files are read (`/proc` and `/proc/sys` entries are regular files too), so a FIFO
/// or device placed where a file is expected is reported instead of read.
struct FileProbe: Sendable {
    /// Prefix prepended to every path (`""` for the real root).
    var root: String

    /// What a read found.
    enum Outcome: Sendable, Equatable {
        /// The bytes read; `truncated` when the file was longer than the limit.
        case content([UInt8], truncated: Bool)
        /// `ENOENT` or `ENOTDIR`: the file does not exist.
        case missing
        /// The file exists but is a FIFO, socket, device or directory (named in `kind`).
        case notRegular(kind: String)
        /// Any other failure, with its `errno`.
        case failed(errno: Int32)
    }

    init(root: String = "") { self.root = root }

    /// The real path for a logical one.
    func resolve(_ path: String) -> String { root + path }

    /// Reads at most `limit` bytes of a regular file.
    func read(_ path: String, limit: Int = 1 << 20) -> Outcome {
        let real = resolve(path)
        var info = stat()
        guard stat(real, &info) == 0 else { return Self.failure(errno) }
        guard Self.isRegular(info.st_mode) else { return .notRegular(kind: Self.kind(info.st_mode)) }
        let fd = open(real, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else { return Self.failure(errno) }
        defer { close(fd) }
        guard fstat(fd, &info) == 0 else { return .failed(errno: errno) }
        guard Self.isRegular(info.st_mode) else { return .notRegular(kind: Self.kind(info.st_mode)) }

        var bytes: [UInt8] = []
        // /proc and /sys files report size 0 and hand out at most a page per read(2); a /proc/sys read also makes
        // the kernel allocate and zero a buffer of the requested size. So: a page for those, the size for others.
        let chunkSize = info.st_size > 0 ? min(Int(info.st_size) + 1, 64 * 1024) : 4096
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        while bytes.count <= limit {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failed(errno: errno)
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        if bytes.count > limit { return .content(Array(bytes[0..<limit]), truncated: true) }
        return .content(bytes, truncated: false)
    }

    /// Whether a path exists.
    enum Existence: Sendable, Equatable {
        case present
        case absent
        /// `lstat` failed otherwise (`EACCES` on a parent directory, ...), with its `errno`.
        case unknown(errno: Int32)
    }

    /// Whether `path` exists (`lstat`, so a dangling symlink counts).
    func exists(_ path: String) -> Existence {
        var info = stat()
        if lstat(resolve(path), &info) == 0 { return .present }
        let code = errno
        return code == ENOENT || code == ENOTDIR ? .absent : .unknown(errno: code)
    }

    /// Whether `path` is a regular file (after symlinks) that this process may execute.
    func isExecutableFile(_ path: String) -> Bool {
        var info = stat()
        let real = resolve(path)
        return stat(real, &info) == 0 && Self.isRegular(info.st_mode) && access(real, X_OK) == 0
    }

    /// Up to `limit` entry names of a directory (without `.` and `..`), in directory order;
    /// `nil` when it cannot be opened.
    func directoryEntries(_ path: String, limit: Int) -> [String]? {
        guard let directory = opendir(resolve(path)) else { return nil }
        defer { closedir(directory) }
        var names: [String] = []
        while names.count < limit, let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    private static func failure(_ code: Int32) -> Outcome {
        code == ENOENT || code == ENOTDIR ? .missing : .failed(errno: code)
    }

    private static func isRegular(_ mode: mode_t) -> Bool { mode & S_IFMT == S_IFREG }

    private static func kind(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFIFO: return "FIFO"
        case S_IFSOCK: return "socket"
        case S_IFCHR: return "character device"
        case S_IFBLK: return "block device"
        case S_IFDIR: return "directory"
        default: return "special file"
        }
    }
}
