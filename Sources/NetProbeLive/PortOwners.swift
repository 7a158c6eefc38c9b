import NetProbe
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// Finds the processes listening on a TCP port, the way `ss -tlnp` and psutil do.
///
/// Kernel interfaces: `NETLINK_SOCK_DIAG` (`ListeningSockets`: this network namespace's listening sockets), or
/// `/proc/net/tcp` and `/proc/net/tcp6` when that dump fails or another `procRoot` is read; `/proc/PID/fd/*` symlinks
/// (`socket:[inode]`), `/proc/PID/comm`, `/proc/PID/cmdline`; `getpwuid_r(3)`.
public enum PortOwners {
    /// Most bytes read of `/proc/net/tcp` or `tcp6` (150 bytes a socket: about 200,000 sockets); a longer table is
    /// not read (a cut table would be read as a whole one).
    public static let socketTableLimit = 32 << 20
    /// Most bytes read of a `/proc/PID/cmdline` (a command line is only shown: a longer one is cut there).
    public static let commandLineLimit = 256 << 10
    /// Most bytes read of a `/proc/PID/comm` (the kernel's `TASK_COMM_LEN` is 16).
    static let commLimit = 256

    /// Every LISTEN socket on exactly `port` (IPv4 and IPv6) with the processes holding it.
    ///
    /// A socket held by several processes (inherited across `fork`) yields one owner per process. A socket
    /// whose inode no readable `/proc/PID/fd` holds yields one owner with `pid == nil`. Unreadable
    /// directories are skipped. Sorted by address, then pid.
    ///
    /// The sockets of each family come from `ListeningSockets` (a `sock_diag` dump) when `procRoot` is `/proc`;
    /// when that dump fails, or for another `procRoot` (a recorded tree), from `procRoot/net/tcp` or `tcp6` (a
    /// family whose file cannot be read either has no rows).
    ///
    /// `verifiedHolder`: a pid the caller has already verified by other means (the instance lock's holder,
    /// `GatewayStopper.verifyHolder`), looked at first (`owners(of:procRoot:verifiedHolder:)`).
    public static func listeners(port: UInt16, procRoot: String = "/proc", verifiedHolder: Int32? = nil) -> [PortOwner] {
        var rows: [TCPSocketRow] = []
        for family in AddressFamily.allCases {
            rows += listeningRows(family: family, procRoot: procRoot).filter { $0.isListening && $0.localPort == port }
        }
        return owners(of: rows, procRoot: procRoot, verifiedHolder: verifiedHolder)
    }

    /// The LISTEN rows (at least: the table fallback holds every state) of `family`, as `listeners` reads them.
    static func listeningRows(family: AddressFamily, procRoot: String) -> [TCPSocketRow] {
        if procRoot == "/proc", case .success(let rows) = ListeningSockets.tcp(family: family) { return rows }
        let file = family == .inet ? "tcp" : "tcp6"
        guard case .success(let bytes) = SmallFileReader.whole("\(procRoot)/net/\(file)", limit: socketTableLimit) else { return [] }
        return ProcNetTCP.parse(String(decoding: bytes, as: UTF8.self), family: family).rows
    }

    /// The owners of `rows`: inodes mapped to processes by scanning `procRoot/[0-9]*/fd`.
    ///
    /// With `verifiedHolder`, its own `procRoot/PID/fd` is read first: when it holds the socket of every row, it
    /// alone is named for them and no other process is looked at (a socket it shares across `fork` is then named
    /// by the verified holder only); when it holds any of them not, or cannot be read, every `procRoot/PID/fd` is
    /// scanned as without it. The scan of every process costs a `readlink` per descriptor of the machine (a
    /// duplicate `gateway run` spent most of its time there: docs/performance.md).
    public static func owners(of rows: [TCPSocketRow], procRoot: String = "/proc", verifiedHolder: Int32? = nil) -> [PortOwner] {
        guard !rows.isEmpty else { return [] }
        let inodes = Set(rows.map(\.inode))
        let holders: [UInt64: Set<Int32>]
        if let pid = verifiedHolder, pid > 0, socketInodes(pid: pid, procRoot: procRoot, among: inodes) == inodes {
            holders = Dictionary(uniqueKeysWithValues: inodes.map { ($0, [pid]) })
        } else {
            holders = socketHolders(inodes: inodes, procRoot: procRoot)
        }
        let me = getpid()
        var owners: [PortOwner] = []
        for row in rows {
            let user = userName(uid: row.uid)
            let pids = holders[row.inode] ?? []
            if pids.isEmpty {
                owners.append(PortOwner(pid: nil, user: user, uid: row.uid, inode: row.inode, localAddress: row.localAddress))
            }
            for pid in pids.sorted() {
                owners.append(PortOwner(
                    pid: pid, comm: comm(pid: pid, procRoot: procRoot), cmdline: cmdline(pid: pid, procRoot: procRoot),
                    user: user, uid: row.uid, inode: row.inode, localAddress: row.localAddress, isSelf: pid == me
                ))
            }
        }
        return owners.sorted { ($0.localAddress, $0.pid ?? -1) < ($1.localAddress, $1.pid ?? -1) }
    }

