/// `GET /__openclaw__/identity` on a fresh connection, bounded in time and bytes.
package enum IdentityRequest {
    /// Largest response (head and body) read.
    package static let maxBytes = 16384

    /// The request bytes for `host:port`.
    package static func request(host: String, port: UInt16) -> [UInt8] {
        let text = "GET \(GatewayIdentity.identityPath) HTTP/1.1\r\n"
            + "Host: \(WebSocketHandshake.hostHeader(host: host, port: port))\r\n"
            + "Accept: application/json\r\n"
            + "Connection: close\r\n"
            + "User-Agent: openclaw-netprobe/\(NetProbeVersion.string)\r\n"
            + "\r\n"
        return Array(text.utf8)
    }

    /// Reads a complete response from accumulated bytes: the identity of a `200` JSON body, or `nil` once
    /// the response is known to carry none. `.needMore` while undecided. Pure.
    package enum Reading: Equatable {
        case needMore
        case done(GatewayIdentity?)
    }

    package static func read(_ bytes: [UInt8], ended: Bool, maxBytes: Int) -> Reading {
        switch HTTPResponseHead.parse(bytes, maxHeadBytes: min(maxBytes, HTTPResponseHead.defaultMaxHeadBytes)) {
        case .needMore: return ended ? .done(nil) : .needMore
        case .invalid: return .done(nil)
        case .complete(let head, let consumed):
            guard head.status == 200 else { return .done(nil) }
            switch HTTPResponseBody.extract(
                head: head, bytes: Array(bytes[consumed...]), ended: ended, maxBody: maxBytes - consumed
            ) {
            case .needMore: return .needMore
            case .invalid: return .done(nil)
            case .complete(let body): return .done(GatewayIdentity.parseIdentityJSON(body))
            }
        }
    }
}
