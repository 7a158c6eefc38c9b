import NIOCore

/// Bounds how long a connection may take to deliver its first HTTP request head (slowloris defence).
///
/// Sits first in the child channel's pipeline and sees the raw bytes (before NIO's HTTP decoder and the WebSocket
/// upgrader, which have no time limit of their own). A timer starts when the connection is active; when the empty
/// line ending the head arrives (`RequestHeadScanner`) the timer is cancelled and the handler removes itself, so
/// WebSocket frames and later keep-alive requests pass untouched (those are bounded by Hummingbird's idle timeout).
/// When the timer fires first, the client gets `408 Request Timeout` and the connection is closed, whatever bytes
/// it keeps trickling in. A head that completes but does not start with an HTTP/1 request line (`HELLO WORLD`)
/// gets `400 Bad Request` and is closed at once, instead of sitting in the HTTP decoder forever.
final class RequestHeadDeadlineHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// The answer to a client whose head did not complete in time.
    static let timeoutResponse = "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
    /// The answer to a head whose first line is not an HTTP/1 request line.
    static let badRequestResponse = "HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"

    private let timeout: TimeAmount
    private var scanner = RequestHeadScanner()
    private var timer: Scheduled<Void>?

    init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { arm(context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        disarm()
    }

    func channelActive(context: ChannelHandlerContext) {
        arm(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        disarm()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        let done = scanner.consume(buffer.readableBytesView) != nil
        if done && !scanner.requestLineIsValid {
            disarm()
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: Self.badRequestResponse)), promise: nil)
            context.close(promise: nil)
            return
        }
        context.fireChannelRead(data)
        if done {
            disarm()
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
        }
    }

    private func arm(_ context: ChannelHandlerContext) {
        guard timer == nil, !scanner.isComplete else { return }
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [self] in
            self.timer = nil
            guard !self.scanner.isComplete else { return }
            context.writeAndFlush(self.wrapOutboundOut(ByteBuffer(string: Self.timeoutResponse)), promise: nil)
            context.close(promise: nil)
        }
    }

    private func disarm() {
        timer?.cancel()
        timer = nil
    }
}
