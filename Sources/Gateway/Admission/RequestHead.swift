/// A request head that passed `RequestHeadParser`: the request line and the header fields, in order.
public struct RequestHead: Sendable, Equatable {
    public struct Field: Sendable, Equatable {
        /// The name as sent.
        public var name: String
        /// The value without leading and trailing spaces or tabs.
        public var value: String
        /// The name in ASCII lower case (field names are tokens), for case-insensitive lookups without a copy each.
        var key: String

        init(name: String, value: String) {
            self.name = name
            self.value = value
            key = Self.asciiLowercased(name)
        }

        /// A field from its name's bytes (a token: ASCII) and its value: name and key made in one pass each, without
        /// an intermediate array (the parser's path for every field of every head).
        init(nameBytes: ArraySlice<UInt8>, value: String) {
            name = String(decoding: nameBytes, as: UTF8.self)
            self.value = value
            key = nameBytes.contains(where: Self.isUpper) ? Self.lowercasedText(nameBytes) : name
        }

        static func asciiLowercased(_ text: String) -> String {
            guard text.utf8.contains(where: isUpper) else { return text }
            return lowercasedText(text.utf8)
        }

        /// Whether `key` (lower case already) is `name` in any ASCII case; no copy of either.
        static func key(_ key: String, matches name: String) -> Bool {
            let keyBytes = key.utf8, nameBytes = name.utf8
            guard keyBytes.count == nameBytes.count else { return false }
            // In place (native strings are contiguous); the iterators' path only for a bridged string.
            let compared = keyBytes.withContiguousStorageIfAvailable { k in
                nameBytes.withContiguousStorageIfAvailable { n in
                    for i in 0..<k.count where k[i] != (isUpper(n[i]) ? n[i] | 0x20 : n[i]) { return false }
                    return true
                }
            }
            if let compared = compared ?? nil { return compared }
            return zip(keyBytes, nameBytes).allSatisfy { k, n in k == (isUpper(n) ? n | 0x20 : n) }
        }

        private static func isUpper(_ byte: UInt8) -> Bool { byte &- 0x41 < 26 }

        private static func lowercasedText<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> String {
            String(unsafeUninitializedCapacity: bytes.count) { buffer in
                var count = 0
                for byte in bytes {
                    buffer[count] = isUpper(byte) ? byte | 0x20 : byte
                    count += 1
                }
                return count
            }
        }
    }

    public var method: String
    /// The request target as sent (`/healthz`, `/__openclaw__/identity?x=1`, `*`).
    public var target: String
    /// `HTTP/1.1` or `HTTP/1.0`.
    public var version: String
    public var fields: [Field]

    /// Every value of the field `name` (case-insensitive), in order.
    public func values(_ name: String) -> [String] {
        var found: [String] = []
        for field in fields where Field.key(field.key, matches: name) { found.append(field.value) }
        return found
    }

    /// The single value of `name`, or nil when it is absent or appears more than once.
    public func single(_ name: String) -> String? {
        var found: String?
        for field in fields where Field.key(field.key, matches: name) {
            if found != nil { return nil }
            found = field.value
        }
        return found
    }

    /// The target's path: everything before `?` or `#`.
    public var path: String {
        String(target.prefix { $0 != "?" && $0 != "#" })
    }

    /// True when `Upgrade` names `websocket` (case-insensitive; a comma-separated list is searched, each element
    /// without surrounding spaces and tabs).
    public var asksForWebSocket: Bool {
        fields.contains { field in
            field.key == "upgrade" && field.value.utf8.split(separator: UInt8(ascii: ",")).contains(where: Self.isWebSocketToken)
        }
    }

    /// The tokens of every `Connection` field (`ConnectionPersistence.tokens`): `Connection: keep-alive, Upgrade` ->
    /// `["keep-alive", "upgrade"]`.
    public var connectionTokens: [String] { ConnectionPersistence.tokens(values("Connection")) }

