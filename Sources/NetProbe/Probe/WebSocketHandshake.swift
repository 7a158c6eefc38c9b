import Foundation

/// The client side of the WebSocket opening handshake (RFC 6455 section 4): the key, the upgrade
/// request, and the check of the server's `101 Switching Protocols` answer.
public struct WebSocketHandshake: Sendable, Equatable {
    /// The GUID appended to the key before hashing (RFC 6455 section 1.3).
    public static let guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

    /// `Sec-WebSocket-Key`: base64 of 16 random bytes.
    public let key: String

    /// A handshake with the given key (tests use the RFC's sample nonce).
    public init(key: String) {
        self.key = key
    }

    /// A handshake with a fresh random 16-byte key.
    public init() {
        var generator = SystemRandomNumberGenerator()
        self.init(randomBytesFrom: &generator)
    }

    /// A handshake whose 16 key bytes come from `generator`.
    public init(randomBytesFrom generator: inout some RandomNumberGenerator) {
        let bytes = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        self.key = Data(bytes).base64EncodedString()
    }

    /// `base64(SHA1(key + GUID))`, the `Sec-WebSocket-Accept` value a server must answer for `key`.
    public static func acceptValue(forKey key: String) -> String {
        Data(SHA1.digest(Array((key + guid).utf8))).base64EncodedString()
    }

    /// The accept value expected for this handshake's key.
    public var expectedAccept: String { Self.acceptValue(forKey: key) }

    /// The upgrade request: `GET path HTTP/1.1` with Host, Upgrade, Connection, Sec-WebSocket-Key and
    /// Sec-WebSocket-Version 13. `host` is a numeric address; IPv6 is bracketed in the Host header.
    public func request(host: String, port: UInt16, path: String = "/") -> [UInt8] {
        let text = "GET \(path) HTTP/1.1\r\n"
            + "Host: \(Self.hostHeader(host: host, port: port))\r\n"
            + "Upgrade: websocket\r\n"
            + "Connection: Upgrade\r\n"
            + "Sec-WebSocket-Key: \(key)\r\n"
            + "Sec-WebSocket-Version: 13\r\n"
            + "User-Agent: openclaw-netprobe/\(NetProbeVersion.string)\r\n"
            + "\r\n"
        return Array(text.utf8)
    }

    /// `host:port`, with an IPv6 literal in brackets.
    public static func hostHeader(host: String, port: UInt16) -> String {
        HostPort.text(host, port)
    }

    /// How a response head answers the upgrade request.
    public enum Answer: Sendable, Equatable {
        /// `101`, `Upgrade: websocket`, `Connection: Upgrade` and the right `Sec-WebSocket-Accept`.
        case accepted
        /// Any status other than 101.
        case notSwitching(status: Int)
        /// 101 without the upgrade headers, or with a wrong or missing accept value.
        case badUpgrade(reason: String)
    }

    /// Checks `head` against this handshake (RFC 6455 section 4.1, client requirements 1-4).
    public func check(_ head: HTTPResponseHead) -> Answer {
        guard head.status == 101 else { return .notSwitching(status: head.status) }
        guard head.hasToken("websocket", in: "Upgrade") else { return .badUpgrade(reason: "101 without Upgrade: websocket") }
        guard head.hasToken("upgrade", in: "Connection") else { return .badUpgrade(reason: "101 without Connection: Upgrade") }
        guard let accept = head.value(for: "Sec-WebSocket-Accept") else {
            return .badUpgrade(reason: "101 without Sec-WebSocket-Accept")
        }
        guard accept == expectedAccept else { return .badUpgrade(reason: "101 with a wrong Sec-WebSocket-Accept") }
        return .accepted
    }
}
