/// Where something is in a JSON text: the 1-based `line` (lines end at `\n`), the 1-based `column` counted in bytes
/// from the line's start (UTF-8; equal to characters in ASCII text), and the 0-based byte `offset` from the text's
/// start.
public struct JSONPosition: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var offset: Int

    public init(line: Int, column: Int, offset: Int) {
        self.line = line
        self.column = column
        self.offset = offset
    }

    /// `line 3, column 12`.
    public var description: String { "line \(line), column \(column)" }

    /// The position of byte `offset` of `bytes` (a linear scan: for one error, not for every value).
    static func of(offset: Int, in bytes: [UInt8]) -> JSONPosition {
        var line = 1
        var lineStart = 0
        for index in 0..<min(offset, bytes.count) where bytes[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        return JSONPosition(line: line, column: offset - lineStart + 1, offset: offset)
    }
}

/// Why a text is not JSON, as `JSONReader` reads it: what was wrong (`kind`) and where (`position`, the byte at
/// which the reader stopped). `message` is one sentence without the position, e.g. `expected ':' after "port",
/// found '2'`; `description` adds it (`line 3, column 13: expected ...`).
public struct JSONReadError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// Nothing but whitespace (and comments, where allowed).
        case empty
        /// The text ends inside a value; `inside` names what was open (`object`, `array`, `string`, `value`,
        /// `comment`).
        case cutOff(inside: String)
        /// A byte no JSON value starts with or that cannot come here (`found` describes it).
        case unexpected(found: String)
        /// `true`, `false` or `null` misspelt.
        case badLiteral(expected: String)
        case expectedKey(found: String)
        case expectedColon(key: String, found: String)
        case expectedCommaOrClose(close: Character, found: String)
        /// A comma before `]` or `}` (JSON has none; `Options.allowsTrailingCommas` accepts one).
        case trailingComma(close: Character)
        /// `//` or `/*` (JSON has none; `Options.allowsComments` accepts them).
        case comment
        /// A number not of RFC 8259's form (a leading zero, `+`, `1.`, `.5`).
        case malformedNumber
        /// A number no `Double` holds: infinite (`1e400`) or underflowing to 0 (`2e-500`).
        case numberOutOfRange
        /// A byte below 0x20 inside a string (a line break in a pasted string?).
        case controlCharacter
        case invalidEscape(found: String)
        case unpairedSurrogate
        /// Bytes that are not UTF-8 inside a string.
        case invalidUTF8
        /// Containers nested deeper than `Options.maxDepth`.
        case tooDeep(limit: Int)
        /// Something after the end of the one value (`found` describes it).
        case trailingBytes(found: String)
        /// `JSONReader.arrays`: the text does not start with `[`.
        case expectedArray(found: String)
    }

    public var kind: Kind
    public var position: JSONPosition

    public init(kind: Kind, position: JSONPosition) {
        self.kind = kind
        self.position = position
    }

    public var line: Int { position.line }

    public var message: String {
        switch kind {
        case .empty: return "no JSON value (the text is empty)"
        case .cutOff(let inside): return inside == "value" ? "value missing (cut off?)" : "\(inside) not closed (cut off?)"
        case .unexpected(let found): return "unexpected \(found)"
        case .badLiteral(let expected): return "expected '\(expected)'"
        case .expectedKey(let found): return "expected a quoted key, found \(found)"
        case .expectedColon(let key, let found): return "expected ':' after \"\(key)\", found \(found)"
        case .expectedCommaOrClose(let close, let found): return "expected ',' or '\(close)', found \(found)"
        case .trailingComma(let close): return "a comma before '\(close)' (JSON allows no trailing comma)"
        case .comment: return "a comment (JSON has none)"
        case .malformedNumber: return "malformed number"
        case .numberOutOfRange: return "number out of range (not a finite double)"
        case .controlCharacter: return "control character inside a string (a line break in a pasted string?)"
        case .invalidEscape(let found): return "invalid escape \(found)"
        case .unpairedSurrogate: return "unpaired surrogate in \\u escape"
        case .invalidUTF8: return "invalid UTF-8 inside a string"
        case .tooDeep(let limit): return "JSON nested too deeply (more than \(limit) levels)"
        case .trailingBytes(let found): return "unexpected \(found) after the end of the JSON value"
        case .expectedArray(let found): return "expected '[' to start an array, found \(found)"
        }
    }

    /// `line 3, column 13: expected ':' after "port", found '2'`.
    public var description: String { "\(position): \(message)" }
}
