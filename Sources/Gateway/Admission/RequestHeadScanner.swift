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
    ///
    /// Any sequence of bytes: contiguous ones (`[UInt8]`, `ArraySlice`, NIO's `ByteBufferView`) are scanned in
    /// place by `consume(_: UnsafeRawBufferPointer)`, others are copied first.
    @inlinable
    public mutating func consume<Bytes: Sequence<UInt8>>(_ input: Bytes) -> Int? {
        if let used = input.withContiguousStorageIfAvailable({ consume(UnsafeRawBufferPointer($0)) }) { return used }
        return Array(input).withUnsafeBytes { consume($0) }
    }

    /// `consume` over raw bytes, the one implementation (not generic, so a caller in another module runs it
    /// specialised: the gateway's guard calls it with each read's bytes). Same answer as the generic entry.
    public mutating func consume(_ input: UnsafeRawBufferPointer) -> Int? {
        var state = position
        switch state {
        case .complete, .overLimit: return 0
        default: break
        }
        let count = input.count
        var index = 0
        if case .beforeRequest = state {
            while index < count, input[index] == 0x0D || input[index] == 0x0A { index += 1 }
            guard index < count else { return nil }
        }
        let start = index
        var lineLength = self.lineLength
        var lines = self.lines
        let held = bytes.count
        var end: Int?
        scan: while index < count {
            if case .inLine = state {
                // Inside a line only an LF changes the state: skip to it, as far as no limit can be exceeded
                // (each skipped byte adds one to the line and the head); the byte that would exceed one takes the
                // path below, so the fault and where the head ends are the same as byte by byte.
                let lineLimit = (lines <= 1 ? RequestHeadLimits.maxRequestLine : RequestHeadLimits.maxFieldLine) + 1
                let room = min(lineLimit - lineLength, RequestHeadLimits.maxHead - (held + index - start))
                let stop = min(count, index + max(0, room))
                var next = index
                while next < stop && input[next] != 0x0A { next += 1 }
                lineLength += next - index
                index = next
                if index == count { break scan }
            }
            let byte = input[index]
            index += 1
            switch state {
            case .beforeRequest:  // the request line's first byte (CR and LF were skipped above)
                lines = 1
                state = .inLine
            case .inLine:
                if byte == 0x0A { state = .lineStart }
            case .lineStart where byte == 0x0D:
                state = .lineStartCR
            case .lineStart where byte == 0x0A, .lineStartCR where byte == 0x0A:
                state = .complete
            case .lineStart, .lineStartCR:
                state = .inLine
                lines += 1
            case .complete, .overLimit:
                break
            }
            if byte == 0x0A { lineLength = 0 } else { lineLength += 1 }
            if case .complete = state {
                end = index
                break scan
            }
            if let fault = Self.overLimit(lines: lines, lineLength: lineLength, headBytes: held + index - start) {
                state = .overLimit(fault)
                end = index
                break scan
            }
        }
        // Typed, so the copy is one memcpy (a raw buffer is appended byte by byte).
        bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: input[start..<index]).assumingMemoryBound(to: UInt8.self))
        self.lineLength = lineLength
        self.lines = lines
        position = state
        return end
    }

    /// The limit the head has just exceeded, if any (a CR before the LF is not counted in a line's length).
    private static func overLimit(lines: Int, lineLength: Int, headBytes: Int) -> RequestHeadFault? {
        if lines <= 1 {
            if lineLength > RequestHeadLimits.maxRequestLine + 1 { return .requestLineTooLong }
        } else {
            if lines - 1 > RequestHeadLimits.maxFields { return .tooManyFields }
            if lineLength > RequestHeadLimits.maxFieldLine + 1 { return .fieldTooLong }
        }
        if headBytes > RequestHeadLimits.maxHead { return .headTooLarge }
        return nil
    }
}
