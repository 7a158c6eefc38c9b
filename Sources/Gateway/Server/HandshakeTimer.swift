import NIOCore

/// The `connect` deadline of one WebSocket session, scheduled on the connection's event loop (a NIO timer: no
/// `Task` and no concurrency-runtime timer per connection; `Task.sleep` was measurable in the per-connection CPU).
/// Falls back to a sleeping `Task` when the channel is already gone.
struct HandshakeTimer {
    private let cancelAction: @Sendable () -> Void

    init(channel: (any Channel)?, after timeout: Duration, session: ConnectionSession) {
        let components = timeout.components
        let nanoseconds = components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
        if let channel {
            let scheduled = channel.eventLoop.scheduleTask(in: .nanoseconds(nanoseconds)) {
                Task { await session.handshakeTimedOut() }
            }
            cancelAction = { scheduled.cancel() }
        } else {
            let task = Task {
                try await Task.sleep(for: timeout)
                await session.handshakeTimedOut()
            }
            cancelAction = { task.cancel() }
        }
    }

    func cancel() { cancelAction() }
}