    /// Whether the request announces a body (`ConnectionPersistence.hasBody`).
    public var hasBody: Bool {
        ConnectionPersistence.hasBody(contentLength: values("Content-Length"), transferEncoding: values("Transfer-Encoding"))
    }

    /// Whether the connection stays open after this request's response (`ConnectionPersistence.keepsAlive`: RFC 9112
    /// section 9.3, and never after a request with a body).
    public var isKeepAlive: Bool {
        ConnectionPersistence.keepsAlive(
            version: version, connection: values("Connection"), contentLength: values("Content-Length"),
            transferEncoding: values("Transfer-Encoding"))
    }

    /// True when the head has an `Upgrade` field that does not ask for `websocket` (`h2c`, `foo`, `websocket` followed
    /// by a no-break space): such an upgrade is ignored and the request served as it is (RFC 9110 section 7.8).
    public var hasIgnoredUpgrade: Bool {
        !asksForWebSocket && fields.contains { $0.key == "upgrade" }
    }

    /// `head` (the exact bytes of a head that passed `RequestHeadParser`: CRLF lines, no obs-fold, any empty lines
    /// before the request line included) without its field lines named `name` (case-insensitive); every other byte is
    /// kept as sent.
    public static func removingFields(named name: String, from head: [UInt8]) -> [UInt8] {
        let unwanted = Array(Field.asciiLowercased(name).utf8) + [UInt8(ascii: ":")]
        var out: [UInt8] = []
        out.reserveCapacity(head.count)
        var lineStart = 0
        var isRequestLine = true
        for (i, byte) in head.enumerated() where byte == 0x0A {
            let line = head[lineStart...i]
            let isUnwanted = !isRequestLine && line.count > unwanted.count
                && zip(line, unwanted).allSatisfy { byte, wanted in ((0x41...0x5A).contains(byte) ? byte | 0x20 : byte) == wanted }
            if !isUnwanted { out += line }
            // Empty lines before the request line (RFC 9112 section 2.2) are not the request line.
            if line.contains(where: { $0 != 0x0D && $0 != 0x0A }) { isRequestLine = false }
            lineStart = i + 1
        }
        out += head[lineStart...]
        return out
    }

    private static let webSocketToken = Array("websocket".utf8)

    /// `websocket` in any case, with spaces and tabs around it.
    private static func isWebSocketToken(_ element: Substring.UTF8View.SubSequence) -> Bool {
        let isBlank = { (byte: UInt8) in byte == 0x20 || byte == 0x09 }
        guard let first = element.firstIndex(where: { !isBlank($0) }), let last = element.lastIndex(where: { !isBlank($0) }) else {
            return false
        }
        let token = element[first...last]
        return token.count == webSocketToken.count
            && zip(token, webSocketToken).allSatisfy { byte, expected in ((0x41...0x5A).contains(byte) ? byte | 0x20 : byte) == expected }
    }
}

