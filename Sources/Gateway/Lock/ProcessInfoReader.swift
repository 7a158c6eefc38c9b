import FoundationEssentials
import NetProbe

/// Reads process identity from procfs: `/proc/<pid>/stat` (start time) and `/proc/sys/kernel/random/boot_id`.
public enum ProcessInfoReader {
    /// `/proc/<pid>/stat` of a process (use `"self"` via `selfStat()`), or nil when it does not exist.
    public static func stat(pid: Int32) -> ProcessStat? {
        read("/proc/\(pid)/stat").flatMap(ProcessStat.parse)
    }

    /// `/proc/self/stat` of this process.
    public static func selfStat() -> ProcessStat? {
        read("/proc/self/stat").flatMap(ProcessStat.parse)
    }

    /// `/proc/sys/kernel/random/boot_id`, trimmed; empty when unreadable.
    public static func bootId() -> String {
        read("/proc/sys/kernel/random/boot_id")?.trimmingSpaces ?? ""
    }

    /// The kernel's table of file locks, `/proc/locks` (parsed by `ProcLocks`), or nil when unreadable.
    public static func procLocks() -> String? {
        read("/proc/locks")
    }

    /// `/proc/<pid>/cmdline` with NULs turned into spaces and secrets masked (`--token ***`), or nil.
    public static func commandLine(pid: Int32) -> String? {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return nil }
        let parts = data.split(separator: 0, omittingEmptySubsequences: true).map { String(decoding: $0, as: UTF8.self) }
        return parts.isEmpty ? nil : SecretMasking.maskArguments(parts).joined(separator: " ")
    }

    private static func read(_ path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
