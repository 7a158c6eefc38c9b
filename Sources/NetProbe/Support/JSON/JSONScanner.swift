/// `JSONReader`'s grammar: one pass over the bytes, the tree made by `Builder`. Errors carry the byte offset at
/// which reading stopped; the line and column are counted only then.
struct JSONScanner<Builder: JSONTreeBuilder> {
    private let bytes: [UInt8]
    private let options: JSONReader.Options
    private let builder: Builder
    private var index = 0

    init(_ bytes: [UInt8], options: JSONReader.Options, builder: Builder) {
        self.bytes = bytes
        self.options = options
        self.builder = builder
    }

    /// Exactly one value and whitespace around it.
    mutating func document() throws(JSONReadError) -> Builder.Node {
        try skipWhitespace()
        guard index < bytes.count else { throw failure(.empty) }
        let node = try value(depth: 0)
        try skipWhitespace()
        guard index == bytes.count else { throw failure(.trailingBytes(found: describeCurrent())) }
        return node
    }

    /// One or more top-level arrays; each element is handed over as soon as it is read.
    mutating func arrays(_ element: (Builder.Node) -> Void) throws(JSONReadError) {
        try skipWhitespace()
        guard index < bytes.count else { throw failure(.empty) }
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "[") else { throw failure(.expectedArray(found: describeCurrent())) }
            index += 1
            try skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                index += 1
            } else {
                while true {
                    element(try value(depth: 1))
                    if try afterElement(closing: UInt8(ascii: "]")) { break }
                }
            }
            try skipWhitespace()
        }
    }

    private func failure(_ kind: JSONReadError.Kind) -> JSONReadError {
        JSONReadError(kind: kind, position: JSONPosition.of(offset: index, in: bytes))
    }

    private func describeCurrent() -> String {
        guard index < bytes.count else { return "the end of the text" }
        let byte = bytes[index]
        if byte >= 0x20 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x\(String(byte, radix: 16))"
    }

    private mutating func skipWhitespace() throws(JSONReadError) {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            case UInt8(ascii: "/") where index + 1 < bytes.count
                && (bytes[index + 1] == UInt8(ascii: "/") || bytes[index + 1] == UInt8(ascii: "*")):
                guard options.allowsComments else { throw failure(.comment) }
                try skipComment()
            default: return
            }
        }
    }

    private mutating func skipComment() throws(JSONReadError) {
        if bytes[index + 1] == UInt8(ascii: "/") {
            while index < bytes.count, bytes[index] != 0x0A { index += 1 }
            return
        }
        let start = index
        index += 2
        while index + 1 < bytes.count {
            if bytes[index] == UInt8(ascii: "*"), bytes[index + 1] == UInt8(ascii: "/") {
                index += 2
                return
            }
            index += 1
        }
        index = start
        throw failure(.cutOff(inside: "comment"))
    }

    /// `depth`: the containers around this value.
    private mutating func value(depth: Int) throws(JSONReadError) -> Builder.Node {
        guard index < bytes.count else { throw failure(.cutOff(inside: "value")) }
        let start = index
        switch bytes[index] {
        case UInt8(ascii: "{"):
            guard depth < options.maxDepth else { throw failure(.tooDeep(limit: options.maxDepth)) }
            return try object(depth: depth + 1)
        case UInt8(ascii: "["):
            guard depth < options.maxDepth else { throw failure(.tooDeep(limit: options.maxDepth)) }
            return try array(depth: depth + 1)
        case UInt8(ascii: "\""): return builder.scalar(.string(try string()), at: start)
        case UInt8(ascii: "t"): try literal("true"); return builder.scalar(.bool(true), at: start)
        case UInt8(ascii: "f"): try literal("false"); return builder.scalar(.bool(false), at: start)
        case UInt8(ascii: "n"): try literal("null"); return builder.scalar(.null, at: start)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return builder.scalar(.number(try number()), at: start)
        default: throw failure(.unexpected(found: describeCurrent()))
        }
    }

    private mutating func literal(_ word: StaticString) throws(JSONReadError) {
        let count = word.utf8CodeUnitCount
        let matches = bytes.count - index >= count && word.withUTF8Buffer { expected in
            (0..<count).allSatisfy { bytes[index + $0] == expected[$0] }
        }
        guard matches else { throw failure(.badLiteral(expected: word.description)) }
        index += count
    }

    private mutating func object(depth: Int) throws(JSONReadError) -> Builder.Node {
        let start = index
        index += 1  // {
        var members = builder.newMembers()
        try skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return builder.object(members, at: start)
        }
        while true {
            guard index < bytes.count else { throw failure(.cutOff(inside: "object")) }
            guard bytes[index] == UInt8(ascii: "\"") else { throw failure(.expectedKey(found: describeCurrent())) }
            let key = try string()
            try skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                throw failure(.expectedColon(key: key, found: describeCurrent()))
            }
            index += 1
            try skipWhitespace()
            builder.add(key, try value(depth: depth), to: &members)
            if try afterElement(closing: UInt8(ascii: "}")) { return builder.object(members, at: start) }
        }
    }

    private mutating func array(depth: Int) throws(JSONReadError) -> Builder.Node {
        let start = index
        index += 1  // [
        var elements: [Builder.Node] = []
        try skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return builder.array(elements, at: start)
        }
        while true {
            try skipWhitespace()
            elements.append(try value(depth: depth))
            if try afterElement(closing: UInt8(ascii: "]")) { return builder.array(elements, at: start) }
        }
    }

    /// After a member or element: true when the container closed (consumed, and with `allowsTrailingCommas` after
    /// one comma), false after a `,` with the next one to come (whitespace skipped).
    private mutating func afterElement(closing: UInt8) throws(JSONReadError) -> Bool {
        let close = Character(Unicode.Scalar(closing))
        try skipWhitespace()
        guard index < bytes.count else { throw failure(.cutOff(inside: closing == UInt8(ascii: "]") ? "array" : "object")) }
        if bytes[index] == closing {
            index += 1
            return true
        }
        guard bytes[index] == UInt8(ascii: ",") else { throw failure(.expectedCommaOrClose(close: close, found: describeCurrent())) }
        index += 1
        try skipWhitespace()
        if index < bytes.count, bytes[index] == closing {
            guard options.allowsTrailingCommas else { throw failure(.trailingComma(close: close)) }
            index += 1
            return true
        }
        return false
    }

    /// A string starting at its opening quote.
    private mutating func string() throws(JSONReadError) -> String {
        let quote = index
        index += 1
        let start = index
        // Fast path: no escapes.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                guard let text = String(validating: bytes[start..<index], as: UTF8.self) else {
                    index = quote
                    throw failure(.invalidUTF8)
                }
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw failure(.controlCharacter) }
            index += 1
        }
        guard index < bytes.count else { throw failure(.cutOff(inside: "string")) }
        var unescaped = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                guard let text = String(validating: unescaped, as: UTF8.self) else {
                    index = quote
                    throw failure(.invalidUTF8)
                }
                index += 1
                return text
            case UInt8(ascii: "\\"):
                let escapeStart = index
                index += 1
                guard index < bytes.count else { throw failure(.cutOff(inside: "string")) }
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
                    let scalar = try unicodeEscape(at: escapeStart)
                    unescaped.append(contentsOf: String(Character(scalar)).utf8)
                default:
                    index = escapeStart
                    let shown = escape >= 0x20 && escape < 0x7F ? "'\\\(Character(Unicode.Scalar(escape)))'" : "'\\' and byte 0x\(String(escape, radix: 16))"
                    throw failure(.invalidEscape(found: shown))
                }
            default:
                if byte < 0x20 { throw failure(.controlCharacter) }
                unescaped.append(byte)
                index += 1
            }
        }
        throw failure(.cutOff(inside: "string"))
    }

    /// After `\u`: four hex digits, and for a high surrogate the `\uDC00`-`\uDFFF` that must follow.
    private mutating func unicodeEscape(at escapeStart: Int) throws(JSONReadError) -> Unicode.Scalar {
        let high = try hex4(escapeStart)
        if (0xD800...0xDBFF).contains(high) {
            guard bytes.count - index >= 2, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                index = escapeStart
                throw failure(.unpairedSurrogate)
            }
            index += 2
            let low = try hex4(index - 2)
            guard (0xDC00...0xDFFF).contains(low) else {
                index = escapeStart
                throw failure(.unpairedSurrogate)
            }
            return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))!
        }
        guard let scalar = Unicode.Scalar(high) else {  // a lone low surrogate
            index = escapeStart
            throw failure(.unpairedSurrogate)
        }
        return scalar
    }

    private mutating func hex4(_ escapeStart: Int) throws(JSONReadError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard index < bytes.count else { throw failure(.cutOff(inside: "string")) }
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default:
                index = escapeStart
                throw failure(.invalidEscape(found: "'\\u' without four hex digits"))
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, a finite double that does not underflow to 0.
    private mutating func number() throws(JSONReadError) -> Double {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { throw failure(.malformedNumber) }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, isDigit(bytes[index]) { throw failure(.malformedNumber) }  // a leading zero
        } else {
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw failure(.malformedNumber) }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else { throw failure(.malformedNumber) }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        // A small integer (the common case: ids, protocol versions, ifindex) without going through text.
        if index - start <= 15, let integer = smallInteger(start..<index) { return Double(integer) }
        guard let text = String(validating: bytes[start..<index], as: UTF8.self), let value = Double(text), value.isFinite else {
            index = start
            throw failure(.numberOutOfRange)
        }
        if value == 0 {  // underflow (`2e-500`): a nonzero digit before the exponent
            let mantissa = bytes[start..<index].prefix { $0 != UInt8(ascii: "e") && $0 != UInt8(ascii: "E") }
            if mantissa.contains(where: { $0 >= UInt8(ascii: "1") && $0 <= UInt8(ascii: "9") }) {
                index = start
                throw failure(.numberOutOfRange)
            }
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
