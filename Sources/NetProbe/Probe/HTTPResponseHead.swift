/// The head of an HTTP/1.x response: status line and header fields.
public struct HTTPResponseHead: Sendable, Equatable {
    /// One header field as received (name case preserved, value trimmed of surrounding spaces and tabs).
    public struct Field: Sendable, Equatable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// `HTTP/1.1` or `HTTP/1.0` (any `HTTP/<digit>.<digit>` is accepted).
    public var version: String
    /// The three-digit status code (100-999).
    public var status: Int
    /// Reason phrase, possibly empty.
    public var reason: String
    /// Header fields in the order received.
    public var fields: [Field]

    public init(version: String, status: Int, reason: String, fields: [Field]) {
        self.version = version
        self.status = status
        self.reason = reason
        self.fields = fields
    }

    /// The first value of the header `name` (case-insensitive), or `nil`.
    public func value(for name: String) -> String? {
        let wanted = name.lowercased()
        return fields.first { $0.name.lowercased() == wanted }?.value
    }

    /// Whether header `name` lists `token` among its comma-separated values (case-insensitive),
    /// as `Connection: keep-alive, Upgrade` lists `upgrade`.
    public func hasToken(_ token: String, in name: String) -> Bool {
        let wanted = name.lowercased()
        let needle = token.lowercased()
        return fields.contains { field in
            field.name.lowercased() == wanted
                && field.value.split(separator: ",").contains {
                    $0.trimmingSpacesAndTabs().lowercased() == needle
                }
        }
    }
}

/// Why bytes are not an HTTP response head.
public enum HTTPHeadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The bytes do not start with `HTTP/`.
    case notHTTP
    /// The status line is not `HTTP/d.d SSS reason`.
    case badStatusLine
    /// A header line (1-based line number within the head) is not `name: value`.
    case badHeaderLine(line: Int)
    /// No blank line within `limit` bytes.
    case headTooLarge(limit: Int)

    public var description: String {
        switch self {
        case .notHTTP: return "response does not start with HTTP/"
        case .badStatusLine: return "malformed HTTP status line"
        case .badHeaderLine(let line): return "malformed HTTP header at line \(line)"
        case .headTooLarge(let limit): return "HTTP head longer than \(limit) bytes"
        }
    }
}

extension HTTPResponseHead {
    /// Default bound on the head's size in bytes.
    public static let defaultMaxHeadBytes = 16 * 1024

    /// Result of feeding the bytes received so far to `parse`.
    public enum ParseResult: Sendable, Equatable {
        /// More bytes are needed; nothing is wrong yet.
        case needMore
        /// A complete head; `consumed` bytes (up to and including the blank line) belong to it.
        case complete(HTTPResponseHead, consumed: Int)
        /// Not an HTTP response head.
        case invalid(HTTPHeadError)
    }

    /// Parses the head at the start of `bytes`, which hold everything received so far.
    ///
    /// Incremental by re-parsing: call again with the longer buffer after `.needMore`. Rejects a non-HTTP
    /// peer as soon as its first bytes differ from `HTTP/`. Lines end in CRLF (a bare LF is tolerated);
    /// folded header lines (obsolete) are rejected. Never reads past `maxHeadBytes`.
    public static func parse(_ bytes: some Collection<UInt8>, maxHeadBytes: Int = defaultMaxHeadBytes) -> ParseResult {
        let prefix: [UInt8] = Array("HTTP/".utf8)
        var lines: [[UInt8]] = []
        var current: [UInt8] = []
        var consumed = 0
        var terminated = false
        for byte in bytes {
            if consumed < prefix.count && byte != prefix[consumed] { return .invalid(.notHTTP) }
            consumed += 1
            if consumed > maxHeadBytes { return .invalid(.headTooLarge(limit: maxHeadBytes)) }
            if byte == 0x0A {
                if current.last == 0x0D { current.removeLast() }
                if current.isEmpty && !lines.isEmpty {
                    terminated = true
                    break
                }
                lines.append(current)
                current.removeAll(keepingCapacity: true)
            } else {
                current.append(byte)
            }
        }
        guard terminated, let statusLine = lines.first else { return .needMore }
        guard let (version, status, reason) = parseStatusLine(statusLine) else { return .invalid(.badStatusLine) }
        var fields: [Field] = []
        for (index, line) in lines.dropFirst().enumerated() {
            guard let field = parseField(line) else { return .invalid(.badHeaderLine(line: index + 2)) }
            fields.append(field)
        }
        return .complete(HTTPResponseHead(version: version, status: status, reason: reason, fields: fields), consumed: consumed)
    }

    private static func parseStatusLine(_ line: [UInt8]) -> (String, Int, String)? {
        // "HTTP/" d "." d SP ddd [SP reason]; a status code is 100-999 (RFC 9110 section 15: no code starts with 0).
        guard line.count >= 12,
              isDigit(line[5]), line[6] == UInt8(ascii: "."), isDigit(line[7]), line[8] == UInt8(ascii: " "),
              isDigit(line[9]), line[9] != UInt8(ascii: "0"), isDigit(line[10]), isDigit(line[11])
        else { return nil }
        if line.count > 12 && line[12] != UInt8(ascii: " ") { return nil }
        let version = String(decoding: line[0..<8], as: UTF8.self)
        let status = Int(line[9] - 48) * 100 + Int(line[10] - 48) * 10 + Int(line[11] - 48)
        let reasonBytes = line.count > 13 ? Array(line[13...]) : []
        guard !reasonBytes.contains(where: isControl) else { return nil }
        return (version, status, String(decoding: reasonBytes, as: UTF8.self))
    }

    private static func parseField(_ line: [UInt8]) -> Field? {
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > 0 else { return nil }
        let name = line[..<colon]
        guard name.allSatisfy(isTokenByte) else { return nil }
        let value = line[(colon + 1)...]
        guard !value.contains(where: isControl) else { return nil }
        return Field(
            name: String(decoding: name, as: UTF8.self),
            value: String(decoding: value, as: UTF8.self).trimmingSpacesAndTabs()
        )
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// Control characters other than horizontal tab.
    private static func isControl(_ byte: UInt8) -> Bool { (byte < 0x20 && byte != 0x09) || byte == 0x7F }

    /// RFC 9110 `tchar`.
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    func trimmingSpacesAndTabs() -> String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isBlank($0) }), let last = lastIndex(where: { !isBlank($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
