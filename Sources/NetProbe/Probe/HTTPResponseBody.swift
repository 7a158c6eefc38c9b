/// Extracts an HTTP/1.1 response body from the bytes after the head: `Content-Length`, `chunked`, or
/// read-until-close. Pure and bounded; used by the identity request.
public enum HTTPResponseBody {
    public enum Result: Sendable, Equatable {
        case needMore
        case complete([UInt8])
        case invalid(String)
    }

    /// The body in `bytes` (everything received after the head), given whether the peer has closed.
    public static func extract(head: HTTPResponseHead, bytes: [UInt8], ended: Bool, maxBody: Int) -> Result {
        if head.hasToken("chunked", in: "Transfer-Encoding") {
            return dechunk(bytes, ended: ended, maxBody: maxBody)
        }
        if let text = head.value(for: "Content-Length") {
            guard let length = Int(text), length >= 0 else { return .invalid("bad Content-Length \"\(text)\"") }
            guard length <= maxBody else { return .invalid("body of \(length) bytes exceeds \(maxBody)") }
            if bytes.count >= length { return .complete(Array(bytes.prefix(length))) }
            return ended ? .invalid("connection closed after \(bytes.count) of \(length) body bytes") : .needMore
        }
        if bytes.count > maxBody { return .invalid("body exceeds \(maxBody) bytes") }
        return ended ? .complete(bytes) : .needMore
    }

    /// Decodes `Transfer-Encoding: chunked` (RFC 9112 section 7.1); trailers are not needed and not awaited.
    static func dechunk(_ bytes: [UInt8], ended: Bool, maxBody: Int) -> Result {
        var body: [UInt8] = []
        var index = 0
        let incomplete: Result = ended ? .invalid("connection closed inside a chunked body") : .needMore
        while true {
            guard let lineEnd = bytes[index...].firstIndex(of: 0x0A) else {
                return bytes.count - index > 1024 ? .invalid("chunk size line too long") : incomplete
            }
            var line = bytes[index..<lineEnd]
            if line.last == 0x0D { line = line.dropLast() }
            let sizeText = String(decoding: line.prefix { $0 != UInt8(ascii: ";") }, as: UTF8.self).trimmingSpacesAndTabs()
            guard !sizeText.isEmpty, sizeText.count <= 8, let size = Int(sizeText, radix: 16), size >= 0 else {
                return .invalid("bad chunk size \"\(BytePreview.escaped(line, limit: 16))\"")
            }
            if size == 0 { return .complete(body) }
            guard body.count + size <= maxBody else { return .invalid("body exceeds \(maxBody) bytes") }
            let dataStart = lineEnd + 1
            guard bytes.count >= dataStart + size + 2 else { return incomplete }
            body.append(contentsOf: bytes[dataStart..<(dataStart + size)])
            var next = dataStart + size
            if bytes[next] == 0x0D { next += 1 }
            guard bytes[next] == 0x0A else { return .invalid("chunk data not followed by CRLF") }
            index = next + 1
        }
    }
}
