import NIOCore
import NIOPosix
import NIOWebSocket

/// When one load client reached each step, in `NIODeadline` nanoseconds (monotonic).
struct ClientTimeline: Sendable {
    /// `connect` was called.
    var started: UInt64
    /// `hello-ok` arrived (connect request answered): the end of the handshake.
    var hello: UInt64 = 0
    /// The `status` response arrived.
    var status: UInt64 = 0
}

/// Why a load client failed.
struct LoadClientFailure: Error, Sendable {
    let reason: String
}

/// First handler of a load client's pipeline: sends the HTTP upgrade request of `/` when the socket opens, swallows
/// the response head (failing the client unless it is `101`), then passes every later byte on to the WebSocket
/// frame decoder unchanged.
final class UpgradeResponseHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let port: Int
    private var head: ByteBuffer?
    private var upgraded = false

    init(port: Int) { self.port = port }

    func channelActive(context: ChannelHandlerContext) {
        let request = "GET / HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: \(NIOWebSocketClientUpgrader.randomRequestKey())\r\nSec-WebSocket-Version: 13\r\n\r\n"
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(string: request)), promise: nil)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if upgraded {
            context.fireChannelRead(data)
            return
        }
        var incoming = unwrapInboundIn(data)
        if head == nil { head = incoming } else { head?.writeBuffer(&incoming) }
        guard var buffer = head, let end = Self.endOfHead(buffer.readableBytesView) else { return }
        let headText = buffer.readString(length: end) ?? ""
        head = nil
        guard headText.hasPrefix("HTTP/1.1 101") else {
            context.fireErrorCaught(LoadClientFailure(reason: "upgrade answered \(headText.prefix(12))"))
            return
        }
        upgraded = true
        if buffer.readableBytes > 0 { context.fireChannelRead(wrapInboundOut(buffer)) }
    }

    /// Offset (from the reader index) just past `\r\n\r\n`, if present.
    private static func endOfHead(_ view: ByteBufferView) -> Int? {
        guard view.count >= 4 else { return nil }
        var index = view.startIndex
        let last = view.endIndex - 4
        while index <= last {
            if view[index] == 13, view[index + 1] == 10, view[index + 2] == 13, view[index + 3] == 10 {
                return index - view.startIndex + 4
            }
            index += 1
        }
        return nil
    }
}

/// The gateway conversation of one load client: wait for `connect.challenge`, send `connect`, wait for
/// `hello-ok`, send one `status` request, wait for its response; then keep the socket open (the benchmark
/// closes every client together, so all of them are connected at the same time).
final class GatewayConversationHandler: ChannelInboundHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    private enum Step { case challenge, hello, status, done }

    private var step = Step.challenge
    private var timeline: ClientTimeline
    private let promise: EventLoopPromise<ClientTimeline>

    init(started: UInt64, promise: EventLoopPromise<ClientTimeline>) {
        self.timeline = ClientTimeline(started: started)
        self.promise = promise
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        switch frame.opcode {
        case .text:
            let text = String(buffer: frame.unmaskedData)
            advance(context: context, text: text)
        case .connectionClose:
            var data = frame.unmaskedData
            let code = data.readInteger(as: UInt16.self).map(String.init) ?? "none"
            fail(context: context, "closed by the gateway (code \(code)) during \(step)")
        case .ping:
            let pong = WebSocketFrame(fin: true, opcode: .pong, maskKey: .random(), data: frame.unmaskedData)
            context.writeAndFlush(wrapOutboundOut(pong), promise: nil)
        default:
            break
        }
    }

    private func advance(context: ChannelHandlerContext, text: String) {
        switch step {
        case .challenge where text.contains("\"connect.challenge\""):
            step = .hello
            send(context, #"{"type":"req","id":"c1","method":"connect","params":{"minProtocol":4,"maxProtocol":4,"client":{"id":"openclaw-bench","version":"1"}}}"#)
        case .hello where text.contains("\"hello-ok\""):
            timeline.hello = NIODeadline.now().uptimeNanoseconds
            step = .status
            send(context, #"{"type":"req","id":"s1","method":"status"}"#)
        case .status where text.contains("\"s1\""):
            guard text.contains("\"ok\":true") else { return fail(context: context, "status was not ok") }
            timeline.status = NIODeadline.now().uptimeNanoseconds
            step = .done
            promise.succeed(timeline)
        case .done:
            break
        default:
            fail(context: context, "unexpected frame during \(step): \(text.prefix(60))")
        }
    }

    private func send(_ context: ChannelHandlerContext, _ text: String) {
        let frame = WebSocketFrame(
            fin: true, opcode: .text, maskKey: .random(), data: context.channel.allocator.buffer(string: text))
        context.writeAndFlush(wrapOutboundOut(frame), promise: nil)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(context: context, (error as? LoadClientFailure)?.reason ?? "\(error)")
    }

    func channelInactive(context: ChannelHandlerContext) {
        if step != .done { promise.fail(LoadClientFailure(reason: "connection closed during \(step)")) }
        context.fireChannelInactive()
    }

    private func fail(context: ChannelHandlerContext, _ reason: String) {
        guard step != .done else { return }
        step = .done
        promise.fail(LoadClientFailure(reason: reason))
        context.close(promise: nil)
    }
}

/// Opens load clients to 127.0.0.1:`port`.
struct LoadClientFactory: Sendable {
    let group: MultiThreadedEventLoopGroup
    let port: Int

    /// Starts one client; the future ends with its timeline (or failure) by `deadline` at the latest.
    /// The channel future gives the caller the socket to close later.
    func start(deadline: NIODeadline) -> (timeline: EventLoopFuture<ClientTimeline>, channel: EventLoopFuture<any Channel>) {
        let loop = group.next()
        let promise = loop.makePromise(of: ClientTimeline.self)
        let started = NIODeadline.now().uptimeNanoseconds
        let port = self.port
        let timer = loop.scheduleTask(deadline: deadline) {
            promise.fail(LoadClientFailure(reason: "global timeout"))
        }
        promise.futureResult.whenComplete { _ in timer.cancel() }
        let channel = ClientBootstrap(group: loop)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connectTimeout(.seconds(10))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandlers([
                        UpgradeResponseHandler(port: port),
                        ByteToMessageHandler(WebSocketFrameDecoder(maxFrameSize: 1 << 20)),
                        WebSocketFrameEncoder(),
                        GatewayConversationHandler(started: started, promise: promise),
                    ])
                }
            }
            .connect(host: "127.0.0.1", port: port)
        channel.whenFailure { error in promise.fail(LoadClientFailure(reason: "connect: \(error)")) }
        return (promise.futureResult, channel)
    }
}
