import Foundation
import Hummingbird
import HummingbirdWebSocket
import NetProbe
import NIOCore

/// The HTTP routes and the WebSocket route of the one gateway port. Thin glue over `GatewayRuntime`,
/// `CanvasFiles` and `ConnectionMachine`.
public enum GatewayRoutes {
    /// Plain HTTP: `/healthz`, `/readyz`, `/__openclaw__/identity`, `/__openclaw__/canvas/...`. The identity and the
    /// canvas reveal something, so they answer only a `Host` that names the gateway (`HostPolicy`), else 421.
    public static func httpRouter(runtime: GatewayRuntime, canvas: CanvasFiles) -> Router<GatewayRequestContext> {
        let router = Router(context: GatewayRequestContext.self)
        router.get("/healthz") { _, _ in json(.ok, .object(["ok": .bool(true), "status": .string("live")])) }
        router.get("/readyz") { _, _ in
            runtime.status == .ready
                ? json(.ok, .object(["ready": .bool(true)]))
                : json(.serviceUnavailable, .object(["ready": .bool(false)]))
        }
        router.get("/__openclaw__/identity") { request, context in
            if let refused = misdirected(request, context, runtime) { return refused }
            var identity = runtime.identity
            if !context.peerIsLoopback { identity.pid = nil }
            return json(.ok, .from(identity))
        }
        let serveCanvas: @Sendable (Request, GatewayRequestContext) async throws -> Response = { request, context in
            if let refused = misdirected(request, context, runtime) { return refused }
            switch canvas.answer(requestPath: request.uri.path) {
            case .file(let bytes, let type):
                return Response(
                    status: .ok, headers: [.contentType: type, .init("X-Content-Type-Options")!: "nosniff"],
                    body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
            case .notFound:
                return json(.notFound, .object(["error": .string("not found")]))
            case .forbidden:
                return json(.forbidden, .object(["error": .string("forbidden path")]))
            }
        }
        router.get("/__openclaw__/canvas", use: serveCanvas)
        router.get("/__openclaw__/canvas/**", use: serveCanvas)
        return router
    }

    /// The WebSocket control plane, upgraded on `/`.
    public static func webSocketRouter(runtime: GatewayRuntime) -> Router<GatewayRequestContext> {
        let router = Router(context: GatewayRequestContext.self)
        router.ws("/") { inbound, outbound, context in
            let settings = ConnectionMachine.Settings(
                instanceId: runtime.identity.instanceId, version: runtime.identity.version, token: runtime.token,
                connId: RandomID.hex(bytes: 8), nonce: RandomID.hex(bytes: 16))
            let auth = PeerAuthRecord(runtime: runtime, peer: context.requestContext.remoteAddress?.ipAddress ?? "unknown")
            let session = ConnectionSession(
                machine: ConnectionMachine(settings: settings), outbound: outbound, channel: context.requestContext.channel)
            guard let id = runtime.register(session) else {
                await session.shutdown()
                return
            }
            defer { runtime.unregister(id) }
            await session.open(nowMs: Int64(Date().timeIntervalSince1970 * 1000))
            let timer = HandshakeTimer(
                channel: context.requestContext.channel, after: runtime.handshakeTimeout, session: session)
            defer { timer.cancel() }
            for try await frame in inbound {
                let bytes = Array(frame.data.readableBytesView)
                let converted: ConnectionMachine.Frame
                switch frame.opcode {
                case .text: converted = .text(bytes, fin: frame.fin)
                case .binary: converted = .binary(bytes, fin: frame.fin)
                case .continuation: converted = .continuation(bytes, fin: frame.fin)
                }
                if await session.receive(converted, snapshot: runtime.snapshot, auth: runtime.token == nil ? nil : auth) { break }
            }
        }
        return router
    }

    /// 421 when the request's `Host` does not name the gateway (DNS rebinding); nil when it may be answered.
    static func misdirected(_ request: Request, _ context: GatewayRequestContext, _ runtime: GatewayRuntime) -> Response? {
        let own = runtime.plan.bindAddresses + (context.localAddress?.ipAddress.map { [$0] } ?? [])
        let host = request.head.authority
        if HostPolicy.allows(host: host, ownAddresses: own, port: runtime.plan.port, allowedOrigins: runtime.allowedOrigins) {
            return nil
        }
        return Response(
            status: .misdirectedRequest, headers: [.contentType: "text/plain; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: "Host does not name this gateway\n")))
    }

    static func json(_ status: HTTPResponse.Status, _ value: JSONValue) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: value.text)))
    }
}
