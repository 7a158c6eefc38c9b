#if canImport(Glibc)
import Gateway
import Glibc
#endif
import NetProbeLive
import FoundationEssentials

/// Reads canvas files from `<state>/canvas` without following any symlink out of it: every file is opened beneath
/// the root's descriptor (`BeneathOpen`: `openat2` with `RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS`, else
/// `openat(O_NOFOLLOW)` per component). A symlink inside the root that stays inside is followed under `openat2`
/// and refused by the fallback; one that leaves is refused (403) by both. The root itself is opened by path
/// (it may be a symlink: `StatePathTrust` judged its owner, mode and the directories above it at start).
public struct CanvasFiles: Sendable {
    public enum Answer: Sendable, Equatable {
        case file(bytes: [UInt8], contentType: String)
        case notFound
        case forbidden
    }

    public let root: String
    /// Files larger than this are not served.
    public let maxBytes: Int
    /// How files are opened beneath the root (`.beneath` in the gateway; tests choose the fallback).
    public let resolution: BeneathOpen.Resolution

    public init(root: String, maxBytes: Int = 16 << 20, resolution: BeneathOpen.Resolution = .beneath) {
        self.root = root
        self.maxBytes = maxBytes
        self.resolution = resolution
    }

    /// The page served at the canvas root while the canvas directory is empty or missing.
    public static let builtInPage = """
        <!doctype html>
        <html><head><meta charset="utf-8"><title>OpenClaw canvas</title></head>
        <body><h1>OpenClaw canvas</h1><p>The canvas directory is empty. Put files into <code>&lt;state&gt;/canvas</code>.</p></body></html>

        """

    /// Looks up a request path.
    public func answer(requestPath: String) -> Answer {
        guard case .success(let components) = CanvasPath.resolve(requestPath: requestPath) else { return .forbidden }
        let isIndex = components == ["index.html"]
        let builtIn = isIndex ? Answer.file(bytes: Array(Self.builtInPage.utf8), contentType: "text/html; charset=utf-8") : .notFound
        let rootFD = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard rootFD >= 0 else { return builtIn }
        defer { close(rootFD) }
        guard Self.hasEntries(rootFD) else { return builtIn }
        var fd: Int32
        switch BeneathOpen.open(components, beneath: rootFD, resolution: resolution) {
        case .opened(let opened): fd = opened
        case .escapes: return .forbidden
        case .missing, .failed: return .notFound
        }
        var st = stat()
        guard fstat(fd, &st) == 0 else { close(fd); return .notFound }
        var name = components.last ?? ""
        if (st.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            switch BeneathOpen.open(components + ["index.html"], beneath: rootFD, resolution: resolution) {
            case .opened(let opened): fd = opened
            case .escapes: return .forbidden
            case .missing, .failed: return .notFound
            }
            name = "index.html"
            guard fstat(fd, &st) == 0 else { close(fd); return .notFound }
        }
        defer { close(fd) }
        guard (st.st_mode & S_IFMT) == S_IFREG else { return .notFound }
        guard Self.isTrusted(st) else { return .forbidden }
        guard Int(st.st_size) <= maxBytes,
              case .content(let bytes, truncated: false) = SmallFileReader.read(descriptor: fd, limit: maxBytes, size: Int(st.st_size))
        else { return .notFound }
        return .file(bytes: bytes, contentType: CanvasPath.contentType(for: name))
    }

    /// Whether a canvas file may be served (`fstat(2)` of the opened file): owned by the gateway's effective user or
    /// root, not writable by group or others (another account could have written it, e.g. into a world-writable
    /// subdirectory), and one link only (a hard link can make any file the gateway may read, `/etc/shadow` under
    /// root, appear inside the canvas). Anything else is 403.
    static func isTrusted(_ st: stat) -> Bool {
        let owner = st.st_uid
        guard owner == geteuid() || owner == 0 else { return false }
        guard st.st_mode & (S_IWGRP | S_IWOTH) == 0 else { return false }
        return st.st_nlink == 1
    }

    /// Whether the directory holds anything besides `.` and `..` (a duplicate descriptor is read).
    private static func hasEntries(_ fd: Int32) -> Bool {
        let copy = dup(fd)
        guard copy >= 0, let dir = fdopendir(copy) else {
            if copy >= 0 { close(copy) }
            return false
        }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { return true }
        }
        return false
    }
}
