import NIOCore
import NIOPosix

/// Where the gateway's Swift Concurrency jobs run.
public enum GatewayExecutor {
    /// Makes SwiftNIO's event loops (`MultiThreadedEventLoopGroup.singleton`, one thread per core) Swift
    /// Concurrency's global executor, so a WebSocket session's task runs on the event loop threads that do its I/O
    /// instead of handing every frame between those threads and the default (libdispatch) pool: per conversation
    /// that saved thread wake-ups (futex, scheduler) on both sides of each hop. Call it once, from the main thread,
    /// before any task exists (`openclaw gateway run` does, first thing); false when the hook is unavailable.
    /// Nothing blocking may then run in a task while the gateway serves.
    @discardableResult
    public static func useEventLoopsForConcurrency() -> Bool {
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }
}
