import Gateway
import NIOCore

/// The first handler of every connection's pipeline: it sees the raw bytes before NIO's HTTP decoder and the
/// WebSocket upgrader, and makes sure every request head gets an answer.
///
/// - Deadline (slowloris defence): a timer starts when the connection is active; if the first head is not complete
///   in time the client gets `408 Request Timeout` and the connection closes, whatever it keeps trickling in.
/// - Heads are held back until they are complete, then judged by `RequestHeadScanner` (limits, strict syntax,
///   framing) and `RequestGate` (WebSocket origin, version and key). A refused head gets its status (400, 403, 413,
///   414, 426, 431, 501) and `Connection: close` at once, and is never seen by NIO (whose decoder would otherwise
///   hold the connection open until the peer leaves). A head over a limit is answered as soon as it is over.
/// - Keep-alive: later heads of a plain HTTP connection are judged the same way (without the first head's timer;
///   the HTTP handler's idle timeout bounds them), as long as requests carry no body. A request with a body hands the
///   connection over to the server untouched.
/// - After a WebSocket upgrade, every client frame header is followed (`WebSocketMaskWatcher`): an unmasked frame
///   gets close 1002 `frame not masked` (after the `101` has gone out) and the connection closes.
/// - Reserve connections (`ConnectionBudget`) get 1 s for their head and only `/healthz` and `/readyz` answered;
///   shed connections are closed at once.
///
/// After an answer of its own the handler half-closes (the answer and FIN go out), discards whatever still arrives
/// for at most `linger`, then closes: an immediate close with unread input would send a reset that can destroy the
/// answer before the client reads it.
final class ConnectionGuardHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = IOData
    typealias OutboundOut = IOData

    private enum Phase {
        /// Waiting for the first head (the deadline runs).
        case firstHead
        /// Waiting for a later head of a keep-alive connection.
        case laterHead
        /// An upgrade was handed on: following frame headers.
        case frames
        /// Answered by us: discarding input until the linger ends.
        case closing
    }

    private let settings: ConnectionGuardSettings
    private let admission: ConnectionBudget.Admission
    private var phase: Phase = .firstHead
    private var scanner = RequestHeadScanner()
    private var watcher = WebSocketMaskWatcher()
    /// The bytes of the head being received (held back until it is judged).
    private var pending = ByteBuffer()
    private var timer: Scheduled<Void>?
    /// Whether the first response (the upgrade's `101`, or a refusal) has been written by the server.
    private var firstResponseSeen = false
    private var upgradedOnWire = false
    /// An unmasked frame arrived before the `101` went out.
    private var unmaskedPending = false

    /// The answer to a client whose head did not complete in time.
    static let timeout = HTTPRefusal(status: 408, body: "request head not complete in time\n")

    init(settings: ConnectionGuardSettings, admission: ConnectionBudget.Admission) {
        self.settings = settings
        self.admission = admission
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { activate(context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        disarm()
    }

    func channelActive(context: ChannelHandlerContext) {
        activate(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        disarm()
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is GatewayShutdownEvent {
            switch phase {
            case .firstHead:
                // Still waiting for the first head: nothing was asked, so nothing is owed but a clean close.
                if pending.readableBytes > 0 {
                    answer(context, HTTPRefusal(status: 503, body: "gateway shutting down\n"))
                } else {
                    closeAfterAnswer(context)
                }
            case .closing:
                break
            case .laterHead, .frames:
                context.fireUserInboundEventTriggered(event)  // the HTTP handler closes an idle keep-alive connection
            }
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    private func activate(_ context: ChannelHandlerContext) {
        if admission == .shed {
            phase = .closing
            context.close(promise: nil)
            return
        }
        arm(context)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        switch phase {
        case .closing:
            return
        case .frames:
            if unmaskedPending { return }
            if watcher.consume(buffer.readableBytesView) {
                failUnmasked(context)
                return
            }
            context.fireChannelRead(data)
        case .firstHead, .laterHead:
            readHeads(context, &buffer)
        }
    }

    /// Judges every head that completes in `buffer`; forwards what passes.
    private func readHeads(_ context: ChannelHandlerContext, _ buffer: inout ByteBuffer) {
        while buffer.readableBytes > 0 {
            guard let used = scanner.consume(buffer.readableBytesView), let result = scanner.result else {
                pending.writeBuffer(&buffer)
                return
            }
            var headBytes = buffer.readSlice(length: used) ?? ByteBuffer()
            pending.writeBuffer(&headBytes)
            if admission == .reserve {
                answer(context, ReserveAnswer.answer(result, ready: settings.isReady()))
                return
            }
            switch RequestGate.decide(result, site: settings.site(localAddress: context.channel.localAddress)) {
            case .refuse(let refusal):
                answer(context, refusal)
                return
            case .pass:
                break
            }
            guard case .success(let head) = result else { return }
            disarm()
            let held = pending
            pending = ByteBuffer()
            context.fireChannelRead(wrapInboundOut(held))
            if head.asksForWebSocket {
                phase = .frames
                if buffer.readableBytes > 0 {
                    if watcher.consume(buffer.readableBytesView) {
                        failUnmasked(context)
                        return
                    }
                    context.fireChannelRead(wrapInboundOut(buffer))
                }
                return
            }
            if head.values("Content-Length").contains(where: { $0 != "0" }) || !head.values("Transfer-Encoding").isEmpty {
                // A body: the server frames it; this handler steps aside.
                if buffer.readableBytes > 0 { context.fireChannelRead(wrapInboundOut(buffer)) }
                context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
                return
            }
            phase = .laterHead
            scanner = RequestHeadScanner()
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if !firstResponseSeen {
            firstResponseSeen = true
            if case .byteBuffer(let bytes) = unwrapOutboundIn(data) {
                upgradedOnWire = bytes.readableBytesView.starts(with: "HTTP/1.1 101".utf8)
            }
            context.write(data, promise: promise)
            if unmaskedPending {
                if upgradedOnWire { sendUnmaskedClose(context) } else { closeAfterAnswer(context) }
            }
            return
        }
        context.write(data, promise: promise)
    }

    private func failUnmasked(_ context: ChannelHandlerContext) {
        unmaskedPending = true
        if upgradedOnWire { sendUnmaskedClose(context) }
        // Otherwise the close frame follows the 101 in `write`.
    }

    private func sendUnmaskedClose(_ context: ChannelHandlerContext) {
        let frame = WebSocketMaskWatcher.closeFrame(code: WebSocketCloseCode.protocolError, reason: "frame not masked")
        context.writeAndFlush(wrapOutboundOut(.byteBuffer(ByteBuffer(bytes: frame))), promise: nil)
        closeAfterAnswer(context)
    }

    /// Writes `refusal` and closes (half-close, discard, close after the linger).
    private func answer(_ context: ChannelHandlerContext, _ refusal: HTTPRefusal) {
        disarm()
        pending = ByteBuffer()
        context.writeAndFlush(wrapOutboundOut(.byteBuffer(ByteBuffer(bytes: refusal.bytes))), promise: nil)
        closeAfterAnswer(context)
    }

    private func closeAfterAnswer(_ context: ChannelHandlerContext) {
        guard phase != .closing || timer == nil else { return }
        phase = .closing
        disarm()
        context.close(mode: .output, promise: nil)
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: settings.linger) {
            context.close(promise: nil)
        }
    }

    private func arm(_ context: ChannelHandlerContext) {
        guard timer == nil, phase == .firstHead else { return }
        let limit = admission == .reserve ? settings.reserveHeadTimeout : settings.headTimeout
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: limit) { [self] in
            self.timer = nil
            guard self.phase == .firstHead else { return }
            self.answer(context, Self.timeout)
        }
    }

    private func disarm() {
        timer?.cancel()
        timer = nil
    }
}
