#if canImport(Glibc)
import Glibc
#endif

/// Starts blocking work on a POSIX thread of its own (`pthread_create(3)`, detached), off Swift's cooperative pool:
/// Foundation's `Thread` without Foundation (which would link ICU into the executable; docs/performance.md). The
/// primitive under `BlockingWork`, the edges' one way to run blocking work with a limit.
public enum DetachedThread {
    /// The stack of every thread started here: 1 MiB (the work is file reads, sockets and `posix_spawn`).
    public static let stackSize = 1 << 20

    /// Runs `body` on a new detached thread. When no thread can be created (`pthread_create` fails, e.g. `EAGAIN` at
    /// the process's thread limit) `body` runs on the calling thread before this returns: the work is still done, only
    /// not concurrently, and a caller waiting with a deadline then finds the answer already there.
    public static func start(_ body: @escaping @Sendable () -> Void) {
        let context = Unmanaged.passRetained(Job(body)).toOpaque()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, stackSize)
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        var thread = pthread_t()
        let created = pthread_create(&thread, &attributes, { raw in
            guard let raw else { return nil }
            Unmanaged<Job>.fromOpaque(raw).takeRetainedValue().body()
            return nil
        }, context)
        if created != 0 {
            Unmanaged<Job>.fromOpaque(context).takeRetainedValue().body()
        }
    }

    private final class Job {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }
}
