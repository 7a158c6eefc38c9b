/// Any JSON value: frames checked by hand in the gateway, free-form `data` in doctor checks; the one value type of
/// `JSONReader` (which reads it from bytes), `JSONTextWriter` (which writes it) and `JSONValueEncoder` (which makes
/// it from an `Encodable`). `JSONNode` is the same value with key order and positions. The `Codable` conformance
/// serves Foundation's coders where a report type holding a value is encoded (`DoctorReport`) and the tests that
/// compare with `JSONDecoder`.
public enum JSONValue: Sendable, Equatable, Codable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let n = try? c.decode(Double.self) { self = .number(n) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .number(let n):
            if n.rounded() == n, abs(n) < 9.0e15 { try c.encode(Int64(n)) } else { try c.encode(n) }
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }

    /// Member of an object, or nil.
    public subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// An integral number, or nil.
    public var intValue: Int? {
        if case .number(let n) = self, n.rounded() == n, abs(n) < 1e15 { return Int(n) }
        return nil
    }

    public var isObject: Bool {
        if case .object = self { return true }
        return false
    }

    /// Parses UTF-8 JSON text strictly (`JSONReader.value`); nil when it is not JSON. For the error and its
    /// position call `JSONReader.value` itself.
    public static func parse(_ bytes: [UInt8]) -> JSONValue? {
        try? JSONReader.value(bytes)
    }

    /// Any Encodable value (the identity, a port holder, the status snapshot) as a JSONValue, through its
    /// `Encodable` conformance directly (`JSONValueEncoder`: no text, no Foundation coder).
    public init<T: Encodable>(encoding value: T) {
        self = JSONValueEncoder.encode(value)
    }

    /// Compact JSON text, object keys sorted by their UTF-8 bytes, `/` not escaped (`JSONTextWriter`).
    public var text: String {
        var writer = JSONTextWriter()
        writer.write(self)
        return writer.text
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
    public init(nilLiteral: ()) { self = .null }
}
