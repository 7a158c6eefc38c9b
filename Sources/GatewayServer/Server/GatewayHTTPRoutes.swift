import Gateway
import NetProbe
import NIOHTTP1

/// One answer of the plain HTTP routes: status, `Content-Type`, body and any extra header fields.
struct HTTPAnswer: Sendable, Equatable {
    var status: HTTPResponseStatus
    var contentType: String
    var body: [UInt8]
    var extraHeaders: [(name: String, value: String)] = []

    static func == (lhs: HTTPAnswer, rhs: HTTPAnswer) -> Bool {
        lhs.status == rhs.status && lhs.contentType == rhs.contentType && lhs.body == rhs.body
            && lhs.extraHeaders.map(\.name) == rhs.extraHeaders.map(\.name) && lhs.extraHeaders.map(\.value) == rhs.extraHeaders.map(\.value)
    }

    static func json(_ status: HTTPResponseStatus, _ value: JSONValue) -> HTTPAnswer {
        HTTPAnswer(status: status, contentType: "application/json", body: Array(value.text.utf8))
    }
}

/// The plain HTTP routes of the gateway's port (everything but the WebSocket upgrade of `/`): `GET /healthz`,
/// `/readyz`, `/__openclaw__/identity`, `/__openclaw__/canvas[/...]`; anything else is 404 `{"error":"not found"}`.
/// The identity and the canvas reveal something, so they answer only a `Host` that names the gateway
/// (`HostPolicy`), else 421; the identity's `pid` only to a loopback peer. Path components are matched with empty
/// ones dropped (`/healthz/` is `/healthz`), before any `?` or `#`. Pure but for reading the runtime's status.
enum GatewayHTTPRoutes {
    enum Route: Equatable {
        case answer(HTTPAnswer)
        /// A canvas file: `CanvasFiles.answer(requestPath:)` of this path (file I/O, done off the event loop).
        case canvas(path: String)
    }

    /// What the request asks for. `host` is the `Host` field (nil when absent), `localAddress` the address the
    /// connection arrived on.
    static func route(
        method: HTTPMethod, target: String, host: String?, peerIsLoopback: Bool, localAddress: String?, runtime: GatewayRuntime
    ) -> Route {
        let path = String(target.prefix { $0 != "?" && $0 != "#" })
        let components = path.split(separator: "/", omittingEmptySubsequences: true)
        guard method == .GET else { return .answer(notFound) }
        switch components {
        case ["healthz"]:
            return .answer(.json(.ok, .object(["ok": .bool(true), "status": .string("live")])))
        case ["readyz"]:
            return .answer(runtime.status == .ready
                ? .json(.ok, .object(["ready": .bool(true)]))
                : .json(.serviceUnavailable, .object(["ready": .bool(false)])))
        case ["__openclaw__", "identity"]:
            if let refused = misdirected(host: host, localAddress: localAddress, runtime: runtime) { return .answer(refused) }
            return .answer(HTTPAnswer(status: .ok, contentType: "application/json", body: runtime.identityBody(peerIsLoopback: peerIsLoopback)))
        default:
            guard components.count >= 2, components[0] == "__openclaw__", components[1] == "canvas" else { return .answer(notFound) }
            if let refused = misdirected(host: host, localAddress: localAddress, runtime: runtime) { return .answer(refused) }
            return .canvas(path: path)
        }
    }

    /// The answer for a canvas lookup.
    static func answer(_ canvas: CanvasFiles.Answer) -> HTTPAnswer {
        switch canvas {
        case .file(let bytes, let type):
            return HTTPAnswer(status: .ok, contentType: type, body: bytes, extraHeaders: [("X-Content-Type-Options", "nosniff")])
        case .notFound:
            return notFound
        case .forbidden:
            return .json(.forbidden, .object(["error": .string("forbidden path")]))
        }
    }

    static let notFound = HTTPAnswer.json(.notFound, .object(["error": .string("not found")]))

    /// 421 when `host` does not name the gateway (DNS rebinding); nil when the request may be answered.
    static func misdirected(host: String?, localAddress: String?, runtime: GatewayRuntime) -> HTTPAnswer? {
        let own = runtime.plan.bindAddresses + (localAddress.map { [$0] } ?? [])
        if HostPolicy.allows(host: host, ownAddresses: own, port: runtime.plan.port, allowedOrigins: runtime.allowedOrigins) {
            return nil
        }
        return HTTPAnswer(
            status: .misdirectedRequest, contentType: "text/plain; charset=utf-8", body: Array("Host does not name this gateway\n".utf8))
    }
}
