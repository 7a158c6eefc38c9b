import Gateway
import CConcurrencyHook
import NIOCore
import NIOPosix
import Synchronization

/// Where the gateway's Swift Concurrency jobs run.
public enum GatewayExecutor {
    /// The executor serving this process's tasks.
    public enum State: String, Sendable {
        /// SwiftNIO's event loops (`MultiThreadedEventLoopGroup.singleton`), installed by `useEventLoopsForConcurrency`.
        case eventLoops = "event loops"
        /// Swift Concurrency's default (libdispatch) pool: not asked for, or the hook was already taken.
        case defaultPool = "default pool"
    }

    private static let installed = Atomic<Bool>(false)

    /// What `useEventLoopsForConcurrency` achieved in this process.
    public static var state: State { installed.load(ordering: .relaxed) ? .eventLoops : .defaultPool }

    /// Makes SwiftNIO's event loops (one thread per core) Swift Concurrency's global executor, so a WebSocket
    /// session's task runs on the event loop threads that do its I/O instead of handing every frame between those
    /// threads and the default pool. Call it once, from the main thread, before any task exists (`openclaw gateway
    /// run` does, first thing); false when a hook was already installed. Nothing blocking may then run in a task
    /// while the gateway serves.
    ///
    /// The hook is reached through `CConcurrencyHook` (a reference the linker resolves), not NIO's
    /// `unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor`, which looks it up with `dlsym` and
    /// so finds nothing in a `--static-swift-stdlib` build (measured: the bench's static binary ran its tasks on the
    /// default pool).
    @discardableResult
    public static func useEventLoopsForConcurrency() -> Bool {
        let done = openclaw_install_enqueue_global_hook { job in
            // `any()` is the calling thread's loop when called on one (no thread hop), else the next one.
            MultiThreadedEventLoopGroup.singleton.any().executor.enqueue(ExecutorJob(unsafeBitCast(job, to: UnownedJob.self)))
        }
        if done { installed.store(true, ordering: .relaxed) }
        return done
    }
}
