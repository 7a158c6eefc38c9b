import FoundationEssentials
import NetProbe
import NetProbeLive
#if canImport(Glibc)
import Glibc
#endif

/// `capture -o PATH`: writes to what PATH is.
///
/// - nothing there: a new file, mode 0600 (a capture describes this machine; the bug report is 0600 too), written
///   under a temporary name in the same directory (`O_CREAT|O_EXCL|O_NOFOLLOW`) and renamed into place;
/// - a regular file of ours: replaced the same way (atomic), keeping its permission bits, except that unredacted
///   text (`capture --no-redact`, `triage --capture-out` without `--redact`) drops the group and other bits:
///   unredacted output is private;
/// - a character device or a FIFO (`/dev/null`, `/dev/stdout` through its link, `mkfifo`): opened and written to,
///   never replaced;
/// - a symbolic link, or a regular file of another user: refused unless `--force`; with `--force` a link is
///   followed (its target judged by these rules) and another user's file is truncated and written in place, so
///   its owner and mode stay;
/// - unredacted text never goes into what another account owns (a regular file, a FIFO, a device; `--force` or
///   not): its owner could read it (`unredactedRefusal`);
/// - a directory, socket or block device: refused.
///
/// Every write goes through `DescriptorWrite`; a failure names the path and the `errno` (ENOSPC on `/dev/full`).
public enum CaptureOutputFile {
    /// What is at the path, from `lstat(2)`.
    public enum Kind: Equatable, Sendable {
        case missing
        case regular(ownedByUs: Bool)
        case symlink
        case characterDevice
        case fifo
        case other(String)
    }

    /// What to do with it. Pure.
    public enum Action: Equatable, Sendable {
        case createAtomically
        case replaceAtomically
        case writeInPlace
        case followLink
        case refuse(String)
    }

    /// What to do with `kind`. Pure.
    public static func decide(_ kind: Kind, force: Bool) -> Action {
        switch kind {
        case .missing: return .createAtomically
        case .regular(ownedByUs: true): return .replaceAtomically
        case .regular(ownedByUs: false):
            return force ? .writeInPlace : .refuse("it is another user's file (use --force to overwrite it in place)")
        case .symlink:
            return force ? .followLink : .refuse("it is a symbolic link (use --force to write to its target)")
        case .characterDevice, .fifo: return .writeInPlace
        case .other(let what): return .refuse("it is a \(what)")
        }
    }

    /// Why the capture was not written: `refused` for what is at the path, `failed` for an I/O error.
    public struct Failure: Error, Equatable {
        /// `output-refused` or `output-unwritable` (the doctor's JSON error codes).
        public var code: String
        /// Names the path and why: `not writing PATH: it is a symbolic link (...)`, `cannot write PATH: ... (errno N)`.
        public var message: String
    }

    /// The mode of a file that did not exist.
    static let newFileMode: mode_t = 0o600

    /// Writes `text` to `path` by the rules above; `unredacted`: the text is not redacted, so a replaced file loses
    /// its group and other permission bits.
    public static func write(_ text: String, to path: String, force: Bool, unredacted: Bool) throws(Failure) {
        var target = path
        // A link is followed at most once per level; 8 levels are plenty for a real set-up.
        for _ in 0..<8 {
            let kind = lstatKind(target)
            switch decide(kind, force: force) {
            case .refuse(let why):
                throw Failure(code: "output-refused", message: "not writing \(path): \(why)")
            case .followLink:
                guard let next = linkTarget(target) else {
                    throw Failure(code: "output-unwritable", message: "cannot read the link \(target): \(DescriptorWrite.describe(errno))")
                }
                target = next
                continue
            case .createAtomically:
                try replaceAtomically(text, path: target, mode: Self.newFileMode)
            case .replaceAtomically:
                var st = stat()
                let kept = lstat(target, &st) == 0 ? mode_t(st.st_mode & 0o777) : Self.newFileMode
                try replaceAtomically(text, path: target, mode: unredacted ? kept & 0o700 : kept)
            case .writeInPlace:
                var st = stat()
                if unredacted, lstat(target, &st) == 0, let why = unredactedRefusal(ownerUID: st.st_uid, effectiveUID: geteuid()) {
                    throw Failure(code: "output-refused", message: "not writing \(path): \(why)")
                }
                try writeInPlace(text, path: target, truncate: kind == .regular(ownedByUs: false), unredacted: unredacted)
            }
            return
        }
        throw Failure(code: "output-refused", message: "not writing \(path): too many levels of symbolic links")
    }

