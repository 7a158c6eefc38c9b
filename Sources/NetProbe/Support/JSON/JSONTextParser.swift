/// A small JSON reader for pasted `ip -j` output: keeps key order and line numbers, limits nesting, and on
/// an error keeps the top-level array elements read before it (a cut-off paste still counts up to the cut).
///
/// Accepts one or more top-level arrays one after another (two pasted `ip -j` outputs).
struct JSONTextParser {
    /// The elements of all top-level arrays, and the first error with its 1-based line, if any.
    struct Outcome: Sendable, Equatable {
        var elements: [JSONNode]
        var error: (line: Int, message: String)?

        static func == (lhs: Outcome, rhs: Outcome) -> Bool {
            lhs.elements == rhs.elements && lhs.error?.line == rhs.error?.line && lhs.error?.message == rhs.error?.message
        }
    }

    private struct Failure: Error {
        var message: String
    }

    static let maxDepth = 64

    private let bytes: [UInt8]
    private var position = 0
    private var line = 1

    private init(_ text: String) {
        bytes = Array(text.utf8)
    }

    static func parseArrays(_ text: String) -> Outcome {
        var parser = JSONTextParser(text)
        var elements: [JSONNode] = []
        do {
            parser.skipWhitespace()
            guard parser.position < parser.bytes.count else { throw Failure(message: "no JSON array") }
            while parser.position < parser.bytes.count {
                guard parser.bytes[parser.position] == UInt8(ascii: "[") else {
                    throw Failure(message: "expected '[' to start an array, found \(parser.describeCurrent())")
                }
                parser.position += 1
                parser.skipWhitespace()
                if parser.peek() == UInt8(ascii: "]") {
                    parser.position += 1
                } else {
                    while true {
                        elements.append(try parser.value(depth: 1))
                        parser.skipWhitespace()
                        guard let next = parser.peek() else { throw Failure(message: "array not closed (cut off?)") }
                        parser.position += 1
                        if next == UInt8(ascii: "]") { break }
                        guard next == UInt8(ascii: ",") else {
                            parser.position -= 1
                            throw Failure(message: "expected ',' or ']', found \(parser.describeCurrent())")
                        }
                        parser.skipWhitespace()
                    }
                }
                parser.skipWhitespace()
            }
            return Outcome(elements: elements, error: nil)
        } catch let failure as Failure {
            return Outcome(elements: elements, error: (parser.line, failure.message))
        } catch {
            return Outcome(elements: elements, error: (parser.line, "invalid JSON"))
        }
    }

    /// One JSON value filling the whole text (a configuration file): the value, or the first error with its
    /// 1-based line.
    static func parseDocument(_ text: String) -> (node: JSONNode?, error: (line: Int, message: String)?) {
        var parser = JSONTextParser(text)
        do {
            parser.skipWhitespace()
            guard parser.position < parser.bytes.count else { throw Failure(message: "the file is empty") }
            let node = try parser.value(depth: 1)
            parser.skipWhitespace()
            guard parser.position == parser.bytes.count else {
                throw Failure(message: "unexpected \(parser.describeCurrent()) after the end of the JSON value")
            }
            return (node, nil)
        } catch let failure as Failure {
            return (nil, (parser.line, failure.message))
        } catch {
            return (nil, (parser.line, "invalid JSON"))
        }
    }

    private func peek() -> UInt8? {
        position < bytes.count ? bytes[position] : nil
    }

    private func describeCurrent() -> String {
        guard let byte = peek() else { return "the end of the text" }
        if byte >= 0x20 && byte < 0x7F { return "'\(Character(UnicodeScalar(byte)))'" }
        return "byte 0x\(String(byte, radix: 16))"
    }

    private mutating func skipWhitespace() {
        while let byte = peek() {
            switch byte {
            case UInt8(ascii: "\n"): line += 1
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"): break
            default: return
            }
            position += 1
        }
    }

