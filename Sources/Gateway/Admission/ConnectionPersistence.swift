/// Whether a connection stays open after a request's response: the one judgement the connection guard and the HTTP
/// handler both read. Pure.
///
/// - RFC 9112 section 9.3: HTTP/1.1 persists unless `Connection` has `close`; HTTP/1.0 only with `keep-alive` (and no
///   `close`).
/// - A request with a body (`Content-Length` other than 0, or any `Transfer-Encoding`) never persists: no route reads
///   a body, so it is answered as soon as its head is in, and the rest of the body is discarded for a bounded time
///   before the connection closes (RFC 9112 section 9.6) instead of being read for as long as the client trickles it.
public enum ConnectionPersistence {
    /// The tokens of `Connection` field values (RFC 9110 section 7.6.1): comma-separated, without surrounding spaces
    /// and tabs, ASCII lower case, empty elements left out.
    public static func tokens(_ connectionValues: [String]) -> [String] {
        let isBlank = { (c: Character) in c == " " || c == "\t" }
        return connectionValues.flatMap { value in
            value.split(separator: ",").compactMap { element -> String? in
                guard let first = element.firstIndex(where: { !isBlank($0) }), let last = element.lastIndex(where: { !isBlank($0) }) else {
                    return nil
                }
                return RequestHead.Field.asciiLowercased(String(element[first...last]))
            }
        }
    }

    /// Whether the request announces a body: a `Content-Length` other than `0`, or a `Transfer-Encoding`.
    public static func hasBody(contentLength: [String], transferEncoding: [String]) -> Bool {
        contentLength.contains { $0 != "0" } || !transferEncoding.isEmpty
    }

    /// Whether the connection stays open after the response (`version` is `HTTP/1.1` or `HTTP/1.0`).
    public static func keepsAlive(version: String, connection: [String], contentLength: [String], transferEncoding: [String]) -> Bool {
        if hasBody(contentLength: contentLength, transferEncoding: transferEncoding) { return false }
        let tokens = tokens(connection)
        if tokens.contains("close") { return false }
        return version == "HTTP/1.1" || tokens.contains("keep-alive")
    }
}
