#if canImport(Glibc)
import Gateway
import Glibc
#endif
import FoundationEssentials

/// Reads canvas files from `<state>/canvas`, refusing anything whose real path (`realpath(3)`) leaves the root.
public struct CanvasFiles: Sendable {
    public enum Answer: Sendable, Equatable {
        case file(bytes: [UInt8], contentType: String)
        case notFound
        case forbidden
    }

    public let root: String
    /// Files larger than this are not served.
    public let maxBytes: Int

    public init(root: String, maxBytes: Int = 16 << 20) {
        self.root = root
        self.maxBytes = maxBytes
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
        guard let realRoot = Self.realPath(root), rootHasEntries(realRoot) else {
            return isIndex ? .file(bytes: Array(Self.builtInPage.utf8), contentType: "text/html; charset=utf-8") : .notFound
        }
        var candidate = realRoot + "/" + components.joined(separator: "/")
        guard var real = Self.realPath(candidate) else { return .notFound }
        guard real.hasPrefix(realRoot + "/") else { return .forbidden }
        var isDirectory = false
        if FileManager.default.fileExists(atPath: real, isDirectory: &isDirectory), isDirectory {
            candidate = real + "/index.html"
            guard let inner = Self.realPath(candidate) else { return .notFound }
            guard inner.hasPrefix(realRoot + "/") else { return .forbidden }
            real = inner
        }
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: real),
              (attributes[.type] as? FileAttributeType) == .typeRegular,
              let size = attributes[.size] as? Int, size <= maxBytes,
              let data = FileManager.default.contents(atPath: real) else { return .notFound }
        return .file(bytes: Array(data), contentType: CanvasPath.contentType(for: real))
    }

    private func rootHasEntries(_ realRoot: String) -> Bool {
        !((try? FileManager.default.contentsOfDirectory(atPath: realRoot)) ?? []).isEmpty
    }

    /// `realpath(3)`: the path with every symlink resolved, or nil when it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
