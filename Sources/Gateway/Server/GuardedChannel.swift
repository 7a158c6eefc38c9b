import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

/// A Hummingbird child channel that puts a `ConnectionGuardHandler` in front of another child channel's pipeline
/// (here: HTTP/1 with the WebSocket upgrade) and otherwise behaves exactly like it. Counts open connections
/// against the `ConnectionBudget`.
struct GuardedChannel<Inner: ServerChildChannel>: ServerChildChannel {
    typealias Value = Inner.Value

    let inner: Inner
    let settings: ConnectionGuardSettings

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let open = settings.counter.opened()
        let counter = settings.counter
        channel.closeFuture.whenComplete { _ in counter.closed() }
        let admission = settings.budget?.admission(open: open) ?? .serve
        do {
            try channel.pipeline.syncOperations.addHandler(ConnectionGuardHandler(settings: settings, admission: admission))
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        return inner.setup(channel: channel, logger: logger)
    }

    func handle(value: Value, logger: Logger) async {
        await inner.handle(value: value, logger: logger)
    }
}
