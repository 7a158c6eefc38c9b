/// A JSON document read for configuration (`<state>/openclaw.json`): strict JSON (RFC 8259), nesting limited to 64
/// levels, every value with the 1-based line it starts on, so an error can name the line. Pure.
public struct JSONDocument: Sendable, Equatable {
    let root: JSONNode

    /// Why a text is not a JSON document: the 1-based line and what was found there.
    public struct SyntaxError: Error, Sendable, Equatable {
        public var line: Int
        public var message: String
    }

    /// What a dotted key path (`gateway.port`) finds.
    public enum Lookup: Sendable, Equatable {
        /// No such member (or a parent is missing).
        case absent
        /// The value and the line it starts on.
        case found(JSONValue, line: Int)
        /// A parent on the way (`gateway` for `gateway.port`) is not an object.
        case parentNotObject(path: String, line: Int)
    }

    /// Parses `text`; the first syntax error with its line. With `relaxed`, `//` and `/* */` comments and trailing
    /// commas (the JSON5 features hand-edited configuration files use) are accepted first; any other JSON5 syntax
    /// stays an error.
    public static func parse(_ text: String, relaxed: Bool = false) -> Result<JSONDocument, SyntaxError> {
        let outcome = JSONTextParser.parseDocument(relaxed ? blankCommentsAndTrailingCommas(text) : text)
        if let node = outcome.node { return .success(JSONDocument(root: node)) }
        let error = outcome.error ?? (line: 1, message: "invalid JSON")
        return .failure(SyntaxError(line: error.line, message: error.message))
    }

    /// `text` with comments and trailing commas outside strings replaced by spaces (line breaks kept, so lines
    /// still match). Linear; an unterminated comment or string is left for the parser to report.
    static func blankCommentsAndTrailingCommas(_ text: String) -> String {
        var bytes = Array(text.utf8)
        var i = 0
        var pendingComma: Int?
        let space = UInt8(ascii: " "), newline = UInt8(ascii: "\n"), slash = UInt8(ascii: "/"), star = UInt8(ascii: "*")
        while i < bytes.count {
            let byte = bytes[i]
            switch byte {
            case UInt8(ascii: "\""):
                pendingComma = nil
                i += 1
                while i < bytes.count && bytes[i] != UInt8(ascii: "\"") && bytes[i] != newline {
                    i += bytes[i] == UInt8(ascii: "\\") ? 2 : 1
                }
                i += 1
                continue
            case slash where i + 1 < bytes.count && bytes[i + 1] == slash:
                while i < bytes.count && bytes[i] != newline { bytes[i] = space; i += 1 }
                continue
            case slash where i + 1 < bytes.count && bytes[i + 1] == star:
                guard let end = (i + 2..<max(i + 2, bytes.count - 1)).first(where: { bytes[$0] == star && bytes[$0 + 1] == slash }) else {
                    return String(decoding: bytes, as: UTF8.self)
                }
                for j in i...(end + 1) where bytes[j] != newline { bytes[j] = space }
                i = end + 2
                continue
            case UInt8(ascii: ","):
                pendingComma = i
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if let comma = pendingComma { bytes[comma] = space }
                pendingComma = nil
            case space, newline, UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                break
            default:
                pendingComma = nil
            }
            i += 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether the top level is an object (a configuration file must be one).
    public var isObject: Bool { root.members != nil }

    /// The line the document's value starts on.
    public var line: Int { root.line }

    /// The value at `path` (keys separated by `.`; of repeated keys the last, as JavaScript's `JSON.parse` keeps).
    public func lookup(_ path: String) -> Lookup {
        var node = root
        var walked: [Substring] = []
        for key in path.split(separator: ".") {
            guard let members = node.members else {
                return .parentNotObject(path: walked.joined(separator: "."), line: node.line)
            }
            guard let next = members.last(where: { $0.key == key }) else { return .absent }
            node = next.node
            walked.append(key)
        }
        return .found(Self.value(node.value), line: node.line)
    }

    static func value(_ json: CaptureJSON) -> JSONValue {
        switch json {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .number(let text): return .number(Double(text) ?? .nan)
        case .string(let s): return .string(s)
        case .array(let nodes): return .array(nodes.map { value($0.value) })
        case .object(let members):
            var out: [String: JSONValue] = [:]
            for m in members { out[m.key] = value(m.node.value) }
            return .object(out)
        }
    }
}