    private mutating func value(depth: Int) throws -> JSONNode {
        guard depth <= JSONTextParser.maxDepth else { throw Failure(message: "JSON nested too deeply") }
        skipWhitespace()
        let startLine = line
        guard let byte = peek() else { throw Failure(message: "value missing (cut off?)") }
        switch byte {
        case UInt8(ascii: "{"):
            position += 1
            var members: [JSONMember] = []
            skipWhitespace()
            if peek() == UInt8(ascii: "}") {
                position += 1
                return JSONNode(.object(members), line: startLine)
            }
            while true {
                skipWhitespace()
                guard peek() == UInt8(ascii: "\"") else {
                    throw Failure(message: "expected a quoted key, found \(describeCurrent())")
                }
                let key = try string()
                skipWhitespace()
                guard peek() == UInt8(ascii: ":") else { throw Failure(message: "expected ':' after \"\(key)\", found \(describeCurrent())") }
                position += 1
                members.append(JSONMember(key: key, node: try value(depth: depth + 1)))
                skipWhitespace()
                guard let next = peek() else { throw Failure(message: "object not closed (cut off?)") }
                position += 1
                if next == UInt8(ascii: "}") { return JSONNode(.object(members), line: startLine) }
                guard next == UInt8(ascii: ",") else {
                    position -= 1
                    throw Failure(message: "expected ',' or '}', found \(describeCurrent())")
                }
            }
        case UInt8(ascii: "["):
            position += 1
            var elements: [JSONNode] = []
            skipWhitespace()
            if peek() == UInt8(ascii: "]") {
                position += 1
                return JSONNode(.array(elements), line: startLine)
            }
            while true {
                elements.append(try value(depth: depth + 1))
                skipWhitespace()
                guard let next = peek() else { throw Failure(message: "array not closed (cut off?)") }
                position += 1
                if next == UInt8(ascii: "]") { return JSONNode(.array(elements), line: startLine) }
                guard next == UInt8(ascii: ",") else {
                    position -= 1
                    throw Failure(message: "expected ',' or ']', found \(describeCurrent())")
                }
            }
        case UInt8(ascii: "\""):
            return JSONNode(.string(try string()), line: startLine)
        case UInt8(ascii: "t"): try literal("true"); return JSONNode(.bool(true), line: startLine)
        case UInt8(ascii: "f"): try literal("false"); return JSONNode(.bool(false), line: startLine)
        case UInt8(ascii: "n"): try literal("null"); return JSONNode(.null, line: startLine)
        default:
            if byte == UInt8(ascii: "-") || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) {
                return JSONNode(.number(try number()), line: startLine)
            }
            throw Failure(message: "unexpected \(describeCurrent())")
        }
    }

    private mutating func literal(_ word: String) throws {
        let expected = Array(word.utf8)
        guard bytes.count - position >= expected.count, Array(bytes[position..<position + expected.count]) == expected else {
            throw Failure(message: "expected '\(word)'")
        }
        position += expected.count
    }

    private mutating func number() throws -> String {
        let start = position
        if peek() == UInt8(ascii: "-") { position += 1 }
        func digits() -> Int {
            var count = 0
            while let byte = peek(), byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                position += 1
                count += 1
            }
            return count
        }
        guard digits() > 0 else { throw Failure(message: "malformed number") }
        if peek() == UInt8(ascii: ".") {
            position += 1
            guard digits() > 0 else { throw Failure(message: "malformed number") }
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            position += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { position += 1 }
            guard digits() > 0 else { throw Failure(message: "malformed number") }
        }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    private mutating func string() throws -> String {
        position += 1
        var out: [UInt8] = []
        while true {
            guard let byte = peek() else { throw Failure(message: "string not closed (cut off?)") }
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard let escape = peek() else { throw Failure(message: "string not closed (cut off?)") }
                position += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var code = try hex4()
                    if (0xD800..<0xDC00).contains(code) {
                        guard peek() == UInt8(ascii: "\\"), position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "u") else {
                            throw Failure(message: "unpaired surrogate in \\u escape")
                        }
                        position += 2
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw Failure(message: "unpaired surrogate in \\u escape") }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00..<0xE000).contains(code) {
                        throw Failure(message: "unpaired surrogate in \\u escape")
                    }
                    guard let scalar = UnicodeScalar(code) else { throw Failure(message: "invalid \\u escape") }
                    out.append(contentsOf: Array(String(Character(scalar)).utf8))
                default:
                    throw Failure(message: "invalid escape '\\\(Character(UnicodeScalar(escape)))'")
                }
            default:
                if byte < 0x20 {
                    position -= 1
                    throw Failure(message: "control character inside a string (a line break in a pasted string?)")
                }
                out.append(byte)
            }
        }
    }

    private mutating func hex4() throws -> UInt32 {
        guard bytes.count - position >= 4 else { throw Failure(message: "short \\u escape") }
        var code: UInt32 = 0
        for _ in 0..<4 {
            guard let digit = peek().flatMap({ hexValue($0) }) else { throw Failure(message: "invalid \\u escape") }
            code = code * 16 + digit
            position += 1
        }
        return code
    }

    private func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(byte - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }
}
