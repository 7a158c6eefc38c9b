import FoundationEssentials

/// What the gateway knows about itself when it judges a request: its own addresses (the bind addresses plus the
/// address the connection arrived on), its port and the allowed foreign origins (normalised).
public struct RequestSite: Sendable, Equatable {
    public var ownAddresses: [String]
    public var port: UInt16
    public var allowedOrigins: Set<String>

    public init(ownAddresses: [String], port: UInt16, allowedOrigins: Set<String> = []) {
        self.ownAddresses = ownAddresses
        self.port = port
        self.allowedOrigins = allowedOrigins
    }
}

/// The decision on one request head, made before NIO's HTTP decoder or the WebSocket upgrader see it. Pure.
public enum RequestGate {
    public enum Decision: Sendable, Equatable {
        /// Hand the head on to the server.
        case pass
        /// Answer with this and close.
        case refuse(HTTPRefusal)
    }

    /// The answer to a malformed head (`RequestHeadFault`), or for a WebSocket upgrade (`Upgrade: websocket`), in
    /// this order: an `Origin` that is neither the gateway's own nor allowed -> 403; not `GET` over HTTP/1.1 -> 400;
    /// a body announced (`Content-Length` other than 0, any `Transfer-Encoding`: `ConnectionPersistence.hasBody`) -> 400;
    /// no `upgrade` token in `Connection` (`Connection: close`, none at all) -> 400 (RFC 6455 section 4.2.1: the
    /// handshake needs both `Upgrade: websocket` and `Connection: Upgrade`); `Sec-WebSocket-Version` missing or not 13
    /// -> 426 with `Sec-WebSocket-Version: 13` (RFC 6455 section 4.2.2);
    /// `Sec-WebSocket-Key` missing, repeated or not 16 bytes in base64 -> 400.
    public static func decide(_ head: Result<RequestHead, RequestHeadFault>, site: RequestSite) -> Decision {
        let request: RequestHead
        switch head {
        case .failure(let fault): return .refuse(HTTPRefusal(status: fault.status, body: fault.reason + "\n"))
        case .success(let h): request = h
        }
        guard request.asksForWebSocket else { return .pass }
        let origins = request.values("Origin")
        if origins.count > 1 || !OriginPolicy.allows(
            origin: origins.first, ownAddresses: site.ownAddresses, port: site.port, allowList: site.allowedOrigins) {
            return .refuse(HTTPRefusal(status: 403, body: "WebSocket origin not allowed\n"))
        }
        guard request.method == "GET", request.version == "HTTP/1.1" else {
            return .refuse(HTTPRefusal(status: 400, body: "WebSocket upgrade needs GET over HTTP/1.1\n"))
        }
        // A handshake is a GET without content: a body would be read as frames after the 101, and the upgrader would
        // wait for its end first (an announced body never sent held the connection unanswered past the idle timeout).
        guard !request.hasBody else {
            return .refuse(HTTPRefusal(status: 400, body: "WebSocket upgrade with a request body (a handshake has none)\n"))
        }
        guard request.connectionTokens.contains("upgrade") else {
            return .refuse(HTTPRefusal(status: 400, body: "WebSocket upgrade needs Connection: Upgrade\n"))
        }
        guard request.single("Sec-WebSocket-Version") == "13" else {
            return .refuse(HTTPRefusal(
                status: 426, body: "unsupported WebSocket version (13 only)\n", headers: [.init("Sec-WebSocket-Version", "13")]))
        }
        guard let key = request.single("Sec-WebSocket-Key"), isValidKey(key) else {
            return .refuse(HTTPRefusal(status: 400, body: "missing or invalid Sec-WebSocket-Key\n"))
        }
        return .pass
    }

    /// RFC 6455 section 4.1: the key is 16 bytes, base64-encoded (24 characters).
    static func isValidKey(_ key: String) -> Bool {
        key.utf8.count == 24 && Data(base64Encoded: key)?.count == 16
    }
}
