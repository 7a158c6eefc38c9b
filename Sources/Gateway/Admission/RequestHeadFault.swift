/// Why a request head is refused before any route sees it, with the HTTP status that answers it.
///
/// Statuses: 400 for a malformed or ambiguous head (RFC 9112 sections 2.2, 3, 5, 6.3), 414 for a request line over
/// the limit, 431 for too many or too large header fields (RFC 6585), 413 for a declared body over the limit,
/// 501 for a method or transfer coding the gateway does not implement.
public enum RequestHeadFault: Error, Sendable, Equatable {
    /// The first line is not `METHOD SP TARGET SP HTTP/1.x`.
    case notHTTP
    /// The request line is longer than `RequestHeadLimits.maxRequestLine`.
    case requestLineTooLong
    /// A line ends with LF alone (RFC 9112 section 2.2 allows a server to refuse it; a proxy may read it otherwise).
    case bareLineFeed
    /// A CR that is not followed by LF, anywhere in the head.
    case bareCarriageReturn
    /// The method is not an upper-case token (`get`).
    case invalidMethod
    /// An upper-case method the gateway does not implement (`BREW`).
    case unknownMethod
    /// The request target has a byte outside visible ASCII (a space, a control byte, a byte over 0x7E).
    case invalidTarget
    /// A header line starts with a space or tab (obs-fold, RFC 9112 section 5.2).
    case obsFold
    /// A header line without a colon, or a name that is not a token (a space before the colon).
    case invalidFieldName
    /// NUL or another control byte in a header value.
    case invalidFieldValue
    /// One header line is longer than `RequestHeadLimits.maxFieldLine`.
    case fieldTooLong
    /// More header fields than `RequestHeadLimits.maxFields`.
    case tooManyFields
    /// The whole head is larger than `RequestHeadLimits.maxHead`.
    case headTooLarge
    /// `Content-Length` appears more than once.
    case duplicateContentLength
    /// `Content-Length` is not a plain decimal number (negative, a list, empty) or too large to be one.
    case invalidContentLength
    /// Both `Content-Length` and `Transfer-Encoding` (the request smuggling pattern, RFC 9112 section 6.3).
    case contentLengthWithTransferEncoding
    /// `Transfer-Encoding` other than a single `chunked`, or on HTTP/1.0.
    case unsupportedTransferEncoding
    /// A declared body over `RequestHeadLimits.maxBody` (no route reads a body).
    case bodyTooLarge
    /// HTTP/1.1 without `Host`, or `Host` more than once (RFC 9112 section 3.2).
    case missingOrDuplicateHost

    /// The HTTP status code that answers this fault.
    public var status: Int {
        switch self {
        case .requestLineTooLong: return 414
        case .fieldTooLong, .tooManyFields, .headTooLarge: return 431
        case .bodyTooLarge: return 413
        case .unknownMethod, .unsupportedTransferEncoding: return 501
        default: return 400
        }
    }

    /// A short, plain-text explanation for the response body.
    public var reason: String {
        switch self {
        case .notHTTP: return "not an HTTP/1 request line"
        case .requestLineTooLong: return "request line too long"
        case .bareLineFeed: return "line ends with LF without CR"
        case .bareCarriageReturn: return "CR without LF in the request head"
        case .invalidMethod: return "method is not an upper-case token"
        case .unknownMethod: return "method not implemented"
        case .invalidTarget: return "request target has a byte outside visible ASCII"
        case .obsFold: return "folded header line (obs-fold)"
        case .invalidFieldName: return "malformed header field name"
        case .invalidFieldValue: return "control byte in a header field value"
        case .fieldTooLong: return "header field too long"
        case .tooManyFields: return "too many header fields"
        case .headTooLarge: return "request head too large"
        case .duplicateContentLength: return "Content-Length given more than once"
        case .invalidContentLength: return "Content-Length is not a decimal number"
        case .contentLengthWithTransferEncoding: return "both Content-Length and Transfer-Encoding"
        case .unsupportedTransferEncoding: return "unsupported Transfer-Encoding"
        case .bodyTooLarge: return "request body too large"
        case .missingOrDuplicateHost: return "HTTP/1.1 needs exactly one Host header"
        }
    }
}

/// The bounds on a request head (documented in docs/gateway-startup.md, "Request heads").
public enum RequestHeadLimits {
    /// The longest request line (method, target, version), without CRLF: 8 KiB.
    public static let maxRequestLine = 8192
    /// The longest header field line, without CRLF: 8 KiB.
    public static let maxFieldLine = 8192
    /// The most header fields: 100.
    public static let maxFields = 100
    /// The largest head, request line and CRLFs included: 32 KiB.
    public static let maxHead = 32 * 1024
    /// The largest declared `Content-Length`: 1 MiB (no route reads a body).
    public static let maxBody = 1 << 20
    /// The methods the server implements (anything else upper-case gets 501).
    public static let methods: Set<String> = ["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"]
}
