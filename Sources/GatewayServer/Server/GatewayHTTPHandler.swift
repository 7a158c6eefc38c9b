import Gateway
import NIOCore
import NIOHTTP1
import NIOPosix

/// Serves the plain HTTP routes (`GatewayHTTPRoutes`) on the connection's event loop, one request at a time
/// (`HTTPServerPipelineHandler` holds back pipelined ones). Canvas files are read on NIO's thread pool.
///
/// Every request is answered as soon as its head is in: no route reads a body (the connection guard discards it).
/// Keep-alive as `ConnectionPersistence` judges it, the guard's judgement (`Connection: close`, HTTP/1.0 without
/// keep-alive, a request with a body: `Connection: close` and closed after the answer). After each answer the guard
/// is told (`GatewayResponseEnd`). A connection idle for the read timeout (`IdleStateHandler`, the request-head
/// timeout) after an answer, with no request in progress, is closed (before its first request the guard's head
/// deadline rules); on `GatewayShutdownEvent` an idle connection is closed at once, a busy one after its answer. Every
/// close goes through the guard's lingering close.
final class GatewayHTTPHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let runtime: GatewayRuntime
    private let canvas: CanvasFiles
    private var busy = false
    /// Whether a request was answered on this connection (before the first, the guard's head deadline rules).
    private var answeredOne = false
    private var closeWhenDone = false

    init(runtime: GatewayRuntime, canvas: CanvasFiles) {
        self.runtime = runtime
        self.canvas = canvas
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            busy = true
            respond(to: head, context)
        case .body, .end:
            break
        }
    }

    private func respond(to head: HTTPRequestHead, _ context: ChannelHandlerContext) {
        let channel = context.channel
        let peerIsLoopback = channel.remoteAddress?.ipAddress.map(IPAddressText.isLoopback) ?? false
        let route = GatewayHTTPRoutes.route(
            method: head.method, target: head.uri, host: head.headers.first(name: "Host"), peerIsLoopback: peerIsLoopback,
            localAddress: channel.localAddress?.ipAddress, runtime: runtime)
        switch route {
        case .answer(let answer):
            write(answer, for: head, context)
        case .canvas(let path):
            let canvas = self.canvas
            NIOThreadPool.singleton.runIfActive(eventLoop: context.eventLoop) { canvas.answer(requestPath: path) }
                .assumeIsolated()
                .whenComplete { [self] result in
                    switch result {
                    case .success(let found): write(GatewayHTTPRoutes.answer(found), for: head, context)
                    case .failure: write(GatewayHTTPRoutes.notFound, for: head, context)
                    }
                }
        }
    }

    private func write(_ answer: HTTPAnswer, for request: HTTPRequestHead, _ context: ChannelHandlerContext) {
        let keepAlive = !closeWhenDone && ConnectionPersistence.keepsAlive(
            version: request.version == .http1_1 ? "HTTP/1.1" : "HTTP/1.0", connection: request.headers["Connection"],
            contentLength: request.headers["Content-Length"], transferEncoding: request.headers["Transfer-Encoding"])
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: answer.contentType)
        headers.add(name: "Content-Length", value: String(answer.body.count))
        for header in answer.extraHeaders { headers.add(name: header.name, value: header.value) }
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        let response = HTTPResponseHead(version: request.version, status: answer.status, headers: headers)
        context.write(wrapOutboundOut(.head(response)), promise: nil)
        if request.method != .HEAD && !answer.body.isEmpty {
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: answer.body)))), promise: nil)
        }
        busy = false
        answeredOne = true
        let written = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        context.triggerUserOutboundEvent(GatewayResponseEnd(), promise: nil)
        if !keepAlive {
            written.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let idle = event as? IdleStateHandler.IdleStateEvent, idle == .read {
            if answeredOne && !busy { context.close(promise: nil) }
            return
        }
        if event is GatewayShutdownEvent {
            if busy { closeWhenDone = true } else { context.close(promise: nil) }
            return
        }
        context.fireUserInboundEventTriggered(event)
    }
}
