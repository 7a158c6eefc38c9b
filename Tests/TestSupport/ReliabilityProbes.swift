import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Read-only looks at processes and files for the reliability tests' "nothing left behind" and memory checks.
public enum ReliabilityProbes {
    /// Memory of a process from `/proc/PID/status`: `VmRSS` (resident now) and `VmHWM` (peak resident), in KiB.
    public struct Memory: Sendable, Equatable {
        public var rssKiB: Int
        public var peakKiB: Int
    }

    /// `VmRSS` and `VmHWM` of `pid` (`/proc/PID/status`); nil when the process is gone or the lines are missing.
    public static func memory(pid: pid_t) -> Memory? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        return parseStatus(text)
    }

    /// Parses `VmRSS:` and `VmHWM:` lines (`VmRSS:\t  12345 kB`).
    public static func parseStatus(_ text: String) -> Memory? {
        var rss: Int?
        var peak: Int?
        for line in text.split(separator: "\n") {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count >= 2, let value = Int(fields[1]) else { continue }
            if fields[0] == "VmRSS:" { rss = value }
            if fields[0] == "VmHWM:" { peak = value }
        }
        guard let rss, let peak else { return nil }
        return Memory(rssKiB: rss, peakKiB: peak)
    }

    /// Number of open file descriptors of `pid` (entries of `/proc/PID/fd`); nil when unreadable.
    public static func openDescriptors(pid: pid_t) -> Int? {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd"))?.count
    }

    /// Pids of live processes whose command line (`/proc/*/cmdline`, NULs as spaces) contains `text`, this
    /// process excluded. Zombies have an empty command line and are not seen (the tests reap their own children).
    public static func processes(commandLineContaining text: String) -> [pid_t] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        let me = getpid()
        var found: [pid_t] = []
        for entry in entries {
            guard let pid = pid_t(entry), pid != me else { continue }
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline"), !data.isEmpty else { continue }
            let line = String(decoding: data.map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
            if line.contains(text) { found.append(pid) }
        }
        return found
    }

    /// Whether some process holds a `flock` on `path`: tries `LOCK_EX|LOCK_NB` on a read-only descriptor and
    /// releases at once. nil when the file cannot be opened.
    public static func isLocked(_ path: String) -> Bool? {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        if flock(fd, LOCK_EX | LOCK_NB) == 0 {
            _ = flock(fd, LOCK_UN)
            return false
        }
        return true
    }

    /// Every regular file and symlink under `root`, as paths relative to it, sorted.
    public static func files(under root: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
        var out: [String] = []
        while let relative = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + relative, isDirectory: &isDirectory), isDirectory.boolValue {
                continue
            }
            out.append(relative)
        }
        return out.sorted()
    }

    /// Raises this process's soft `RLIMIT_NOFILE` to its hard limit (`setrlimit(2)`); returns the soft limit now.
    @discardableResult
    public static func raiseOpenFileLimit() -> UInt64 {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 0 }
        if limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max
            _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
            _ = getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
        return UInt64(limit.rlim_cur)
    }
}