    /// Why unredacted text may not be written into what another account owns (nil: this user's or root's): its owner
    /// reads it whatever its mode (a FIFO another user made in `/tmp` and reads from, a 0666 file of theirs with
    /// `--force`), and unredacted output is private. Pure.
    public static func unredactedRefusal(ownerUID: UInt32, effectiveUID: UInt32) -> String? {
        guard ownerUID != effectiveUID, ownerUID != 0 else { return nil }
        return "it belongs to uid \(ownerUID), not to this user, and the output is not redacted: its owner could read it "
            + "(unredacted output is private; write it to a path of this user's, or leave out --no-redact)"
    }

    /// What is at `path` (`lstat(2)`: a link is not followed).
    public static func lstatKind(_ path: String) -> Kind {
        var st = stat()
        guard lstat(path, &st) == 0 else { return .missing }
        switch st.st_mode & S_IFMT {
        case S_IFREG: return .regular(ownedByUs: st.st_uid == geteuid())
        case S_IFLNK: return .symlink
        case S_IFCHR: return .characterDevice
        case S_IFIFO: return .fifo
        case S_IFDIR: return .other("directory")
        case S_IFSOCK: return .other("socket")
        case S_IFBLK: return .other("block device")
        default: return .other("special file")
        }
    }

    /// The absolute path a symbolic link points to (relative targets resolved against the link's directory).
    static func linkTarget(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        let text = String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if text.hasPrefix("/") { return text }
        return PathText.parent(path) + "/" + text
    }

    /// A temporary file beside `path` (`O_CREAT | O_EXCL | O_NOFOLLOW`, created 0600), given `mode` before anything
    /// is written, written, `fsync`ed and renamed over `path`. The temporary file is removed on any failure.
    static func replaceAtomically(_ text: String, path: String, mode: mode_t) throws(Failure) {
        let directory = PathText.parent(path)
        let base = PathText.lastComponent(path)
        let temporary = (directory.isEmpty ? "." : directory) + "/.\(base).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw unwritable(path, errno) }
        var ok = false
        defer {
            close(fd)
            if !ok { unlink(temporary) }
        }
        if fchmod(fd, mode) != 0 { throw unwritable(path, errno) }
        if let code = DescriptorWrite.all(fd, text) { throw unwritable(path, code) }
        if fsync(fd) != 0 { throw unwritable(path, errno) }
        if rename(temporary, path) != 0 { throw unwritable(path, errno) }
        ok = true
    }

    /// Opens what is at `path` without following a link and without creating anything, checks it is still the
    /// kind that was judged, and writes to it.
    static func writeInPlace(_ text: String, path: String, truncate: Bool, unredacted: Bool) throws(Failure) {
        let fd = open(path, O_WRONLY | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC | (truncate ? O_TRUNC : 0))
        guard fd >= 0 else { throw unwritable(path, errno) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw unwritable(path, errno) }
        let type = st.st_mode & S_IFMT
        guard type == S_IFCHR || type == S_IFIFO || (truncate && type == S_IFREG) else {
            throw Failure(code: "output-refused", message: "not writing \(path): it changed while it was being opened")
        }
        if unredacted, let why = unredactedRefusal(ownerUID: st.st_uid, effectiveUID: geteuid()) {
            throw Failure(code: "output-refused", message: "not writing \(path): \(why)")
        }
        if let code = DescriptorWrite.all(fd, text) { throw unwritable(path, code) }
    }

    static func unwritable(_ path: String, _ code: Int32) -> Failure {
        Failure(code: "output-unwritable", message: "cannot write \(path): \(DescriptorWrite.describe(code))")
    }
}
