import enum NetProbe.JSONValue
import NIOCore
import NIOHTTP1
import NIOWebSocket

/// Sends the HTTP request that the upgrade handler turns into a WebSocket upgrade, and reports an upgrade that
/// did not happen (a plain HTTP answer, or an error).
final class UpgradeRequester: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    /// Its name in the pipeline (removed by name once the upgrade is done).
    static let name = "upgrade-requester"

    private let hostHeader: String
    private let attempt: ClientAttempt

    init(hostHeader: String, attempt: ClientAttempt) {
        self.hostHeader = hostHeader
        self.attempt = attempt
    }

    func channelActive(context: ChannelHandlerContext) {
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: hostHeader)
        headers.add(name: "Content-Length", value: "0")
        let head = HTTPRequestHead(version: .http1_1, method: .GET, uri: "/", headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head(let head) = unwrapInboundIn(data) {
            attempt.finish(.failure(category: "upgrade-\(head.status.code)"))
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        attempt.finish(.failure(category: "upgrade"))
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        attempt.finish(.failure(category: "closed-before-upgrade"))
        context.fireChannelInactive()
    }
}

/// The control-plane conversation after the upgrade: challenge, connect, hello-ok, status, close 1000.
final class GatewayConversation: ChannelInboundHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    private enum Step { case challenge, hello, status, holding, closing }

    private let attempt: ClientAttempt
    private let token: String?
    private var step = Step.challenge {
        didSet { attempt.phase = "\(step)" }
    }
    private var message = ByteBuffer()
    private var fragmented = false

    init(attempt: ClientAttempt, token: String?) {
        self.attempt = attempt
        self.token = token
        attempt.phase = "\(Step.challenge)"
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var frame = unwrapInboundIn(data)
        switch frame.opcode {
        case .text, .continuation:
            if frame.opcode == .text { message.clear() }
            var data = frame.unmaskedData
            message.writeBuffer(&data)
            if frame.fin {
                let bytes = Array(message.readableBytesView)
                message.clear()
                handle(bytes, context: context)
            }
        case .connectionClose:
            let code = frame.data.readInteger(as: UInt16.self).map(String.init) ?? "none"
            if step == .closing {
                attempt.finish(.success(latencyMs: statusLatency ?? attempt.elapsedMs, statusMs: statusOnly ?? 0))
            } else {
                attempt.finish(.failure(category: "close-\(code)-\(step)"))
            }
            context.close(promise: nil)
        case .ping:
            send(.pong, frame.unmaskedData, context: context)
        default:
            break
        }
    }

    private var statusLatency: Double?
    /// When `status` was sent (ms since the attempt started), then the request's own latency.
    private var statusSentMs: Double?
    private var statusOnly: Double?

    /// One whole text message, parsed with NetProbe's `JSONReader` (the gateway's own parser: cheap, so the
    /// client's CPU does not limit what the benchmarks measure).
    private func handle(_ bytes: [UInt8], context: ChannelHandlerContext) {
        let object = JSONValue.parse(bytes)
        switch step {
        case .challenge:
            guard object?["event"]?.stringValue == "connect.challenge" else { return fail("bad-challenge", context) }
            let auth = token.map { ",\"auth\":{\"token\":\(Self.quoted($0))}" } ?? ""
            sendText("{\"type\":\"req\",\"id\":\"c1\",\"method\":\"connect\",\"params\":{\"minProtocol\":4,"
                + "\"maxProtocol\":4,\"client\":{\"name\":\"load\"}\(auth)}}", context: context)
            step = .hello
        case .hello:
            guard object?["id"]?.stringValue == "c1", object?["ok"] == .bool(true),
                  object?["payload"]?["type"]?.stringValue == "hello-ok" else {
                return fail("bad-hello", context)
            }
            statusSentMs = attempt.elapsedMs
            sendText("{\"type\":\"req\",\"id\":\"s1\",\"method\":\"status\"}", context: context)
            step = .status
        case .status:
            guard object?["id"]?.stringValue == "s1", object?["ok"] == .bool(true) else { return fail("bad-status", context) }
            let now = attempt.elapsedMs
            statusLatency = now
            statusOnly = now - (statusSentMs ?? now)
            if attempt.barrier == nil {
                sendClose(context: context)
            } else {
                step = .holding
                let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
                attempt.arrive {
                    bound.eventLoop.execute {
                        let (handler, context) = bound.value
                        if handler.step == .holding { handler.sendClose(context: context) }
                    }
                }
            }
        case .holding, .closing:
            break  // events after the status answer are not part of the conversation
        }
    }

    private func sendClose(context: ChannelHandlerContext) {
        step = .closing
        var payload = context.channel.allocator.buffer(capacity: 2)
        payload.writeInteger(UInt16(1000))
        send(.connectionClose, payload, context: context)
    }

    private func fail(_ category: String, _ context: ChannelHandlerContext) {
        attempt.finish(.failure(category: category))
        context.close(promise: nil)
    }

    private func sendText(_ text: String, context: ChannelHandlerContext) {
        send(.text, context.channel.allocator.buffer(string: text), context: context)
    }

    private func send(_ opcode: WebSocketOpcode, _ data: ByteBuffer, context: ChannelHandlerContext) {
        let frame = WebSocketFrame(fin: true, opcode: opcode, maskKey: .random(), data: data)
        context.writeAndFlush(wrapOutboundOut(frame), promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if step == .closing, let statusLatency {
            attempt.finish(.success(latencyMs: statusLatency, statusMs: statusOnly ?? 0))
        } else {
            attempt.finish(.failure(category: "eof-\(step)"))
        }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        attempt.finish(.failure(category: "websocket-error"))
        context.close(promise: nil)
    }

    /// A JSON string literal for `text`.
    static func quoted(_ text: String) -> String { JSONValue.string(text).text }
}