    /// Which pids hold each of `inodes`, from the `socket:[N]` targets of `procRoot/PID/fd/*`.
    static func socketHolders(inodes: Set<UInt64>, procRoot: String) -> [UInt64: Set<Int32>] {
        var found: [UInt64: Set<Int32>] = [:]
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: procRoot)) ?? []
        for entry in entries {
            guard let pid = Int32(entry), pid > 0 else { continue }
            for inode in socketInodes(pid: pid, procRoot: procRoot, among: inodes) {
                found[inode, default: []].insert(pid)
            }
        }
        return found
    }

    /// Which of `inodes` the `socket:[N]` targets of `procRoot/PID/fd/*` name; empty when the directory cannot be read.
    static func socketInodes(pid: Int32, procRoot: String, among inodes: Set<UInt64>) -> Set<UInt64> {
        let fdDir = "\(procRoot)/\(pid)/fd"
        guard let fds = try? FileManager.default.contentsOfDirectory(atPath: fdDir) else { return [] }
        var held: Set<UInt64> = []
        for fd in fds {
            guard let target = readLink("\(fdDir)/\(fd)"), let inode = socketInode(target), inodes.contains(inode) else {
                continue
            }
            held.insert(inode)
        }
        return held
    }

    /// The inode of a `socket:[12345]` link target.
    public static func socketInode(_ target: String) -> UInt64? {
        guard target.hasPrefix("socket:["), target.hasSuffix("]") else { return nil }
        return UInt64(target.dropFirst(8).dropLast())
    }

    /// `readlink(2)`; `nil` when unreadable.
    static func readLink(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 256)
        let n = readlink(path, &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        return String(decoding: buffer.prefix(n).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func comm(pid: Int32, procRoot: String) -> String? {
        guard case .content(let data, _) = SmallFileReader.read("\(procRoot)/\(pid)/comm", limit: commLimit) else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        // Another user's process names itself (`prctl(PR_SET_NAME)`): one line (`TerminalText.oneLine`).
        return TerminalText.oneLine(text.hasSuffix("\n") ? String(text.dropLast()) : text)
    }

    /// `/proc/PID/cmdline` split at NUL, with secrets masked (`--token ***`, see `SecretMasking`): a command
    /// line read here is only ever shown; `nil` when unreadable, empty for kernel threads and zombies.
    static func cmdline(pid: Int32, procRoot: String) -> [String]? {
        guard let data = commandLineBytes(pid: pid, procRoot: procRoot) else { return nil }
        // Masked, then one line each: an argument is another user's choice and may hold a line feed.
        return SecretMasking.maskArguments(splitCmdline(data)).map(TerminalText.oneLine)
    }

    /// The raw bytes of `procRoot/PID/cmdline` (at most `commandLineLimit`: the arguments past it are cut), `nil`
    /// when unreadable. Raw: the caller masks before showing (`SecretMasking`).
    public static func commandLineBytes(pid: Int32, procRoot: String = "/proc") -> [UInt8]? {
        guard case .content(let bytes, _) = SmallFileReader.read("\(procRoot)/\(pid)/cmdline", limit: commandLineLimit) else { return nil }
        return bytes
    }

    /// Splits NUL-separated arguments; a trailing NUL ends the last argument.
    public static func splitCmdline(_ bytes: [UInt8]) -> [String] {
        var parts = bytes.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        if bytes.last == 0 || bytes.isEmpty { parts.removeLast() }
        return parts
    }

    /// The user name of `uid` (`getpwuid_r(3)`), or `nil`.
    public static func userName(uid: UInt32) -> String? {
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 4096)
        let rc = getpwuid_r(uid_t(uid), &entry, &buffer, buffer.count, &result)
        guard rc == 0, result != nil, let name = entry.pw_name else { return nil }
        return String(cString: name)
    }
}

extension PortOwners {
    /// The LISTEN rows a capture or a pasted listener table shows on `port` (`CapturedPortOwners.owners`, pure, in
    /// NetProbe); `nil` when the facts hold none of those sections.
    public static func captured(_ facts: MachineFacts, port: UInt16) -> [PortOwner]? {
        CapturedPortOwners.owners(facts, port: port)
    }
}
