/// Finds the end of an HTTP/1 request head (the empty line after the header fields) in bytes that arrive in
/// pieces, keeps the head's bytes (bounded by `RequestHeadLimits`) and judges it. Pure; any split of the input gives
/// the same answer.
///
/// Empty lines before the request line are skipped (RFC 9112 section 2.2), so a client cannot end the "head" with
/// a bare CRLF. The empty line is CRLF CRLF, or LF LF as lenient parsers accept it (then `result` says
/// `bareLineFeed`: the end is found so the head can be answered, never passed on). A head that outgrows a limit
/// (request line, one field line, the number of fields, the whole head) ends at once with that fault, without
/// waiting for the rest.
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
        /// A limit was exceeded before the head ended.
        case overLimit(RequestHeadFault)
    }

    private var position: Position = .beforeRequest
    /// The head's bytes from the request line on.
    private var bytes: [UInt8] = []
    /// Bytes of the current line so far (LF excluded).
    private var lineLength = 0
    /// Lines started so far (the request line is the first).
    private var lines = 0

    /// The longest request line accepted (the method, the target and the version).
    public static let maxRequestLine = RequestHeadLimits.maxRequestLine

    public init() {}

    /// Whether the empty line that ends the head has been seen.
    public var isComplete: Bool { position == .complete }

    /// The judgement once the head ended (complete, or cut off by a limit); nil while it is still arriving.
    public var result: Result<RequestHead, RequestHeadFault>? {
        switch position {
        case .complete: return RequestHeadParser.parse(bytes)
        case .overLimit(let fault): return .failure(fault)
        default: return nil
        }
    }

    /// Whether the head's first line is an HTTP/1 request line and the whole head passes `RequestHeadParser`.
    public var requestLineIsValid: Bool {
        if case .success = result { return true }
        return false
    }

    /// Feeds the next bytes; returns the number of bytes of this chunk that belong to the head (the rest is body or
    /// the next protocol) once the head ends in it (complete, or over a limit), nil while it is still incomplete.
    /// After the end every call returns 0.
    public mutating func consume<Bytes: Sequence<UInt8>>(_ input: Bytes) -> Int? {
        switch position {
        case .complete, .overLimit: return 0
        default: break
        }
        var index = 0
        for byte in input {
            index += 1
            if position == .beforeRequest && (byte == 0x0D || byte == 0x0A) { continue }
            if position == .beforeRequest { lines = 1 }
            bytes.append(byte)
            switch (position, byte) {
            case (.inLine, 0x0A), (.beforeRequest, 0x0A): position = .lineStart
            case (.beforeRequest, _): position = .inLine
            case (.inLine, _): break
            case (.lineStart, 0x0D): position = .lineStartCR
            case (.lineStart, 0x0A), (.lineStartCR, 0x0A): position = .complete
            case (.lineStart, _), (.lineStartCR, _):
                position = .inLine
                lines += 1
            case (.complete, _), (.overLimit, _): break
            }
            if byte == 0x0A { lineLength = 0 } else { lineLength += 1 }
            if position == .complete { return index }
            if let fault = overLimit() {
                position = .overLimit(fault)
                return index
            }
        }
        return nil
    }

    /// The limit the head has just exceeded, if any (a CR before the LF is not counted in a line's length).
    private func overLimit() -> RequestHeadFault? {
        if lines <= 1 {
            if lineLength > RequestHeadLimits.maxRequestLine + 1 { return .requestLineTooLong }
        } else {
            if lines - 1 > RequestHeadLimits.maxFields { return .tooManyFields }
            if lineLength > RequestHeadLimits.maxFieldLine + 1 { return .fieldTooLong }
        }
        if bytes.count > RequestHeadLimits.maxHead { return .headTooLarge }
        return nil
    }
}
