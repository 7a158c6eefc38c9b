#if canImport(Glibc)
import Gateway
import Glibc
#endif
import NIOCore
import NIOWebSocket
import enum NetProbe.RandomID

/// One upgraded WebSocket connection, served on its event loop: data frames go straight into the connection's
/// `ConnectionMachine` and its actions are written back, with no task, actor or async sequence in between.
///
/// Besides the machine's protocol: every message before `connect` succeeded is one attempt for the failed-auth
/// limiter (`PeerAuthRecord`): a peer blocked by it (its address, or every address at once) is closed before its
/// `connect` is looked at, and an attempt counts as a failure unless the machine's answer is not `unauthorized`; `connect` must arrive within
/// the runtime's handshake timeout (close 1008 `connect timeout`); a ping is answered with a pong; every 30 s a ping
/// goes out, and a connection that did not answer the previous one is closed with 1001; a reserved opcode or RSV bit
/// closes with 1002; a client's close frame is answered (`WebSocketCloseReply`) and the connection closed; after a
/// close of ours, data frames are ignored and the connection is dropped when the peer has not answered within
/// `closeGrace`. Half-closed input closes the connection. Registered with the runtime while it lives, so
/// `GatewayRuntime.closeAllSessions` can send every session the `shutdown` event and close 1001.
final class WebSocketSessionHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    /// How long a peer has to answer our close frame.
    static let closeGrace: TimeAmount = .seconds(3)
    /// The interval of the keep-alive pings.
    static let pingInterval: TimeAmount = .seconds(30)

    private var machine: ConnectionMachine
    private let runtime: GatewayRuntime
    private let auth: PeerAuthRecord?
    private var context: ChannelHandlerContext?
    private var registration: Int?
    private var closeSent = false
    private var handshakeTimer: Scheduled<Void>?
    private var closeTimer: Scheduled<Void>?
    private var pingTimer: Scheduled<Void>?
    /// The payload of the ping not yet answered.
    private var pendingPing: ByteBuffer?

    init(runtime: GatewayRuntime, peer: String) {
        self.runtime = runtime
        self.machine = ConnectionMachine(settings: .init(
            instanceId: runtime.identity.instanceId, version: runtime.version, token: runtime.token,
            connId: RandomID.hex(bytes: 8), nonce: RandomID.hex(bytes: 16)))
        self.auth = runtime.token == nil ? nil : PeerAuthRecord(runtime: runtime, peer: peer)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        let handle = WebSocketSessionHandle(eventLoop: context.eventLoop, handler: self)
        guard let id = runtime.register(handle) else {
            perform(machine.shutdown(), context)
            return
        }
        registration = id
        perform(machine.open(nowMs: WallClock.nowMillis()), context)
        let loop = context.eventLoop.assumeIsolated()
        handshakeTimer = loop.scheduleTask(in: TimeAmount(runtime.handshakeTimeout)) { [self] in
            handshakeTimer = nil
            perform(machine.handshakeTimedOut(), context)
        }
        schedulePing(context)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        handshakeTimer?.cancel()
        closeTimer?.cancel()
        pingTimer?.cancel()
        handshakeTimer = nil
        closeTimer = nil
        pingTimer = nil
        if let registration { runtime.unregister(registration) }
        registration = nil
        self.context = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        guard frame.reservedBits.isEmpty else { return fail(context, "reserved bits set") }
        switch frame.opcode {
        case .text, .binary, .continuation:
            if closeSent { return }
            let bytes = Array(frame.unmaskedData.readableBytesView)
            let converted: ConnectionMachine.Frame
            switch frame.opcode {
            case .text: converted = .text(bytes, fin: frame.fin)
            case .binary: converted = .binary(bytes, fin: frame.fin)
            default: converted = .continuation(bytes, fin: frame.fin)
            }
            receive(converted, context)
        case .connectionClose:
            if closeSent {
                context.close(promise: nil)
                return
            }
            closeSent = true
            let code = WebSocketCloseReply.code(forClosePayload: Array(frame.unmaskedData.readableBytesView))
            let written = context.writeAndFlush(wrapOutboundOut(Self.closeFrame(code: code, reason: "", context)))
            written.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        case .ping:
            guard frame.fin else { return fail(context, "fragmented ping") }
            if closeSent { return }
            context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .pong, data: frame.unmaskedData)), promise: nil)
        case .pong:
            if let pendingPing, pendingPing == frame.unmaskedData { self.pendingPing = nil }
        default:
            fail(context, "unknown opcode")
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed {
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    /// The gateway is stopping: the `shutdown` event and close 1001 (from `closeAllSessions`).
    func shutdown() {
        guard let context else { return }
        perform(machine.shutdown(), context)
    }

    private func receive(_ frame: ConnectionMachine.Frame, _ context: ChannelHandlerContext) {
        guard machine.phase == .awaitingConnect, let auth else {
            return perform(machine.receive(frame, snapshot: runtime.snapshot), context)
        }
        switch auth.admit() {
        case .failure(let block):
            perform(machine.tooManyFailedAttempts(block), context)
        case .success(let admitted):
            let actions = machine.receive(frame, snapshot: runtime.snapshot)
            if !actions.contains(.close(code: WebSocketCloseCode.policyViolation, reason: ConnectionMachine.unauthorizedReason)) {
                auth.refund(admitted)
            }
            perform(actions, context)
        }
    }

    private func perform(_ actions: [ConnectionMachine.Action], _ context: ChannelHandlerContext) {
        guard !actions.isEmpty, !closeSent else { return }
        for action in actions {
            switch action {
            case .send(let text):
                let buffer = context.channel.allocator.buffer(string: text)
                context.write(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .text, data: buffer)), promise: nil)
            case .close(let code, let reason):
                sendClose(code: code, reason: reason, context)
                return
            }
        }
        context.flush()
    }

    /// Our close frame; the peer has `closeGrace` to answer it.
    private func sendClose(code: UInt16, reason: String, _ context: ChannelHandlerContext) {
        closeSent = true
        handshakeTimer?.cancel()
        handshakeTimer = nil
        pingTimer?.cancel()
        pingTimer = nil
        context.writeAndFlush(wrapOutboundOut(Self.closeFrame(code: code, reason: reason, context)), promise: nil)
        closeTimer = context.eventLoop.assumeIsolated().scheduleTask(in: Self.closeGrace) {
            context.close(promise: nil)
        }
    }

    private func fail(_ context: ChannelHandlerContext, _ reason: String) {
        if closeSent {
            context.close(promise: nil)
            return
        }
        sendClose(code: WebSocketCloseCode.protocolError, reason: reason, context)
    }

    private func schedulePing(_ context: ChannelHandlerContext) {
        pingTimer = context.eventLoop.assumeIsolated().scheduleTask(in: Self.pingInterval) { [self] in
            pingTimer = nil
            ping(context)
        }
    }

    private func ping(_ context: ChannelHandlerContext) {
        guard !closeSent else { return }
        if pendingPing != nil {
            return sendClose(code: WebSocketCloseCode.goingAway, reason: "ping not answered", context)
        }
        var payload = context.channel.allocator.buffer(capacity: 16)
        payload.writeString(RandomID.hex(bytes: 8))
        pendingPing = payload
        context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .ping, data: payload)), promise: nil)
        schedulePing(context)
    }

    private static func closeFrame(code: UInt16, reason: String, _ context: ChannelHandlerContext) -> WebSocketFrame {
        var payload = context.channel.allocator.buffer(capacity: 2 + reason.utf8.count)
        payload.writeInteger(code)
        payload.writeString(String(decoding: reason.utf8.prefix(123), as: UTF8.self))
        return WebSocketFrame(fin: true, opcode: .connectionClose, data: payload)
    }
}

/// A thread-safe handle on one session for `GatewayRuntime` (which closes every session at shutdown from any thread).
final class WebSocketSessionHandle: Sendable {
    private let handler: NIOLoopBound<WebSocketSessionHandler>

    init(eventLoop: any EventLoop, handler: WebSocketSessionHandler) {
        self.handler = NIOLoopBound(handler, eventLoop: eventLoop)
    }

    /// Sends the `shutdown` event and close 1001 on the session's event loop.
    func shutdown() {
        let handler = self.handler
        handler.eventLoop.execute { handler.value.shutdown() }
    }
}

/// Wall-clock milliseconds since 1970 (`clock_gettime(CLOCK_REALTIME)`), for `connect.challenge`'s `ts`.
enum WallClock {
    static func nowMillis() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }
}
