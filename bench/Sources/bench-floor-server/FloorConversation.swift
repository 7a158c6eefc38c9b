import Glibc
import NIOCore
import NIOWebSocket
import enum NetProbe.JSONValue
import enum NetProbe.RandomID

/// One upgraded connection of the floor server, on its event loop: the challenge when added, then whole text
/// messages (fragments joined) parsed with the gateway's `JSONReader` (`JSONValue.parse`): the first must be `connect` with a
/// protocol range containing 4 (else close 1008 or 1002), answered `hello-ok`; then `status`, `health` or an error.
/// A client's close is echoed and the connection closed; a ping gets its pong; no `connect` in 10 s closes 1008.
final class FloorConversation: ChannelInboundHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    private let statusPayload: String
    private let instanceId: String
    private var connected = false
    private var message: ByteBuffer?
    private var deadline: Scheduled<Void>?

    init(statusPayload: String, instanceId: String) {
        self.statusPayload = statusPayload
        self.instanceId = instanceId
    }

    func handlerAdded(context: ChannelHandlerContext) {
        var timespec = timespec()
        clock_gettime(CLOCK_REALTIME, &timespec)
        let millis = Int64(timespec.tv_sec) * 1000 + Int64(timespec.tv_nsec) / 1_000_000
        send(#"{"event":"connect.challenge","payload":{"instanceId":"\#(instanceId)","nonce":"\#(RandomID.hex(bytes: 16))","ts":\#(millis)},"type":"event"}"#, context)
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: .seconds(10)) { [self] in
            if !connected { close(1008, context) }
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        switch frame.opcode {
        case .text, .binary:
            let data = frame.unmaskedData
            if frame.fin {
                handle(data, isText: frame.opcode == .text, context)
            } else {
                message = data
            }
        case .continuation:
            guard var partial = message else { return close(1002, context) }
            var data = frame.unmaskedData
            partial.writeBuffer(&data)
            if frame.fin {
                message = nil
                handle(partial, isText: true, context)
            } else {
                message = partial
            }
        case .connectionClose:
            close(1000, context)
        case .ping:
            context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .pong, data: frame.unmaskedData)), promise: nil)
        default:
            break
        }
    }

    private func handle(_ data: ByteBuffer, isText: Bool, _ context: ChannelHandlerContext) {
        let bytes = Array(data.readableBytesView)
        guard isText, String(validating: bytes, as: UTF8.self) != nil, let request = JSONValue.parse(bytes),
              request["type"]?.stringValue == "req", let id = request["id"], let method = request["method"]?.stringValue else {
            return connected ? send(#"{"error":{"code":"invalid_request"},"id":null,"ok":false,"type":"res"}"#, context) : close(1008, context)
        }
        let idText = id.text
        if !connected {
            guard method == "connect", let minimum = request["params"]?["minProtocol"]?.intValue,
                  let maximum = request["params"]?["maxProtocol"]?.intValue else { return close(1008, context) }
            guard minimum <= 4, 4 <= maximum else { return close(1002, context) }
            connected = true
            deadline?.cancel()
            return send(#"{"id":\#(idText),"ok":true,"payload":{"features":{"events":["connect.challenge","shutdown"],"methods":["health","status"]},"policy":{"maxPayload":1048576,"maxPreConnectPayload":65536},"protocol":4,"server":{"connId":"\#(RandomID.hex(bytes: 8))","instanceId":"\#(instanceId)","version":"floor"},"type":"hello-ok"},"type":"res"}"#, context)
        }
        switch method {
        case "status":
            send(#"{"id":\#(idText),"ok":true,"payload":\#(statusPayload),"type":"res"}"#, context)
        case "health":
            send(#"{"id":\#(idText),"ok":true,"payload":{"instanceId":"\#(instanceId)","ok":true,"ready":true,"status":"live"},"type":"res"}"#, context)
        default:
            send(#"{"error":{"code":"unknown_method"},"id":\#(idText),"ok":false,"type":"res"}"#, context)
        }
    }

    private func send(_ text: String, _ context: ChannelHandlerContext) {
        let buffer = context.channel.allocator.buffer(string: text)
        context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .text, data: buffer)), promise: nil)
    }

    /// Sends a close frame with `code`, then closes the connection once it is written.
    private func close(_ code: UInt16, _ context: ChannelHandlerContext) {
        var payload = context.channel.allocator.buffer(capacity: 2)
        payload.writeInteger(code)
        let closing = context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .connectionClose, data: payload)))
        closing.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
    }
}
