import Gateway

/// Maps a request path under `/__openclaw__/canvas/` to path components inside the canvas root. Pure.
///
/// Rejects traversal in every spelling: `..` and `.` segments (also percent-encoded, `%2e%2e`), encoded
/// separators (`%2f`, `%5c`), backslashes, NUL and malformed percent escapes. Symlinks that escape the root are
/// the file layer's job (`CanvasFiles`), which resolves the real path.
public enum CanvasPath {
    public enum Rejection: Error, Sendable, Equatable {
        case traversal(String)
        case invalidEncoding(String)
        case forbiddenCharacter(String)
    }

    /// The URL prefix the canvas is served under.
    public static let prefix = "/__openclaw__/canvas"

    /// Components of the file to serve, relative to the root; `index.html` for the root or a trailing slash.
    public static func resolve(requestPath: String) -> Result<[String], Rejection> {
        guard requestPath.hasPrefix(prefix) else { return .failure(.traversal(requestPath)) }
        let rest = requestPath.dropFirst(prefix.count)
        guard rest.isEmpty || rest.hasPrefix("/") else { return .failure(.traversal(requestPath)) }
        if rest.contains("\\") { return .failure(.forbiddenCharacter("\\")) }
        var components: [String] = []
        for raw in rest.split(separator: "/", omittingEmptySubsequences: true) {
            guard let decoded = percentDecode(String(raw)) else { return .failure(.invalidEncoding(String(raw))) }
            if decoded == "." || decoded == ".." { return .failure(.traversal(String(raw))) }
            if decoded.contains("/") || decoded.contains("\\") || decoded.contains("\u{0}") {
                return .failure(.forbiddenCharacter(String(raw)))
            }
            components.append(decoded)
        }
        if components.isEmpty || rest.hasSuffix("/") { components.append("index.html") }
        return .success(components)
    }

    /// Decodes `%XX` escapes as UTF-8; nil on a malformed escape or invalid UTF-8.
    static func percentDecode(_ text: String) -> String? {
        var out: [UInt8] = []
        var bytes = Array(text.utf8)[...]
        while let b = bytes.popFirst() {
            if b == UInt8(ascii: "%") {
                guard let h = bytes.popFirst(), let l = bytes.popFirst(), let hi = hexValue(h), let lo = hexValue(l) else {
                    return nil
                }
                out.append(hi << 4 | lo)
            } else {
                out.append(b)
            }
        }
        return String(validating: out, as: UTF8.self)
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// A content type from the file extension.
    public static func contentType(for name: String) -> String {
        let ext = name.split(separator: ".").last.map { $0.lowercased() } ?? ""
        switch ext {
        case "html", "htm": return "text/html; charset=utf-8"
        case "js", "mjs": return "text/javascript; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "json": return "application/json"
        case "svg": return "image/svg+xml"
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "txt": return "text/plain; charset=utf-8"
        default: return "application/octet-stream"
        }
    }
}
