/// Finds the end of an HTTP/1 request head (the empty line after the header fields) in bytes that arrive in
/// pieces. Pure; one byte of state per line position, so any split of the input gives the same answer.
///
/// Empty lines before the request line are skipped (RFC 9112 section 2.2), so a client cannot end the "head" with
/// a bare CRLF. The empty line is CRLF CRLF, or LF LF as lenient parsers accept it.
public struct RequestHeadScanner: Sendable, Equatable {
    private enum Position: Sendable, Equatable {
        /// Before the request line: CR and LF are ignored.
        case beforeRequest
        /// Inside a line.
        case inLine
        /// Just after a line's LF.
        case lineStart
        /// A CR at the start of a line.
        case lineStartCR
        /// The empty line was seen.
        case complete
    }

    private var position: Position = .beforeRequest
    /// The request line's bytes (without CR/LF), kept up to `maxRequestLine` bytes.
    private var requestLine: [UInt8] = []
    private var requestLineEnded = false
    private var requestLineTooLong = false

    /// The longest request line accepted (the method, the target and the version).
    public static let maxRequestLine = 8192

    public init() {}

    /// Whether the head's first line is an HTTP/1 request line: `METHOD SP TARGET SP HTTP/1.0|1.1`, the method a
    /// token of letters, digits or `-`, the target without spaces or control bytes. Meaningful once complete: a
    /// head that ends with something else (`HELLO WORLD`) is not a request a server can ever answer.
    public var requestLineIsValid: Bool {
        guard requestLineEnded, !requestLineTooLong else { return false }
        let parts = requestLine.split(separator: 0x20, omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty else { return false }
        let isTokenByte = { (b: UInt8) in (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) || (0x30...0x39).contains(b) || b == 0x2D }
        guard parts[0].allSatisfy(isTokenByte), parts[1].allSatisfy({ $0 > 0x20 && $0 != 0x7F }) else { return false }
        return Array(parts[2]) == Array("HTTP/1.1".utf8) || Array(parts[2]) == Array("HTTP/1.0".utf8)
    }

    /// Whether the empty line that ends the head has been seen.
    public var isComplete: Bool { position == .complete }

    /// Feeds the next bytes; returns the number of bytes of this chunk that belong to the head (the rest is body or
    /// the next protocol) once the head completes in it, nil while it is still incomplete. After completion every
    /// call returns 0.
    public mutating func consume<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> Int? {
        if position == .complete { return 0 }
        var index = 0
        for byte in bytes {
            index += 1
            if !requestLineEnded && position != .beforeRequest || (position == .beforeRequest && byte != 0x0D && byte != 0x0A) {
                if byte == 0x0A {
                    requestLineEnded = true
                } else if byte != 0x0D {
                    if requestLine.count < Self.maxRequestLine { requestLine.append(byte) } else { requestLineTooLong = true }
                }
            }
            switch (position, byte) {
            case (.beforeRequest, 0x0D), (.beforeRequest, 0x0A): break
            case (.beforeRequest, _): position = .inLine
            case (.inLine, 0x0A): position = .lineStart
            case (.inLine, _): break
            case (.lineStart, 0x0D): position = .lineStartCR
            case (.lineStart, 0x0A), (.lineStartCR, 0x0A): position = .complete
            case (.lineStart, _), (.lineStartCR, _): position = .inLine
            case (.complete, _): break
            }
            if position == .complete { return index }
        }
        return nil
    }
}
