/// A JSON parser from UTF-8 bytes to `JSONValue` (RFC 8259, plus the one trailing comma `JSONDecoder` also accepts;
/// not strict: see below), without Foundation: the gateway parses every
/// WebSocket request with it (`JSONDecoder` with `JSONValue`'s `Codable` conformance tried Bool, Double, String and
/// Array in turn for every value, throwing and discarding an error each time).
///
/// Accepts what `JSONDecoder` accepts into a `JSONValue` (any top-level value, surrounding whitespace, one trailing
/// comma after the last member or element: `{"a":1,}`, `[1,]`) and rejects the rest: trailing bytes, leading zeros,
/// `+`, `NaN`, non-finite numbers (`1e400`), numbers that underflow to 0 (`2e-500`), control characters inside
/// strings, invalid UTF-8, unpaired UTF-16 surrogate escapes, nesting deeper than `maxDepth`. Numbers become `Double`;
/// a repeated object key keeps its first value (as `JSONDecoder` does). Differentially fuzzed against
/// `JSONDecoder` (fuzz/targets/json.swift); the differences: `JSONDecoder` also reads UTF-16 and UTF-32 text
/// (detected from NUL bytes among the first bytes: `2\0` is UTF-16LE "2"); this parser reads UTF-8 only, the
/// encoding of WebSocket text frames (RFC 6455), in which JSON never contains a NUL byte. And `JSONDecoder`
/// refuses `0e3` (zero with an unsigned exponent, valid RFC 8259), which this parser reads as 0; and it checks a
/// number only when decoding it, so a bad number under a repeated key (never decoded) passes there, not here.
public struct JSONBytesParser {
    /// Deeper nesting is rejected (`JSONDecoder` stops at 512).
    public static let maxDepth = 512

    private let bytes: [UInt8]
    private var index = 0

