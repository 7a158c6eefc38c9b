/// A JSON value that keeps object key order and the line each value starts on (for warnings), as read by
/// `JSONTextParser` and written by `CaptureJSON.serialized()`.
enum CaptureJSON: Sendable, Equatable {
    case null
    case bool(Bool)
    /// A number as written (`1500`, `-101`, `4294967295`).
    case number(String)
    case string(String)
    case array([JSONNode])
    case object([JSONMember])

    static func int(_ value: Int) -> CaptureJSON { .number(String(value)) }
    static func list(_ values: [CaptureJSON]) -> CaptureJSON { .array(values.map { JSONNode($0) }) }
    static func members(_ pairs: [(String, CaptureJSON)]) -> CaptureJSON {
        .object(pairs.map { JSONMember(key: $0.0, node: JSONNode($0.1)) })
    }
}

/// A JSON value with the 1-based line it starts on in the parsed text (0 for values built in code).
struct JSONNode: Sendable, Equatable {
    var value: CaptureJSON
    var line: Int

    init(_ value: CaptureJSON, line: Int = 0) {
        self.value = value
        self.line = line
    }

    /// The first member named `key` of an object.
    subscript(key: String) -> JSONNode? {
        guard case .object(let members) = value else { return nil }
        return members.first(where: { $0.key == key })?.node
    }

    var members: [JSONMember]? {
        if case .object(let members) = value { return members }
        return nil
    }

    var elements: [JSONNode]? {
        if case .array(let elements) = value { return elements }
        return nil
    }

    var string: String? {
        if case .string(let text) = value { return text }
        return nil
    }

    /// An integer written as a JSON number.
    var int: Int? {
        if case .number(let text) = value { return Int(text) }
        return nil
    }

    /// A string, or a number as its text (`ip -j` prints some ids either way).
    var text: String? {
        switch value {
        case .string(let text), .number(let text): return text
        default: return nil
        }
    }

    var isNull: Bool { value == .null }
    var isTrue: Bool { value == .bool(true) }
}

/// A `"key": value` pair of a JSON object.
struct JSONMember: Sendable, Equatable {
    var key: String
    var node: JSONNode
}

extension CaptureJSON {
    /// Compact JSON text; strings escape only `"`, `\` and control characters.
    func serialized() -> String {
        var out = ""
        write(into: &out)
        return out
    }

    private func write(into out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .number(let text): out += text
        case .string(let text): CaptureJSON.writeString(text, into: &out)
        case .array(let elements):
            out += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { out += "," }
                element.value.write(into: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (index, member) in members.enumerated() {
                if index > 0 { out += "," }
                CaptureJSON.writeString(member.key, into: &out)
                out += ":"
                member.node.value.write(into: &out)
            }
            out += "}"
        }
    }

    private static func writeString(_ text: String, into out: inout String) {
        var scalars = String.UnicodeScalarView()
        scalars.append("\"")
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": scalars.append(contentsOf: "\\\"".unicodeScalars)
            case "\\": scalars.append(contentsOf: "\\\\".unicodeScalars)
            case "\n": scalars.append(contentsOf: "\\n".unicodeScalars)
            case "\r": scalars.append(contentsOf: "\\r".unicodeScalars)
            case "\t": scalars.append(contentsOf: "\\t".unicodeScalars)
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    scalars.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).unicodeScalars)
                } else {
                    scalars.append(scalar)
                }
            }
        }
        scalars.append("\"")
        out += String(scalars)
    }
}
