/// A JSON value as a document holds it: object members in the order written and each value's position, for the
/// readers that must name a line (`ip -j` sections, `openclaw.json`) or keep iproute2's key order (the capture
/// writer). Its leaves are `JSONValue`s and `value` is the plain `JSONValue`; a repeated key is read as everywhere
/// (`JSONReader`): the last value wins, at the place of the first.
public struct JSONNode: Sendable, Equatable {
    public enum Content: Sendable, Equatable {
        /// `null`, a boolean, a number or a string (never `.array` or `.object`).
        case scalar(JSONValue)
        case array([JSONNode])
        case object([JSONMember])
    }

    public var content: Content
    /// Where the value starts in the text read; nil for a node built in code.
    public var position: JSONPosition?

    public init(_ content: Content, position: JSONPosition? = nil) {
        self.content = content
        self.position = position
    }

    /// The 1-based line the value starts on; 0 for a node built in code.
    public var line: Int { position?.line ?? 0 }

    public static var null: JSONNode { JSONNode(.scalar(.null)) }
    public static func bool(_ flag: Bool) -> JSONNode { JSONNode(.scalar(.bool(flag))) }
    public static func int(_ value: Int) -> JSONNode { JSONNode(.scalar(.number(Double(value)))) }
    public static func string(_ text: String) -> JSONNode { JSONNode(.scalar(.string(text))) }
    public static func list(_ elements: [JSONNode]) -> JSONNode { JSONNode(.array(elements)) }
    /// An object with these members in this order (a key given twice keeps the last value, at the first place).
    public static func members(_ pairs: [(String, JSONNode)]) -> JSONNode {
        var members: [JSONMember] = []
        for (key, node) in pairs { JSONMember.add(key, node, to: &members) }
        return JSONNode(.object(members))
    }

    /// The plain value (object members keyed, their order dropped).
    public var value: JSONValue {
        switch content {
        case .scalar(let value): return value
        case .array(let elements): return .array(elements.map(\.value))
        case .object(let members):
            var object: [String: JSONValue] = [:]
            object.reserveCapacity(members.count)
            for member in members { object[member.key] = member.node.value }
            return .object(object)
        }
    }

    /// The member named `key` of an object.
    public subscript(key: String) -> JSONNode? {
        guard case .object(let members) = content else { return nil }
        return members.first(where: { $0.key == key })?.node
    }

    public var members: [JSONMember]? {
        if case .object(let members) = content { return members }
        return nil
    }

    public var elements: [JSONNode]? {
        if case .array(let elements) = content { return elements }
        return nil
    }

    public var string: String? {
        if case .scalar(.string(let text)) = content { return text }
        return nil
    }

    /// An integral number (within ±1e15), or nil.
    public var int: Int? {
        if case .scalar(let value) = content { return value.intValue }
        return nil
    }

    /// A string, or an integral number as its decimal text (`ip -j` prints some ids either way).
    public var text: String? {
        switch content {
        case .scalar(.string(let text)): return text
        case .scalar(let value): return value.intValue.map { String($0) }
        default: return nil
        }
    }

    public var isNull: Bool { content == .scalar(.null) }
    public var isTrue: Bool { content == .scalar(.bool(true)) }

    /// What a dotted key path (`gateway.port`) finds.
    public enum Lookup: Sendable, Equatable {
        /// No such member (or a parent is missing).
        case absent
        /// The value and the line it starts on.
        case found(JSONValue, line: Int)
        /// A parent on the way (`gateway` for `gateway.port`) is not an object; `path` is the parent's dotted path
        /// (empty for the top level).
        case parentNotObject(path: String, line: Int)
    }

    /// The value at `path`, keys separated by `.` (a key holding a `.` cannot be named).
    public func lookup(_ path: String) -> Lookup {
        var node = self
        var walked: [Substring] = []
        for key in path.split(separator: ".") {
            guard let members = node.members else {
                return .parentNotObject(path: walked.joined(separator: "."), line: node.line)
            }
            guard let next = members.first(where: { $0.key == key }) else { return .absent }
            node = next.node
            walked.append(key)
        }
        return .found(node.value, line: node.line)
    }
}

/// A `"key": value` pair of a JSON object.
public struct JSONMember: Sendable, Equatable {
    public var key: String
    public var node: JSONNode

    public init(key: String, node: JSONNode) {
        self.key = key
        self.node = node
    }

    /// Appends a member, or, when `key` is already there, replaces that member's value (the last value wins, at
    /// the first place: the rule of `JSONReader` and of JavaScript's `JSON.parse`).
    static func add(_ key: String, _ node: JSONNode, to members: inout [JSONMember]) {
        if let index = members.firstIndex(where: { $0.key == key }) {
            members[index].node = node
        } else {
            members.append(JSONMember(key: key, node: node))
        }
    }
}
