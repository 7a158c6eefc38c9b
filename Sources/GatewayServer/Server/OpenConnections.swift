import Gateway
import CMalloc
import NIOCore
import NIOPosix
import Synchronization

/// Sent through a connection's pipeline when the gateway starts shutting down (after the WebSockets were closed).
struct GatewayShutdownEvent: Sendable {}

/// The open connections of one gateway (all listeners together): their number, for the `ConnectionBudget`, and
/// their channels, so shutdown can tell each one (`GatewayShutdownEvent`) and wait until they are gone. When the
/// last connection of a burst closes, the heap is trimmed on NIO's thread pool (`HeapTrimPolicy`).
final class OpenConnections: Sendable {
    private struct State {
        var channels: [ObjectIdentifier: any Channel] = [:]
        var trim = HeapTrimPolicy()
    }

    private let state = Mutex(State())

    /// Counts `channel` until it closes; returns the number of open connections, itself included.
    func opened(_ channel: any Channel) -> Int {
        let key = ObjectIdentifier(channel)
        let open = state.withLock { s -> Int in
            s.channels[key] = channel
            s.trim.opened(open: s.channels.count)
            return s.channels.count
        }
        channel.closeFuture.whenComplete { [self] _ in
            let trims = state.withLock { s -> Bool in
                s.channels.removeValue(forKey: key)
                return s.trim.closed(open: s.channels.count)
            }
            if trims { NIOThreadPool.singleton.submit { _ in _ = malloc_trim(0) } }
        }
        return open
    }

    var current: Int { state.withLock { $0.channels.count } }

    /// Fires `GatewayShutdownEvent` in every open connection's pipeline (on its event loop).
    func announceShutdown() {
        let channels = state.withLock { Array($0.channels.values) }
        for channel in channels { channel.pipeline.fireUserInboundEventTriggered(GatewayShutdownEvent()) }
    }

    /// Waits until no connection is open, at most `limit`.
    func drained(within limit: Duration) async {
        let clock = ContinuousClock()
        let deadline = clock.now + limit
        while current > 0 && clock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
    }
}
