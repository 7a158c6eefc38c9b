#if canImport(Glibc)
import Glibc
#endif
import Gateway
import NetProbeLive

extension TokenFile {
    /// Reads and judges the file at `path` (edge): first the directories above it (`StatePathTrust.ancestorRefusal`,
    /// so nobody else can swap the file between the check and the read), then `open(O_RDONLY | O_NONBLOCK |
    /// O_CLOEXEC)`, `fstat` of the descriptor, at most `maxBytes + 1` bytes; a refusal that shows an owner names it
    /// (`getpwuid_r(3)`).
    public static func read(path: String) -> Result<String, Refusal> {
        if let refusal = StatePathTrust.ancestorRefusal(of: path) {
            return .failure(Refusal(path: path, problem: .untrustedDirectory(refusal)))
        }
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else { return .failure(Refusal(path: path, problem: .cannotOpen(errno: errno))) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return .failure(Refusal(path: path, problem: .cannotOpen(errno: errno))) }
        let isRegular = (st.st_mode & S_IFMT) == S_IFREG
        var bytes: [UInt8] = []
        if isRegular {
            // `SmallFileReader`'s read of the checked descriptor, its scratch bytes zeroed (a secret).
            switch SmallFileReader.read(descriptor: fd, limit: maxBytes + 1, size: Int(st.st_size), scrub: true) {
            case .content(let read, _): bytes = read
            case .failed(let code): return .failure(Refusal(path: path, problem: .cannotOpen(errno: code)))
            case .missing, .notRegular: break
            }
        }
        let judged = judge(path: path, isRegular: isRegular, uid: st.st_uid, mode: UInt32(st.st_mode & 0o7777),
                           effectiveUID: geteuid(), bytes: bytes)
        guard case .failure(var refusal) = judged else { return judged }
        switch refusal.problem {
        case .foreignOwner(let uid, let expected):
            refusal.ownerName = PortOwners.userName(uid: uid)
            refusal.effectiveUserName = PortOwners.userName(uid: expected)
        case .readableByOthers(_, let uid):
            refusal.ownerName = PortOwners.userName(uid: uid)
        default:
            break
        }
        return .failure(refusal)
    }
}
