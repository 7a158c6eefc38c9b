#if canImport(Glibc)
import Glibc
#endif
import Gateway
import NetProbeLive

extension TokenFile {
    /// Reads and judges the file at `path` (edge): `open(O_RDONLY | O_NONBLOCK | O_CLOEXEC)`, `fstat` of the
    /// descriptor, at most `maxBytes + 1` bytes.
    public static func read(path: String) -> Result<String, Refusal> {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else { return .failure(Refusal(path: path, problem: .cannotOpen(errno: errno))) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return .failure(Refusal(path: path, problem: .cannotOpen(errno: errno))) }
        let isRegular = (st.st_mode & S_IFMT) == S_IFREG
        var bytes: [UInt8] = []
        if isRegular {
            var buffer = [UInt8](repeating: 0, count: maxBytes + 1)
            var filled = 0
            while filled < buffer.count {
                let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + filled, $0.count - filled) }
                if n < 0 && errno == EINTR { continue }
                if n < 0 { return .failure(Refusal(path: path, problem: .cannotOpen(errno: errno))) }
                if n == 0 { break }
                filled += n
            }
            bytes = Array(buffer[0..<filled])
            buffer.withUnsafeMutableBytes { raw in if let base = raw.baseAddress { _ = memset(base, 0, raw.count) } }
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
