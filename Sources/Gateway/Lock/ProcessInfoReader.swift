import FoundationEssentials
import NetProbe
import NetProbeLive

/// Reads process identity from procfs: `/proc/<pid>/stat` (start time) and `/proc/sys/kernel/random/boot_id`, each
/// through `SmallFileReader` (bounded; a file over its limit reads as unreadable, `nil`).
public enum ProcessInfoReader {
    /// `/proc/<pid>/stat` of a process (use `"self"` via `selfStat()`), or nil when it does not exist.
    public static func stat(pid: Int32) -> ProcessStat? {
        read("/proc/\(pid)/stat", limit: statLimit).flatMap(ProcessStat.parse)
    }

    /// `/proc/self/stat` of this process.
    public static func selfStat() -> ProcessStat? {
        read("/proc/self/stat", limit: statLimit).flatMap(ProcessStat.parse)
    }

    /// `/proc/sys/kernel/random/boot_id`, trimmed; empty when unreadable.
    public static func bootId() -> String {
        read("/proc/sys/kernel/random/boot_id", limit: 64)?.trimmingSpaces ?? ""
    }

    /// The kernel's table of file locks, `/proc/locks` (parsed by `ProcLocks`), or nil when unreadable.
    public static func procLocks() -> String? {
        read("/proc/locks", limit: procLocksLimit)
    }

    /// Most bytes read of a `/proc/<pid>/stat` (a line of about 300 bytes; the command name in it is at most 64).
    static let statLimit = 4096
    /// Most bytes read of `/proc/locks` (about 100 bytes a lock); a longer table reads as unreadable.
    static let procLocksLimit = 16 << 20

    /// `/proc/<pid>/cmdline` (at most `PortOwners.commandLineLimit` bytes) with NULs turned into spaces and secrets
    /// masked (`--token ***`), or nil.
    public static func commandLine(pid: Int32) -> String? {
        guard let data = PortOwners.commandLineBytes(pid: pid) else { return nil }
        let parts = data.split(separator: 0, omittingEmptySubsequences: true).map { String(decoding: $0, as: UTF8.self) }
        return parts.isEmpty ? nil : SecretMasking.maskArguments(parts).map(TerminalText.oneLine).joined(separator: " ")
    }

    private static func read(_ path: String, limit: Int) -> String? {
        guard case .success(let data) = SmallFileReader.whole(path, limit: limit) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
