#if canImport(Glibc)
import Glibc
#endif
import CSystemShim

/// Opens a path beneath a directory descriptor without ever leaving it, whatever symlinks the tree holds.
///
/// `openat2(2)` with `RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS` (Linux 5.6+, through `CSystemShim`: glibc 2.36 has no
/// wrapper): the kernel refuses (`EXDEV`) any resolution that leaves the directory, by `..`, an absolute path or a
/// symlink, and every `/proc` magic link (`ELOOP`); a symlink that stays beneath is followed. Where `openat2`
/// answers `ENOSYS` (an older kernel) or `EPERM` (a seccomp filter that refuses what it does not know), each
/// component is opened with `openat(O_NOFOLLOW)` from the directory down: then every symlink is refused, even one
/// that stays inside.
public enum BeneathOpen {
    public enum Resolution: Sendable, Equatable {
        /// `openat2` with `RESOLVE_BENEATH`, falling back to `componentsNoFollow` on `ENOSYS` / `EPERM`.
        case beneath
        /// `openat(O_NOFOLLOW)` per component (the fallback; chosen directly by tests).
        case componentsNoFollow
    }

    public enum Outcome: Sendable, Equatable {
        case opened(fd: Int32)
        /// The path leaves the directory (`EXDEV`), or crosses a symlink the resolution refuses (`ELOOP`).
        case escapes
        /// Nothing there (`ENOENT`, `ENOTDIR`).
        case missing
        /// Another errno.
        case failed(errno: Int32)
    }

    /// Opens `components` (no `.`, `..` or `/` in any: `CanvasPath` guarantees it) beneath `directory`, read-only,
    /// `O_NONBLOCK | O_CLOEXEC | O_NOCTTY` (a FIFO never blocks). The caller closes the descriptor.
    public static func open(_ components: [String], beneath directory: Int32, resolution: Resolution = .beneath) -> Outcome {
        guard !components.isEmpty else { return .missing }
        let flags = O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY
        if resolution == .beneath {
            let fd = openclaw_openat2_beneath(directory, components.joined(separator: "/"), flags)
            if fd >= 0 { return .opened(fd: fd) }
            let code = errno
            if code != ENOSYS && code != EPERM { return outcome(errno: code) }
        }
        var current = dup(directory)
        guard current >= 0 else { return .failed(errno: errno) }
        for (index, component) in components.enumerated() {
            let last = index == components.count - 1
            let next = openat(current, component, (last ? flags : O_RDONLY | O_DIRECTORY | O_CLOEXEC) | O_NOFOLLOW)
            var code = errno
            if next < 0 && code == ENOTDIR {
                // `O_DIRECTORY | O_NOFOLLOW` on a symlink: ENOTDIR. A symlink is refused, not missing.
                var st = stat()
                if fstatat(current, component, &st, AT_SYMLINK_NOFOLLOW) == 0 && (st.st_mode & S_IFMT) == S_IFLNK { code = ELOOP }
            }
            close(current)
            guard next >= 0 else { return outcome(errno: code) }
            current = next
        }
        return .opened(fd: current)
    }

    private static func outcome(errno code: Int32) -> Outcome {
        switch code {
        case EXDEV, ELOOP: return .escapes
        case ENOENT, ENOTDIR: return .missing
        default: return .failed(errno: code)
        }
    }
}
