/// A complete HTTP/1.1 answer the gateway writes itself before closing the connection: a status, a short
/// plain-text body, `Connection: close` and any extra header fields.
public struct HTTPRefusal: Sendable, Equatable {
    public var status: Int
    public var body: String
    public var headers: [Header]

    public struct Header: Sendable, Equatable {
        public var name: String
        public var value: String
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    public init(status: Int, body: String, headers: [Header] = []) {
        self.status = status
        self.body = body
        self.headers = headers
    }

    /// The reason phrase of the status codes the gateway writes itself.
    public static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 400: return "Bad Request"
        case 403: return "Forbidden"
        case 408: return "Request Timeout"
        case 413: return "Content Too Large"
        case 414: return "URI Too Long"
        case 421: return "Misdirected Request"
        case 426: return "Upgrade Required"
        case 429: return "Too Many Requests"
        case 431: return "Request Header Fields Too Large"
        case 501: return "Not Implemented"
        case 503: return "Service Unavailable"
        default: return "Error"
        }
    }

    /// The bytes on the wire: status line, `Content-Type`, `Content-Length`, `Connection: close`, the extra
    /// headers, the body.
    public var bytes: [UInt8] {
        var text = "HTTP/1.1 \(status) \(Self.reasonPhrase(status))\r\n"
        text += "Content-Type: \(body.hasPrefix("{") ? "application/json" : "text/plain; charset=utf-8")\r\n"
        text += "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n"
        for header in headers { text += "\(header.name): \(header.value)\r\n" }
        return Array((text + "\r\n" + body).utf8)
    }
}
