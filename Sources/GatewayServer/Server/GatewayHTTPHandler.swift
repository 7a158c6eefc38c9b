import Gateway
import NIOCore
import NIOHTTP1
import NIOPosix

/// Serves the plain HTTP routes (`GatewayHTTPRoutes`) on the connection's event loop, one request at a time
/// (`HTTPServerPipelineHandler` holds back pipelined ones). Canvas files are read on NIO's thread pool.
///
/// Keep-alive as the request asks (`Connection: close`, HTTP/1.0 without keep-alive: closed after the answer). A
/// connection idle for the read timeout (`IdleStateHandler`, the request-head timeout) after an answer, with no
/// request in progress, is closed (before its first request the guard's head deadline rules); on `GatewayShutdownEvent` an idle connection is closed at once, a busy one after its answer.
/// Request bodies are read and discarded (every route is `GET`).
final class GatewayHTTPHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let runtime: GatewayRuntime
    private let canvas: CanvasFiles
    private var head: HTTPRequestHead?
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
            self.head = head
            busy = true
        case .body:
            break
        case .end:
            guard let head else { return }
            self.head = nil
            respond(to: head, context)
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
        let keepAlive = request.isKeepAlive && !closeWhenDone
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
