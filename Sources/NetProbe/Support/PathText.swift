/// The last component and the parent of a file path, as text: `NSString`'s `lastPathComponent` and
/// `deletingLastPathComponent` without Foundation (docs/performance.md, "No ICU"). Trailing slashes are ignored
/// (`/a/b/` is `/a/b`), as are repeated slashes before the last component (`/a//b` -> `/a`); other repeated slashes
/// are kept as written. No file system access, no `~` or `..` resolution.
public enum PathText {
    /// `/etc/systemd/user/openclaw-gateway.service` -> `openclaw-gateway.service`; `/a/b/` -> `b`; `/` -> `/`;
    /// `name` -> `name`; `` -> ``.
    public static func lastComponent(_ path: String) -> String {
        let trimmed = withoutTrailingSlashes(path[...])
        guard let slash = trimmed.lastIndex(of: "/") else { return String(trimmed) }
        if trimmed == "/" { return "/" }
        return String(trimmed[trimmed.index(after: slash)...])
    }

    /// `/etc/systemd/user/openclaw-gateway.service` -> `/etc/systemd/user`; `/a/b/` -> `/a`; `/a` -> `/`; `/` -> `/`;
    /// `name` -> `` (no directory part); `a//b` -> `a`.
    public static func parent(_ path: String) -> String {
        let trimmed = withoutTrailingSlashes(path[...])
        if trimmed == "/" { return "/" }
        guard let slash = trimmed.lastIndex(of: "/") else { return "" }
        let parent = withoutTrailingSlashes(trimmed[..<slash])
        return parent.isEmpty ? "/" : String(parent)
    }

    /// `path` without its trailing slashes; `/` when it is nothing but slashes.
    private static func withoutTrailingSlashes(_ path: Substring) -> Substring {
        var text = path
        while text.count > 1, text.hasSuffix("/") { text = text.dropLast() }
        return text
    }
}
