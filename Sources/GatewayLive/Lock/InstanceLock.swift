#if canImport(Glibc)
import Glibc
#endif
import FoundationEssentials
import Synchronization
import Gateway
import NetProbe

/// The result of trying to take the per-port lock.
public enum LockAcquisition: Sendable {
    /// This process holds the lock now.
    case acquired(InstanceLock)
    /// Another live process holds it; its metadata when readable (it may still be writing it).
    case held(path: String, metadata: InstanceMetadata?)
}

/// The per-port instance lock: `flock(LOCK_EX)` on `<lock dir>/gateway-<port>.lock` (never `fcntl` locks, which drop
/// when any fd of the file closes). The kernel releases it when the process dies, `kill -9` included, so a lock left
/// by a dead process is simply taken: there are no stale-lock timeouts.
public final class InstanceLock: Sendable {
    /// The lock file's path.
    public let path: String
    private let fd: Mutex<Int32>

    private init(path: String, fd: Int32) {
        self.path = path
        self.fd = Mutex(fd)
    }

    deinit {
        let descriptor = fd.withLock { $0 }
        if descriptor >= 0 { close(descriptor) }
    }

    /// Takes the lock for `port` without blocking. Creates what is missing: the lock directory and its parents (0700)
    /// and the file (0600). Never changes an existing directory; refuses a symlink, another user's entry, a lock
    /// directory others can write, and a lock file that is not a regular file with one link (`LockFileIO`).
    ///
    /// A reader (`LockInspector`) holds `LOCK_SH` for microseconds; to ride over that, a lock busy with readers only
    /// is retried a few times within about 100 ms before it counts as held. A lock held exclusively (by a gateway)
    /// refuses `LOCK_SH` too: that counts as held at once, without the retries. This is not a staleness timeout:
    /// a lock held by a live process stays held.
    public static func acquire(paths: GatewayPaths, port: UInt16) throws(LockError) -> LockAcquisition {
        let path = paths.lockFile(port: port)
        let dirFD = try LockFileIO.openDirectory(paths.lockDirectory, create: true)
        defer { close(dirFD) }
        guard let fd = try LockFileIO.openFile(dirFD: dirFD, name: "gateway-\(port).lock", path: path, create: true) else {
            throw .system(call: "open", path: path, errno: ENOENT)
        }
        var attempts = 0
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            if code == EINTR { continue }
            guard code == EWOULDBLOCK else {
                close(fd)
                throw .system(call: "flock", path: path, errno: code)
            }
            attempts += 1
            if attempts >= 5 || !busyWithReadersOnly(fd) {
                // The holder writes its metadata right after taking the lock, before it binds anything; until then
                // the file still holds the previous (exited) holder's line. A start that lost a race by
                // microseconds waits for the live holder's own metadata (at most 50 x 5 ms) so it names the right
                // process; if the holder exits meanwhile, the lock is simply taken.
                var metadata = liveHolder(LockFileIO.readMetadata(fd: fd))
                var waits = 0
                while metadata == nil && waits < 50 {
                    usleep(5_000)
                    waits += 1
                    if flock(fd, LOCK_EX | LOCK_NB) == 0 { return .acquired(InstanceLock(path: path, fd: fd)) }
                    metadata = liveHolder(LockFileIO.readMetadata(fd: fd))
                }
                close(fd)
                return .held(path: path, metadata: metadata)
            }
            usleep(20_000)
        }
        return .acquired(InstanceLock(path: path, fd: fd))
    }

    /// `metadata` when it names a live process (pid, start time, boot id): a line left by an earlier, exited holder
    /// names nobody.
    private static func liveHolder(_ metadata: InstanceMetadata?) -> InstanceMetadata? {
        guard let metadata, GatewayStopper.isSameProcess(metadata) else { return nil }
        return metadata
    }

    /// After `LOCK_EX` failed: true when `LOCK_SH` can be had (only readers hold the lock; it is dropped again at
    /// once), false when an exclusive holder refuses it.
    private static func busyWithReadersOnly(_ fd: Int32) -> Bool {
        while flock(fd, LOCK_SH | LOCK_NB) != 0 {
            if errno != EINTR { return false }
        }
        _ = flock(fd, LOCK_UN)
        return true
    }

    /// Replaces the metadata: writes one JSON line, then truncates to its length (a reader sees whole JSON up to
    /// the first newline, or an older line, never an empty file while a gateway runs). The line is NetProbe's one
    /// JSON writer's (`JSONValue(encoding:)`, `JSONTextWriter`: keys sorted, `/` not escaped: the bytes `JSONEncoder`
    /// wrote before), no Foundation coder.
    public func write(_ metadata: InstanceMetadata) throws(LockError) {
        let data = Array(JSONValue(encoding: metadata).text.utf8) + [UInt8(ascii: "\n")]
        let path = self.path
        try fd.withLock { (descriptor: inout Int32) throws(LockError) in
            guard descriptor >= 0 else { return }
            let written = data.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
            if written != data.count { throw .system(call: "pwrite", path: path, errno: errno) }
            if ftruncate(descriptor, off_t(data.count)) != 0 { throw .system(call: "ftruncate", path: path, errno: errno) }
        }
    }

    /// Releases the lock (closing the fd drops the `flock`). The file stays, so its inode stays stable for racers.
    public func release() {
        fd.withLock { descriptor in
            if descriptor >= 0 {
                _ = flock(descriptor, LOCK_UN)
                close(descriptor)
                descriptor = -1
            }
        }
    }
}