    private init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The value of the whole text, or nil when it is not exactly one JSON value.
    public static func parse(_ bytes: [UInt8]) -> JSONValue? {
        var parser = JSONBytesParser(bytes)
        parser.skipWhitespace()
        guard let value = parser.value(depth: 0) else { return nil }
        parser.skipWhitespace()
        // Not a ternary: JSONValue is ExpressibleByNilLiteral, so `cond ? value : nil` would type `nil` as `.null`.
        guard parser.index == bytes.count else { return nil }
        return value
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private mutating func value(depth: Int) -> JSONValue? {
        guard index < bytes.count, depth < Self.maxDepth else { return nil }
        switch bytes[index] {
        case UInt8(ascii: "{"): return object(depth: depth + 1)
        case UInt8(ascii: "["): return array(depth: depth + 1)
        case UInt8(ascii: "\""): return string().map(JSONValue.string)
        case UInt8(ascii: "t"): return literal("true") ? JSONValue?.some(.bool(true)) : JSONValue?.none
        case UInt8(ascii: "f"): return literal("false") ? JSONValue?.some(.bool(false)) : JSONValue?.none
        case UInt8(ascii: "n"): return literal("null") ? JSONValue?.some(.null) : JSONValue?.none
        default: return number().map(JSONValue.number)
        }
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard bytes.count - index >= count else { return false }
        let matches = word.withUTF8Buffer { expected in
            (0..<count).allSatisfy { bytes[index + $0] == expected[$0] }
        }
        if matches { index += count }
        return matches
    }

    private mutating func object(depth: Int) -> JSONValue? {
        index += 1  // {
        var members: [String: JSONValue] = [:]
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\""), let key = string() else { return nil }
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
            index += 1
            skipWhitespace()
            guard let member = value(depth: depth) else { return nil }
            if members[key] == nil { members[key] = member }  // the first wins, as in JSONDecoder
            switch afterElement(closing: UInt8(ascii: "}")) {
            case .more?: continue
            case .closed?: return .object(members)
            case nil: return nil
            }
        }
    }

    /// What follows an object member or an array element: `,` and another one (`.more`), or the `closing`
    /// bracket, alone or after one trailing comma as JSONDecoder allows (`.closed`, consumed); `nil` for anything
    /// else.
    private enum AfterElement { case more, closed }

    private mutating func afterElement(closing: UInt8) -> AfterElement? {
        skipWhitespace()
        guard index < bytes.count else { return nil }
        if bytes[index] == closing {
            index += 1
            return .closed
        }
        guard bytes[index] == UInt8(ascii: ",") else { return nil }
        index += 1
        skipWhitespace()
        if index < bytes.count, bytes[index] == closing {  // one trailing comma
            index += 1
            return .closed
        }
        return .more
    }

    private mutating func array(depth: Int) -> JSONValue? {
        index += 1  // [
        var elements: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(elements)
        }
        while true {
            guard let element = value(depth: depth) else { return nil }
            elements.append(element)
            switch afterElement(closing: UInt8(ascii: "]")) {
            case .more?: continue
            case .closed?: return .array(elements)
            case nil: return nil
            }
        }
    }

    /// A string starting at the opening quote; nil on a control character, a bad escape or invalid UTF-8.
    private mutating func string() -> String? {
        index += 1  // "
        let start = index
        // Fast path: no escapes.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = String(validating: bytes[start..<index], as: UTF8.self)
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { return nil }
            index += 1
        }
        guard index < bytes.count else { return nil }
        var unescaped = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return String(validating: unescaped, as: UTF8.self)
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { return nil }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): unescaped.append(escape)
                case UInt8(ascii: "b"): unescaped.append(0x08)
                case UInt8(ascii: "f"): unescaped.append(0x0C)
                case UInt8(ascii: "n"): unescaped.append(0x0A)
                case UInt8(ascii: "r"): unescaped.append(0x0D)
                case UInt8(ascii: "t"): unescaped.append(0x09)
                case UInt8(ascii: "u"):
                    guard let scalar = unicodeEscape() else { return nil }
                    unescaped.append(contentsOf: String(Character(scalar)).utf8)
                default: return nil
                }
            default:
                if byte < 0x20 { return nil }
                unescaped.append(byte)
                index += 1
            }
        }
        return nil
    }

    /// After `\u`: four hex digits, and for a high surrogate the `\uDC00`-`\uDFFF` that must follow.
    private mutating func unicodeEscape() -> Unicode.Scalar? {
        guard let high = hex4() else { return nil }
        if (0xD800...0xDBFF).contains(high) {
            guard bytes.count - index >= 6, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                return nil
            }
            index += 2
            guard let low = hex4(), (0xDC00...0xDFFF).contains(low) else { return nil }
            return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
        }
        return Unicode.Scalar(high)  // nil for a lone low surrogate
    }

    private mutating func hex4() -> UInt32? {
        guard bytes.count - index >= 4 else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, finite.
    private mutating func number() -> Double? {
        let start = index
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { return nil }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { return nil }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else { return nil }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        // A small integer (the common case: ids, protocol versions) without going through text.
        if index - start <= 15, let integer = smallInteger(start..<index) { return Double(integer) }
        guard let text = String(validating: bytes[start..<index], as: UTF8.self), let value = Double(text),
              value.isFinite else { return nil }
        // Underflow (`2e-500` reads as 0): JSONDecoder refuses a number it cannot represent, so does this.
        if value == 0 {
            let mantissa = bytes[start..<index].prefix { $0 != UInt8(ascii: "e") && $0 != UInt8(ascii: "E") }
            if mantissa.contains(where: { $0 >= UInt8(ascii: "1") && $0 <= UInt8(ascii: "9") }) { return nil }
        }
        return value
    }

    private func smallInteger(_ range: Range<Int>) -> Int64? {
        var negative = false
        var position = range.lowerBound
        if bytes[position] == UInt8(ascii: "-") {
            negative = true
            position += 1
        }
        var value: Int64 = 0
        while position < range.upperBound {
            let byte = bytes[position]
            guard isDigit(byte) else { return nil }
            value = value * 10 + Int64(byte - UInt8(ascii: "0"))
            position += 1
        }
        if negative && value == 0 { return nil }  // -0 keeps its sign through Double(text)
        return negative ? -value : value
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}
