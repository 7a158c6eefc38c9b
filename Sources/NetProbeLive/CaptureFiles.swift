import NetProbe
#if canImport(Glibc)
import Glibc
#endif

/// The file edge of captures (`--snapshot FILE|DIR`) and issue reports (`triage FILE`): contents through
/// `SmallFileReader` (the one bounded read; never blocks on a FIFO or device), directories with `opendir(3)` /
/// `readdir(3)`. What is read is parsed by NetProbe (`CaptureReader.parse`, `IssueReportReader.read`).
///
/// `stat(2)` (following symbolic links) first: a path that is neither a regular file nor a directory is refused with
/// `CaptureError.Reason.notRegularFileOrDirectory`, never opened; `ENOENT` is `.missing`, any other errno
/// `.unreadable`. A file over `sizeLimit` bytes is `.tooLarge` (its `st_size`, or `sizeLimit + 1` when it claims
/// less, as `/proc` files do); `SmallFileReader` reads at most one byte more than the limit to know.
public enum CaptureFiles {
    /// Largest capture or report file accepted (a capture is a few hundred kilobytes at most): 16 MiB.
    public static let sizeLimit = CaptureLimits.captureBytes

    /// The bytes of the regular file at `path`, at most `sizeLimit`.
    public static func bytes(_ path: String) throws(CaptureError) -> [UInt8] {
        let info = try status(path)
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw CaptureError(path: path, reason: .notRegularFileOrDirectory(kind: kindName(info.st_mode)))
        }
        switch SmallFileReader.read(path, limit: sizeLimit) {
        case .content(let bytes, truncated: false):
            return bytes
        case .content(_, truncated: true):
            throw CaptureError(path: path, reason: .tooLarge(bytes: max(Int(info.st_size), sizeLimit + 1), limit: sizeLimit))
        case .missing:
            throw CaptureError(path: path, reason: .missing)
        case .notRegular(let kind):
            // Swapped for a FIFO or device between the two `stat`s: still refused, never read.
            throw CaptureError(path: path, reason: .notRegularFileOrDirectory(kind: kind))
        case .failed(let code):
            throw failure(path, code)
        }
    }

    /// The entry names of the directory at `path` (without `.` and `..`), sorted.
    public static func entryNames(_ path: String) throws(CaptureError) -> [String] {
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

    /// `st_size` of `path` (0 when it cannot be had: the read that follows reports why).
    static func size(_ path: String) -> Int {
        (try? status(path)).map { Int($0.st_size) } ?? 0
    }

    /// `stat(2)` of `path`, following symbolic links.
    static func status(_ path: String) throws(CaptureError) -> stat {
        var info = stat()
        if stat(path, &info) != 0 { throw failure(path, errno) }
        return info
    }

    static func failure(_ path: String, _ code: Int32) -> CaptureError {
        if code == ENOENT { return CaptureError(path: path, reason: .missing) }
        return CaptureError(path: path, reason: .unreadable(errno: code, message: ErrnoText.message(code)))
    }

    static func kindName(_ mode: mode_t) -> String {
        mode & S_IFMT == S_IFLNK ? "symbolic link" : SmallFileReader.kind(mode)
    }
}

extension CaptureReader {
    /// Reads the capture at `path`: a single capture file or a capture directory (`CaptureFiles`).
    ///
    /// Only regular files and directories are opened (a FIFO or device is refused, never read). Section files
    /// of a directory that cannot be read become warnings; a top-level path that cannot be read is an error.
    public static func read(path: String) throws(CaptureError) -> MachineFacts {
        let info = try CaptureFiles.status(path)
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
            return parse(directory: path, names: try CaptureFiles.entryNames(path), size: CaptureFiles.size,
                         bytes: { (file: String) throws(CaptureError) -> [UInt8] in try CaptureFiles.bytes(file) })
        case S_IFREG:
            return try parse(bytes: try CaptureFiles.bytes(path), file: path)
        default:
            throw CaptureError(path: path, reason: .notRegularFileOrDirectory(kind: CaptureFiles.kindName(info.st_mode)))
        }
    }
}

extension IssueReportReader {
    /// Reads a report file (`CaptureFiles.bytes`): UTF-8 (with or without BOM) or UTF-16 with a BOM, any line ends.
    public static func load(path: String) throws(CaptureError) -> Reading {
        try read(bytes: try CaptureFiles.bytes(path), file: path)
    }
}
