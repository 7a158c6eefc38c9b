import Gateway
import NIOCore

/// The first handler of every connection's pipeline: it sees the raw bytes before NIO's HTTP decoder and the
/// WebSocket upgrader, makes sure every request head gets an answer, and decides when a connection ends.
///
/// - Deadline (slowloris defence): a timer starts when the connection is active; if the first head is not complete
///   in time the client gets `408 Request Timeout` and the connection closes, whatever it keeps trickling in.
/// - Heads are held back until they are complete, then judged by `RequestHeadScanner` (limits, strict syntax,
///   framing) and `RequestGate` (WebSocket origin, `Connection: Upgrade`, version and key). A refused head gets its
///   status (400, 403, 413, 414, 426, 431, 501) and `Connection: close`, and is never seen by NIO (whose decoder would
///   otherwise hold the connection open until the peer leaves). A head over a limit is answered as soon as it is over.
///   A refusal of a pipelined head waits until the answers to the requests before it are out (`GatewayResponseEnd`
///   counts them), so they are never lost or overtaken.
/// - An `Upgrade` that does not ask for `websocket` (`h2c`, `foo`) is ignored (RFC 9110 section 7.8): its field is
///   taken out of the head before NIO's decoder sees it (which would otherwise stop parsing after the request).
/// - Keep-alive: later heads of a plain HTTP connection are judged the same way (without the first head's timer;
///   the HTTP handler's idle timeout bounds them). A WebSocket upgrade is only taken as a connection's first request
///   (NIO's upgrader leaves after it); later it gets 400.
/// - The connection's last request (`ConnectionPersistence`: `Connection: close`, HTTP/1.0 without keep-alive, or a
///   request with a body, which no route reads): its head is handed on, whatever follows it is discarded (a body is
///   never handed to NIO), and once its answer is out the connection closes as below (RFC 9112 sections 9.3, 9.6). So
///   a body trickled a byte at a time holds a connection for at most `linger` after the answer.
/// - After a WebSocket upgrade, every client frame header is followed (`WebSocketMaskWatcher`): an unmasked frame
///   gets close 1002 `frame not masked` (after the `101` has gone out) and the connection closes. An "upgrade" the
///   server answered as plain HTTP (a path other than `/`) ends after that answer.
/// - Reserve connections (`ConnectionBudget`) get 1 s for their head and only `/healthz` and `/readyz` answered;
///   shed connections are closed at once.
///
/// A client that half-closes (FIN) before or between requests gets the answers it asked for, then the close.
///
/// Every close of a plain HTTP connection, ours or the server's (`close(mode: .all)` from a later handler), is a
/// lingering close: the output is half-closed (the answer and FIN go out), whatever still arrives is discarded for at
/// most `linger`, then the connection closes; an immediate close with unread input would send a reset that can
/// destroy the answer before the client reads it.
final class ConnectionGuardHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = IOData
    typealias OutboundOut = IOData

    enum Phase: Equatable {
        /// Waiting for the first head (the deadline runs).
        case firstHead
        /// Waiting for a later head of a keep-alive connection.
        case laterHead
        /// The connection's last request was handed on, or a refusal waits for the answers before it: input is
        /// discarded until the answers are out.
        case lastRequest
        /// An upgrade was handed on: following frame headers.
        case frames
        /// Ending: output half-closed, input discarded until the linger ends.
        case closing
    }

    private let settings: ConnectionGuardSettings
    private let admission: ConnectionBudget.Admission
    private(set) var phase: Phase = .firstHead
    private var scanner = RequestHeadScanner()
    private var watcher = WebSocketMaskWatcher()
    /// The bytes of the head being received (held back until it is judged).
    private var pending = ByteBuffer()
    private var timer: Scheduled<Void>?
    /// Requests handed on whose answer is not out yet.
    private(set) var inFlight = 0
    /// A refusal that waits for the answers to the requests before it.
    private var deferred: HTTPRefusal?
    /// Whether the first response (the upgrade's `101`, or a refusal) has been written by the server.
    private var firstResponseSeen = false
    private var upgradedOnWire = false
    /// An unmasked frame arrived before the `101` went out.
    private var unmaskedPending = false

    /// The answer to a client whose head did not complete in time.
    static let timeout = HTTPRefusal(status: 408, body: "request head not complete in time\n")
    /// The answer to a WebSocket upgrade that is not the connection's first request.
    static let lateUpgrade = HTTPRefusal(status: 400, body: "WebSocket upgrade must be the first request of a connection\n")

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
            case .laterHead, .lastRequest, .frames:
                context.fireUserInboundEventTriggered(event)  // the HTTP handler closes an idle keep-alive connection
            }
            return
        }
        if let half = event as? ChannelEvent, half == .inputClosed {
            // The client sent FIN: it can ask nothing more. Answer what it asked, then close.
            switch phase {
            case .firstHead, .laterHead:
                pending = ByteBuffer()
                if inFlight == 0 {
                    closeAfterAnswer(context)
                } else {
                    disarm()
                    phase = .lastRequest
                }
                return
            case .lastRequest, .closing:
                return
            case .frames:
                break
            }
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
        case .closing, .lastRequest:
            return
        case .frames:
            if unmaskedPending { return }
            if buffer.withUnsafeReadableBytes({ watcher.consume($0) }) {
                failUnmasked(context)
                return
            }
            context.fireChannelRead(data)
        case .firstHead, .laterHead:
            readHeads(context, &buffer)
        }
    }

    /// Judges every head that completes in `buffer`; forwards what passes. Handing a head on may answer it at once
    /// (re-entering `triggerUserOutboundEvent`), so the phase is set before and read after.
    private func readHeads(_ context: ChannelHandlerContext, _ buffer: inout ByteBuffer) {
        while buffer.readableBytes > 0, phase == .firstHead || phase == .laterHead {
            guard let used = buffer.withUnsafeReadableBytes({ scanner.consume($0) }), let result = scanner.result else {
                pending.writeBuffer(&buffer)
                return
            }
            var headBytes = buffer.readSlice(length: used) ?? ByteBuffer()
            pending.writeBuffer(&headBytes)
            if admission == .reserve {
                refuse(context, ReserveAnswer.answer(result, ready: settings.isReady()))
                return
            }
            switch RequestGate.decide(result, site: settings.site(localAddress: context.channel.localAddress)) {
            case .refuse(let refusal):
                refuse(context, refusal)
                return
            case .pass:
                break
            }
            guard case .success(let head) = result else { return }
            let asksForWebSocket = head.asksForWebSocket
            if asksForWebSocket && phase != .firstHead {
                refuse(context, Self.lateUpgrade)
                return
            }
            disarm()
            var held = pending
            pending = ByteBuffer()
            scanner = RequestHeadScanner()
            if !asksForWebSocket && head.hasIgnoredUpgrade {
                held = ByteBuffer(bytes: RequestHead.removingFields(named: "Upgrade", from: Array(held.readableBytesView)))
            }
            if asksForWebSocket {
                phase = .frames
                context.fireChannelRead(wrapInboundOut(held))
                if buffer.readableBytes > 0, phase == .frames {
                    if buffer.withUnsafeReadableBytes({ watcher.consume($0) }) {
                        failUnmasked(context)
                        return
                    }
                    context.fireChannelRead(wrapInboundOut(buffer))
                }
                return
            }
            inFlight += 1
            // A last request's body and anything after it are dropped with the rest of `buffer`.
            phase = head.isKeepAlive ? .laterHead : .lastRequest
            context.fireChannelRead(wrapInboundOut(held))
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

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        guard event is GatewayResponseEnd else {
            context.triggerUserOutboundEvent(event, promise: promise)
            return
        }
        promise?.succeed(())
        inFlight = max(0, inFlight - 1)
        switch phase {
        case .lastRequest where inFlight == 0:
            if let refusal = deferred {
                deferred = nil
                answer(context, refusal)
            } else {
                closeAfterAnswer(context)
            }
        case .frames:
            // The server answered the upgrade as plain HTTP (a path other than `/`): the client wanted a WebSocket,
            // not a keep-alive connection.
            closeAfterAnswer(context)
        case .firstHead, .laterHead, .lastRequest, .closing:
            break
        }
    }

    /// A later handler closes a plain HTTP connection: the same lingering close as our own answers.
    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        guard mode == .all, phase != .frames, context.channel.isActive else {
            context.close(mode: mode, promise: promise)
            return
        }
        if let promise { context.channel.closeFuture.cascade(to: promise) }
        closeAfterAnswer(context)
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

    /// Answers `refusal` now, or after the answers still owed to earlier requests of the connection.
    private func refuse(_ context: ChannelHandlerContext, _ refusal: HTTPRefusal) {
        guard inFlight > 0 else { return answer(context, refusal) }
        disarm()
        pending = ByteBuffer()
        deferred = refusal
        phase = .lastRequest
    }

    /// Writes `refusal` and closes (half-close, discard, close after the linger).
    private func answer(_ context: ChannelHandlerContext, _ refusal: HTTPRefusal) {
        disarm()
        pending = ByteBuffer()
        context.writeAndFlush(wrapOutboundOut(.byteBuffer(ByteBuffer(bytes: refusal.bytes))), promise: nil)
        closeAfterAnswer(context)
    }

    /// Whether the lingering close has started.
    private var closeStarted = false

    private func closeAfterAnswer(_ context: ChannelHandlerContext) {
        guard !closeStarted else { return }
        closeStarted = true
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
