#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a capture path from disk without ever blocking on a special file.
///
/// Uses `stat(2)` to refuse anything that is not a regular file or a directory before opening it, then
/// `open(2)` with `O_NONBLOCK` and `fstat(2)` on the descriptor (so a path swapped for a FIFO between the
/// two calls is still refused), `read(2)` for files and `opendir(3)`/`readdir(3)` for directories.
enum CaptureFileSystem {
    /// What a path holds.
    enum Entry: Equatable {
        case file(String)
        /// The names of the directory's entries (without `.` and `..`), sorted.
        case directory([String])
    }

    /// Largest capture file accepted (a capture is a few hundred kilobytes at most).
    static let sizeLimit = CaptureLimits.captureBytes

    static func load(_ path: String) throws(CaptureError) -> Entry {
        let info = try status(path)
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return .directory(try list(path))
        case S_IFREG: return .file(try readText(path))
        default: throw CaptureError(path: path, reason: .notRegularFileOrDirectory(kind: kindName(info.st_mode)))
        }
    }

    /// `stat(2)` of `path`, following symbolic links.
    static func status(_ path: String) throws(CaptureError) -> stat {
        var info = stat()
        if stat(path, &info) != 0 { throw failure(path, errno) }
        return info
    }

    /// Reads a regular file as text: UTF-8, or UTF-16 with a byte order mark; `\r\n` line ends become `\n`
    /// (see `CaptureTextDecoding`).
    static func readText(_ path: String) throws(CaptureError) -> String {
        let before = try status(path)
        guard before.st_mode & S_IFMT == S_IFREG else {
            throw CaptureError(path: path, reason: .notRegularFileOrDirectory(kind: kindName(before.st_mode)))
        }
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        if fd < 0 { throw failure(path, errno) }
        defer { close(fd) }
        var info = stat()
        if fstat(fd, &info) != 0 { throw failure(path, errno) }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw CaptureError(path: path, reason: .notRegularFileOrDirectory(kind: kindName(info.st_mode)))
        }
        if Int(info.st_size) > sizeLimit {
            throw CaptureError(path: path, reason: .tooLarge(bytes: Int(info.st_size), limit: sizeLimit))
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure(path, errno)
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
            if bytes.count > sizeLimit {
                throw CaptureError(path: path, reason: .tooLarge(bytes: bytes.count, limit: sizeLimit))
            }
        }
        switch CaptureTextDecoding.decode(bytes) {
        case .success(let text): return text
        case .failure(.invalidUTF8(let offset)): throw CaptureError(path: path, reason: .notUTF8(byteOffset: offset))
        case .failure(.invalidUTF16(let offset)): throw CaptureError(path: path, reason: .notUTF16(byteOffset: offset))
        }
    }

    /// The entry names of a directory, sorted.
    static func list(_ path: String) throws(CaptureError) -> [String] {
        guard let dir = opendir(path) else { throw failure(path, errno) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// Offset of the first byte that is not part of valid UTF-8, or `nil` when all of it is valid.
    static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int? {
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): offset += UTF8.width(scalar)
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }

    static func failure(_ path: String, _ code: Int32) -> CaptureError {
        if code == ENOENT { return CaptureError(path: path, reason: .missing) }
        return CaptureError(path: path, reason: .unreadable(errno: code, message: ErrnoText.message(code)))
    }

    static func kindName(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFIFO: return "FIFO"
        case S_IFSOCK: return "socket"
        case S_IFCHR: return "character device"
        case S_IFBLK: return "block device"
        case S_IFLNK: return "symbolic link"
        case S_IFDIR: return "directory"
        default: return "unknown file type"
        }
    }
}