/// Parses a complete request head (the bytes from the request line to the empty line, both included) strictly:
/// CRLF line ends, token method and field names, a visible-ASCII target, no obs-fold, no control bytes in values,
/// one `Content-Length` of plain digits, never together with `Transfer-Encoding`, exactly one `Host` on HTTP/1.1.
/// Pure; the first fault found is returned.
public enum RequestHeadParser {
    public static func parse(_ bytes: [UInt8]) -> Result<RequestHead, RequestHeadFault> {
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        for (i, byte) in bytes.enumerated() where byte == 0x0A {
            lines.append(bytes[start..<i])
            start = i + 1
        }
        guard let requestLine = lines.first else { return .failure(.notHTTP) }
        // Request line first: a head that is not HTTP is named as such whatever its line ends.
        let line0 = requestLine.last == 0x0D ? requestLine.dropLast() : requestLine
        if line0.count > RequestHeadLimits.maxRequestLine { return .failure(.requestLineTooLong) }
        let parts = line0.split(separator: 0x20, omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty,
              parts[0].allSatisfy(isTokenByte) else { return .failure(.notHTTP) }
        let version = String(decoding: parts[2], as: UTF8.self)
        guard version == "HTTP/1.1" || version == "HTTP/1.0" else { return .failure(.notHTTP) }
        for line in lines {
            guard line.last == 0x0D else { return .failure(.bareLineFeed) }
            if line.dropLast().contains(0x0D) { return .failure(.bareCarriageReturn) }
        }
        let method = String(decoding: parts[0], as: UTF8.self)
        guard parts[0].allSatisfy({ (0x41...0x5A).contains($0) }) else { return .failure(.invalidMethod) }
        guard RequestHeadLimits.methods.contains(method) else { return .failure(.unknownMethod) }
        guard parts[1].allSatisfy({ (0x21...0x7E).contains($0) }) else { return .failure(.invalidTarget) }

        // Header fields: every line after the request line except the final empty one.
        let fieldLines = lines.dropFirst().dropLast()
        if fieldLines.count > RequestHeadLimits.maxFields { return .failure(.tooManyFields) }
        var fields: [RequestHead.Field] = []
        for raw in fieldLines {
            let line = raw.dropLast()
            if line.count > RequestHeadLimits.maxFieldLine { return .failure(.fieldTooLong) }
            guard let first = line.first else { return .failure(.invalidFieldName) }
            if first == 0x20 || first == 0x09 { return .failure(.obsFold) }
            guard let colon = line.firstIndex(of: 0x3A) else { return .failure(.invalidFieldName) }
            let name = line[line.startIndex..<colon]
            guard !name.isEmpty, name.allSatisfy(isTokenByte) else { return .failure(.invalidFieldName) }
            let value = line[(colon + 1)...]
            guard value.allSatisfy({ $0 == 0x09 || (0x20...0x7E).contains($0) || $0 >= 0x80 }) else {
                return .failure(.invalidFieldValue)
            }
            // Without leading and trailing spaces and tabs (ASCII bytes: trimming before decoding gives the same text).
            let isBlank = { (byte: UInt8) in byte == 0x20 || byte == 0x09 }
            let trimmed = value.firstIndex(where: { !isBlank($0) }).map { first in
                value[first...(value.lastIndex(where: { !isBlank($0) }) ?? first)]
            } ?? []
            fields.append(.init(nameBytes: name, value: String(decoding: trimmed, as: UTF8.self)))
        }
        let head = RequestHead(method: method, target: String(decoding: parts[1], as: UTF8.self), version: version, fields: fields)

        // Framing: one unambiguous body length.
        let lengths = head.values("Content-Length")
        let codings = head.values("Transfer-Encoding")
        if lengths.count > 1 { return .failure(.duplicateContentLength) }
        if let length = lengths.first {
            guard !length.isEmpty, length.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return .failure(.invalidContentLength) }
            guard length.utf8.count <= 15, let value = Int(length) else { return .failure(.invalidContentLength) }
            if !codings.isEmpty { return .failure(.contentLengthWithTransferEncoding) }
            if value > RequestHeadLimits.maxBody { return .failure(.bodyTooLarge) }
        }
        if !codings.isEmpty {
            guard version == "HTTP/1.1", codings.count == 1, codings[0].lowercased() == "chunked" else {
                return .failure(.unsupportedTransferEncoding)
            }
        }
        let hosts = head.values("Host").count
        if hosts > 1 || (version == "HTTP/1.1" && hosts == 0) { return .failure(.missingOrDuplicateHost) }
        return .success(head)
    }

    /// RFC 9110 `tchar`.
    static func isTokenByte(_ b: UInt8) -> Bool {
        switch b {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"), UInt8(ascii: "'"),
             UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "^"), UInt8(ascii: "_"),
             UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            return true
        default: return false
        }
    }
}
