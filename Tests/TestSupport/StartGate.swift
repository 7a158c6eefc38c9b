import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A start gate: children spawned behind it block reading a socket until `open()` closes the other end, so many
/// children can be released at the same instant.
public final class StartGate: Sendable {
    /// The read end, given to each gated child as its fd 3.
    let readFD: Int32
    private let writeFD: Mutex<Int32>

    /// Makes the channel: a `socketpair(2)` with both ends close-on-exec from the start (so no child spawned
    /// concurrently elsewhere can inherit the write end); a gated child gets a plain dup of the read end as fd 3.
    public init() throws {
        var fds: [Int32] = [0, 0]
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        guard socketpair(AF_UNIX, type, 0, &fds) == 0 else { throw SpawnError(executable: "socketpair", errno: errno) }
        readFD = fds[0]
        writeFD = Mutex(fds[1])
    }

    /// Releases every child waiting behind the gate (EOF on their fd 3).
    public func open() {
        writeFD.withLock { fd in
            if fd >= 0 {
                close(fd)
                fd = -1
            }
        }
    }

    deinit {
        open()
        close(readFD)
    }
}
