/// A file as the kernel names it in `/proc/locks`: device major and minor and inode number.
public struct FileIdentity: Sendable, Equatable, Hashable {
    public var major: UInt32
    public var minor: UInt32
    public var inode: UInt64

    public init(major: UInt32, minor: UInt32, inode: UInt64) {
        self.major = major
        self.minor = minor
        self.inode = inode
    }

    /// From `stat`'s `st_dev` (glibc's encoding, as `gnu_dev_major`/`gnu_dev_minor` decode it) and `st_ino`.
    public init(device: UInt64, inode: UInt64) {
        major = UInt32(truncatingIfNeeded: ((device >> 8) & 0xfff) | ((device >> 32) & 0xffff_f000))
        minor = UInt32(truncatingIfNeeded: (device & 0xff) | ((device >> 12) & 0xffff_ff00))
        self.inode = inode
    }
}

/// One line of `/proc/locks`, e.g. `1: FLOCK  ADVISORY  WRITE 1234 fe:00:16221406 0 EOF`
/// (a waiter blocked on it: `1: -> FLOCK  ADVISORY  WRITE 1235 fe:00:16221406 0 EOF`).
public struct ProcLockEntry: Sendable, Equatable {
    public var id: Int
    /// True for a `->` line: a process waiting for the lock, not holding it.
    public var isWaiter: Bool
    /// `FLOCK`, `POSIX`, `OFDLCK`, `LEASE`, `DELEG`, `ACCESS`.
    public var kind: String
    /// `READ`, `WRITE` (for a flock: shared or exclusive), `NONE`, `UNLCK`.
    public var mode: String
    /// The holder's pid in the reader's PID namespace; `-1` for OFD locks (not owned by a process). A holder not
    /// visible in the reader's namespace is left out of the file by the kernel (Linux 4.13+).
    public var pid: Int32
    public var file: FileIdentity

    public init(id: Int, isWaiter: Bool, kind: String, mode: String, pid: Int32, file: FileIdentity) {
        self.id = id
        self.isWaiter = isWaiter
        self.kind = kind
        self.mode = mode
        self.pid = pid
        self.file = file
    }
}

/// The parser of `/proc/locks` (`fs/locks.c`, `lock_get_status`). Pure; property-tested against random and
/// mutated input. The reading is `ProcLocks.read()`.
///
/// Why `/proc/locks` and not a probe: `F_GETLK` and `F_OFD_GETLK` see only POSIX/OFD record locks, never a
/// `flock(2)` lock (the two kinds are independent on Linux, NFS aside), so no `fcntl` probe can name the holder of
/// the gateway's flock. `/proc/locks` lists flock holders with the pid that took the lock.
public enum ProcLocks {
    /// The parsed entries and how many non-empty lines could not be parsed (they are skipped, never guessed at).
    public struct Parsed: Sendable, Equatable {
        public var entries: [ProcLockEntry]
        public var malformedLines: Int
    }

    /// Parses the whole file.
    public static func parse(_ text: String) -> Parsed {
        var entries: [ProcLockEntry] = []
        var malformed = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            if let entry = parseLine(line) { entries.append(entry) } else { malformed += 1 }
        }
        return Parsed(entries: entries, malformedLines: malformed)
    }

    /// One line, or nil when it does not have the kernel's shape.
    public static func parseLine(_ line: Substring) -> ProcLockEntry? {
        var fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })[...]
        guard let first = fields.popFirst(), first.hasSuffix(":"), let id = Int(first.dropLast()), id >= 0 else { return nil }
        var isWaiter = false
        if fields.first == "->" {
            isWaiter = true
            fields = fields.dropFirst()
        }
        // kind, class (ADVISORY / MANDATORY / MSNFS, or a lease's ACTIVE / BREAKING / BREAKER), mode, pid, dev:ino.
        guard fields.count >= 5 else { return nil }
        let items = Array(fields.prefix(5))
        let kind = String(items[0])
        let mode = String(items[2])
        guard kind.allSatisfy({ $0.isLetter && $0.isUppercase }), mode.allSatisfy({ $0.isLetter && $0.isUppercase }),
              !kind.isEmpty, !mode.isEmpty, let pid = Int32(items[3]), pid >= -1,
              let file = parseFile(items[4]) else { return nil }
        return ProcLockEntry(id: id, isWaiter: isWaiter, kind: kind, mode: mode, pid: pid, file: file)
    }

    /// `MAJ:MIN:INODE`, major and minor in hex (`%02x:%02x:%lu`).
    static func parseFile(_ text: Substring) -> FileIdentity? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, let major = UInt32(parts[0], radix: 16), let minor = UInt32(parts[1], radix: 16),
              let inode = UInt64(parts[2]) else { return nil }
        return FileIdentity(major: major, minor: minor, inode: inode)
    }

    /// The pids that hold an exclusive `flock` on `file` (waiters and shared readers excluded), in file order,
    /// without duplicates. Pids that are not positive (an OFD lock's `-1`) are left out.
    public static func exclusiveFlockHolders(of file: FileIdentity, in entries: [ProcLockEntry]) -> [Int32] {
        var pids: [Int32] = []
        for entry in entries where !entry.isWaiter && entry.kind == "FLOCK" && entry.mode == "WRITE" && entry.file == file {
            if entry.pid > 0 && !pids.contains(entry.pid) { pids.append(entry.pid) }
        }
        return pids
    }
}
