import NetProbe
#if canImport(Glibc)
import Glibc
#endif

/// Every file-system access of the live reader: bounded reads that never block (`SmallFileReader`, the one bounded
/// read), existence checks and short directory listings, all under an optional root prefix (a fake tree in tests).
///
/// Uses `lstat(2)`, `access(2)` and `readdir(3)`; reads are `SmallFileReader.read`'s (`stat(2)`, `open(2)` with
/// `O_NONBLOCK`, `fstat(2)`, `read(2)`): only regular files are read, so a FIFO or device placed where a file is
/// expected is reported instead of read.
struct FileProbe: Sendable {
    /// Prefix prepended to every path (`""` for the real root).
    var root: String

    /// What a read found (`SmallFileReader`'s outcome).
    typealias Outcome = SmallFileReader.Outcome

    init(root: String = "") { self.root = root }

    /// The real path for a logical one.
    func resolve(_ path: String) -> String { root + path }

    /// Reads at most `limit` bytes of a regular file (`SmallFileReader.read` of the resolved path).
    func read(_ path: String, limit: Int = 1 << 20) -> Outcome {
        SmallFileReader.read(resolve(path), limit: limit)
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

    private static func isRegular(_ mode: mode_t) -> Bool { mode & S_IFMT == S_IFREG }
}
