import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import ServiceLifecycle

/// Sent through a connection's pipeline when the gateway starts shutting down.
struct GatewayShutdownEvent: Sendable {}

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

    /// On graceful shutdown a connection that has not delivered its first head is closed at once (it would
    /// otherwise hold the shutdown until its head deadline); others finish as the server decides.
    func handle(value: Value, logger: Logger) async {
        let channel = value.channel
        await withGracefulShutdownHandler {
            await inner.handle(value: value, logger: logger)
        } onGracefulShutdown: {
            channel.pipeline.fireUserInboundEventTriggered(GatewayShutdownEvent())
        }
    }
}
