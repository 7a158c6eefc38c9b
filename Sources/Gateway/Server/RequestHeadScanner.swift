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

    public init() {}

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
