#if canImport(Glibc)
import Glibc
#endif
import Gateway

/// The edge of `GatewayExecutable`: `readlink(2)` and `stat(2)` of `/proc/<pid>/exe` and `/proc/self/exe`.
extension GatewayExecutable {
    /// Classifies the executable of `pid` (`/proc/<pid>/exe`, compared with `/proc/self/exe`).
    public static func match(pid: Int32) -> ExecutableMatch {
        let link = "/proc/\(pid)/exe"
        guard let target = readLink(link) else { return .unreadable(errno: errno) }
        var theirs = stat()
        var mine = stat()
        if stat(link, &theirs) == 0, stat("/proc/self/exe", &mine) == 0,
           theirs.st_dev == mine.st_dev, theirs.st_ino == mine.st_ino {
            return .sameAsCaller
        }
        return classify(linkTarget: target)
    }

    private static func readLink(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
