/// The one JSON reader: UTF-8 bytes to a `JSONValue` (`value`), to a `JSONNode` with key order and positions
/// (`node`), or, as the one recovering read, to the elements of a run of top-level arrays up to the first error
/// (`arrays`). Pure, no Foundation.
///
/// Strict RFC 8259 by default (`Options.strict`): exactly one value with optional whitespace around it; no
/// comments, no trailing commas, no leading zeros, `+`, `NaN` or bare words; strings UTF-8 without control
/// characters and with paired UTF-16 surrogate escapes. Beyond the grammar (RFC 8259 section 9 lets a reader set
/// limits): numbers become `Double` and one that is not a finite double, or that underflows to 0 (`1e400`,
/// `2e-500`), is an error; containers nest at most `Options.maxDepth` deep. A repeated object key: the last value
/// wins (as JavaScript's `JSON.parse` and most readers), at the place of the first in a `JSONNode`. Leniency is
/// an option a caller asks for: `allowsComments` and `allowsTrailingCommas` (the JSON5 features of a hand-edited
/// `openclaw.json`). Every error is a `JSONReadError` with what was wrong and its line, column and byte offset.
///
/// Users: the gateway's WebSocket requests (`JSONValue.parse`), journal and systemd sections, `ip -j` sections and
/// pastes (`arrays`, 64 levels), `openclaw.json` (`Options.configuration`), the load client and bench server.
/// Property-tested and fuzzed (target `json`) against Foundation's `JSONDecoder`, whose documented differences
/// are the trailing comma it accepts, the first value it keeps for a repeated key, the UTF-16/32 it detects and
/// the `0e3` it refuses.
public enum JSONReader {
    public struct Options: Sendable, Equatable {
        /// `// ...` to the end of the line and `/* ... */` count as whitespace.
        public var allowsComments: Bool
        /// One comma after the last member or element (`[1,]`, `{"a":1,}`); never `[,]` or two commas.
        public var allowsTrailingCommas: Bool
        /// The deepest nesting of arrays and objects read (the outermost container is level 1).
        public var maxDepth: Int

        public init(allowsComments: Bool = false, allowsTrailingCommas: Bool = false, maxDepth: Int = 512) {
            self.allowsComments = allowsComments
            self.allowsTrailingCommas = allowsTrailingCommas
            self.maxDepth = maxDepth
        }

        /// RFC 8259, 512 levels (`JSONDecoder`'s limit).
        public static let strict = Options()
        /// `openclaw.json` as upstream reads it: comments and trailing commas, 64 levels.
        public static let configuration = Options(allowsComments: true, allowsTrailingCommas: true, maxDepth: 64)
        /// `ip -j` output: strict, 64 levels.
        public static let ipJSON = Options(maxDepth: 64)
    }

    /// The one value `bytes` holds.
    public static func value(_ bytes: [UInt8], options: Options = .strict) throws(JSONReadError) -> JSONValue {
        var scanner = JSONScanner(bytes, options: options, builder: ValueBuilder())
        return try scanner.document()
    }

    /// The one value `bytes` holds, with key order and positions.
    public static func node(_ bytes: [UInt8], options: Options = .strict) throws(JSONReadError) -> JSONNode {
        var scanner = JSONScanner(bytes, options: options, builder: NodeBuilder(bytes))
        return try scanner.document()
    }

    /// The elements of one or more top-level arrays written one after another (two pasted `ip -j` outputs), read
    /// up to the first error: a cut-off paste keeps every element before the cut, and the error says where.
    public static func arrays(_ bytes: [UInt8], options: Options = .ipJSON) -> (elements: [JSONNode], error: JSONReadError?) {
        var scanner = JSONScanner(bytes, options: options, builder: NodeBuilder(bytes))
        var elements: [JSONNode] = []
        do throws(JSONReadError) {
            try scanner.arrays { elements.append($0) }
            return (elements, nil)
        } catch {
            return (elements, error)
        }
    }
}

/// What the scanner builds from what it reads: plain values or positioned nodes (generic, so each is specialised).
protocol JSONTreeBuilder {
    associatedtype Node
    associatedtype Members
    func scalar(_ value: JSONValue, at offset: Int) -> Node
    func array(_ elements: [Node], at offset: Int) -> Node
    func newMembers() -> Members
    func add(_ key: String, _ node: Node, to members: inout Members)
    func object(_ members: Members, at offset: Int) -> Node
}

struct ValueBuilder: JSONTreeBuilder {
    func scalar(_ value: JSONValue, at offset: Int) -> JSONValue { value }
    func array(_ elements: [JSONValue], at offset: Int) -> JSONValue { .array(elements) }
    func newMembers() -> [String: JSONValue] { [:] }
    func add(_ key: String, _ node: JSONValue, to members: inout [String: JSONValue]) { members[key] = node }
    func object(_ members: [String: JSONValue], at offset: Int) -> JSONValue { .object(members) }
}

struct NodeBuilder: JSONTreeBuilder {
    /// The offset of each line's first byte.
    private let lineStarts: [Int]

    init(_ bytes: [UInt8]) {
        var starts = [0]
        for (index, byte) in bytes.enumerated() where byte == 0x0A { starts.append(index + 1) }
        lineStarts = starts
    }

    private func position(_ offset: Int) -> JSONPosition {
        var low = 0, high = lineStarts.count  // the last start <= offset
        while high - low > 1 {
            let middle = (low + high) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle }
        }
        return JSONPosition(line: low + 1, column: offset - lineStarts[low] + 1, offset: offset)
    }

    func scalar(_ value: JSONValue, at offset: Int) -> JSONNode { JSONNode(.scalar(value), position: position(offset)) }
    func array(_ elements: [JSONNode], at offset: Int) -> JSONNode { JSONNode(.array(elements), position: position(offset)) }
    func newMembers() -> [JSONMember] { [] }
    func add(_ key: String, _ node: JSONNode, to members: inout [JSONMember]) { JSONMember.add(key, node, to: &members) }
    func object(_ members: [JSONMember], at offset: Int) -> JSONNode { JSONNode(.object(members), position: position(offset)) }
}
