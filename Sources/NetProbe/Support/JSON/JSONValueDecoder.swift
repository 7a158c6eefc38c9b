/// Reads any `Decodable` from a `JSONValue` through its conformance, directly: the counterpart of
/// `JSONValueEncoder`, so a type this project writes with `JSONValue(encoding:)` is read back from the one JSON
/// reader's value (`JSONReader`: strict RFC 8259, a repeated key's last value) instead of Foundation's `JSONDecoder`.
/// What it reads is what `JSONDecoder` with its default strategies reads for the types this project decodes
/// (structs, enums with raw values, arrays, dictionaries with `String` keys, optionals: a member absent or `null` is
/// `nil` under `decodeIfPresent`, integers, floating point numbers, strings, booleans): an integer must be a whole
/// number within its type's range (`12.5` or `300` for a `UInt8` is a type mismatch), a `Double` any number. A
/// value of the wrong kind throws `DecodingError` (`typeMismatch`, `keyNotFound`, `valueNotFound`, `dataCorrupted`)
/// with its coding path, as `JSONDecoder` does. Pure, no Foundation.
public enum JSONValueDecoder {
    /// `type` read from `value`. Throws `DecodingError`.
    public static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        try T(from: ValueDecoder(value: value, codingPath: []))
    }

    /// `type` read from UTF-8 JSON text: `JSONReader.value` (strict, `options`), then `decode(_:from:)`. Throws the
    /// reader's `JSONReadError` (with its line and column) or a `DecodingError`.
    public static func decode<T: Decodable>(_ type: T.Type, fromText bytes: [UInt8], options: JSONReader.Options = .strict) throws -> T {
        try decode(type, from: try JSONReader.value(bytes, options: options))
    }

    struct ValueDecoder: Decoder {
        let value: JSONValue
        let codingPath: [any CodingKey]
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
            guard case .object(let members) = value else { throw mismatch([String: JSONValue].self, value, codingPath) }
            return KeyedDecodingContainer(Keyed<Key>(members: members, codingPath: codingPath))
        }

        func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
            guard case .array(let elements) = value else { throw mismatch([JSONValue].self, value, codingPath) }
            return Unkeyed(elements: elements, codingPath: codingPath)
        }

        func singleValueContainer() throws -> any SingleValueDecodingContainer {
            Single(value: value, codingPath: codingPath)
        }
    }

    static func mismatch(_ type: Any.Type, _ value: JSONValue, _ path: [any CodingKey]) -> DecodingError {
        if case .null = value {
            return .valueNotFound(type, .init(codingPath: path, debugDescription: "Expected \(type) value but found null instead."))
        }
        let found: String
        switch value {
        case .null: found = "null"
        case .bool: found = "a boolean"
        case .number: found = "a number"
        case .string: found = "a string"
        case .array: found = "an array"
        case .object: found = "an object"
        }
        return .typeMismatch(type, .init(codingPath: path, debugDescription: "Expected to decode \(type) but found \(found) instead."))
    }

    /// The scalar readings every container shares.
    static func bool(_ value: JSONValue, _ path: [any CodingKey]) throws -> Bool {
        guard case .bool(let flag) = value else { throw mismatch(Bool.self, value, path) }
        return flag
    }

    static func string(_ value: JSONValue, _ path: [any CodingKey]) throws -> String {
        guard case .string(let text) = value else { throw mismatch(String.self, value, path) }
        return text
    }

    static func double(_ value: JSONValue, _ path: [any CodingKey]) throws -> Double {
        guard case .number(let number) = value else { throw mismatch(Double.self, value, path) }
        return number
    }

    static func float(_ value: JSONValue, _ path: [any CodingKey]) throws -> Float {
        let number = try double(value, path)
        guard number.isFinite, abs(number) <= Double(Float.greatestFiniteMagnitude) else {
            throw DecodingError.dataCorrupted(.init(codingPath: path, debugDescription: "Number \(number) does not fit in Float."))
        }
        return Float(number)
    }

    static func integer<I: FixedWidthInteger>(_ type: I.Type, _ value: JSONValue, _ path: [any CodingKey]) throws -> I {
        guard case .number(let number) = value else { throw mismatch(type, value, path) }
        guard let integer = I(exactly: number) else {
            throw DecodingError.dataCorrupted(.init(codingPath: path, debugDescription: "Number \(number) is not representable in \(type)."))
        }
        return integer
    }

    /// A nested `Decodable` from `value`: the scalar types by the readings above (so `[Int]` or `Int?` read the
    /// same way), anything else through its conformance.
    static func decode<T: Decodable>(_ type: T.Type, _ value: JSONValue, _ path: [any CodingKey]) throws -> T {
        try T(from: ValueDecoder(value: value, codingPath: path))
    }

    struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let members: [String: JSONValue]
        let codingPath: [any CodingKey]
        var allKeys: [Key] { members.keys.compactMap { Key(stringValue: $0) } }

        func contains(_ key: Key) -> Bool { members[key.stringValue] != nil }

        private func member(_ key: Key) throws -> JSONValue {
            guard let value = members[key.stringValue] else {
                throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "No value associated with key \(key.stringValue)."))
            }
            return value
        }

        private func path(_ key: Key) -> [any CodingKey] { codingPath + [key] }

        func decodeNil(forKey key: Key) throws -> Bool { try member(key) == .null }
        func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try bool(member(key), path(key)) }
        func decode(_ type: String.Type, forKey key: Key) throws -> String { try string(member(key), path(key)) }
        func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try double(member(key), path(key)) }
        func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try float(member(key), path(key)) }
        func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try integer(type, member(key), path(key)) }
        func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try integer(type, member(key), path(key)) }
        func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try integer(type, member(key), path(key)) }
        func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try integer(type, member(key), path(key)) }
        func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try integer(type, member(key), path(key)) }
        func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try integer(type, member(key), path(key)) }
        func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try integer(type, member(key), path(key)) }
        func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try integer(type, member(key), path(key)) }
        func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try integer(type, member(key), path(key)) }
        func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try integer(type, member(key), path(key)) }
        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            try JSONValueDecoder.decode(type, member(key), path(key))
        }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
            try ValueDecoder(value: member(key), codingPath: path(key)).container(keyedBy: type)
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            try ValueDecoder(value: member(key), codingPath: path(key)).unkeyedContainer()
        }

        func superDecoder() throws -> any Decoder {
            ValueDecoder(value: members["super"] ?? .null, codingPath: codingPath)
        }

        func superDecoder(forKey key: Key) throws -> any Decoder {
            ValueDecoder(value: members[key.stringValue] ?? .null, codingPath: path(key))
        }
    }

    struct Unkeyed: UnkeyedDecodingContainer {
        let elements: [JSONValue]
        let codingPath: [any CodingKey]
        var currentIndex = 0

        init(elements: [JSONValue], codingPath: [any CodingKey]) {
            self.elements = elements
            self.codingPath = codingPath
        }

        var count: Int? { elements.count }
        var isAtEnd: Bool { currentIndex >= elements.count }

        /// The next element and its path; the index moves on only when `read` succeeds.
        private mutating func next<T>(_ type: T.Type, _ read: (JSONValue, [any CodingKey]) throws -> T) throws -> T {
            let path = codingPath + [JSONValueEncoder.IndexKey(currentIndex)]
            guard !isAtEnd else {
                throw DecodingError.valueNotFound(type, .init(codingPath: path, debugDescription: "Unkeyed container is at end."))
            }
            let value = try read(elements[currentIndex], path)
            currentIndex += 1
            return value
        }

        mutating func decodeNil() throws -> Bool {
            guard !isAtEnd, elements[currentIndex] == .null else { return false }
            currentIndex += 1
            return true
        }

        mutating func decode(_ type: Bool.Type) throws -> Bool { try next(type, bool) }
        mutating func decode(_ type: String.Type) throws -> String { try next(type, string) }
        mutating func decode(_ type: Double.Type) throws -> Double { try next(type, double) }
        mutating func decode(_ type: Float.Type) throws -> Float { try next(type, float) }
        mutating func decode(_ type: Int.Type) throws -> Int { try next(type) { try integer(type, $0, $1) } }
        mutating func decode(_ type: Int8.Type) throws -> Int8 { try next(type) { try integer(type, $0, $1) } }
        mutating func decode(_ type: Int16.Type) throws -> Int16 { try next(type) { try integer(type, $0, $1) } }
        mutating func decode(_ type: Int32.Type) throws -> Int32 { try next(type) { try integer(type, $0, $1) } }
        mutating func decode(_ type: Int64.Type) throws -> Int64 { try next(type) { try integer(type, $0, $1) } }
        mutating func decode(_ type: UInt.Type) throws -> UInt { try next(type) { try integer(type, $0, $1) } }
        mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try next(type) { try integer(type, $0, $1) } }
        mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try next(type) { try integer(type, $0, $1) } }
        mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try next(type) { try integer(type, $0, $1) } }
        mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try next(type) { try integer(type, $0, $1) } }
        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next(type) { try JSONValueDecoder.decode(type, $0, $1) } }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
            try next(KeyedDecodingContainer<NestedKey>.self) { try ValueDecoder(value: $0, codingPath: $1).container(keyedBy: type) }
        }

        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
            try next((any UnkeyedDecodingContainer).self) { try ValueDecoder(value: $0, codingPath: $1).unkeyedContainer() }
        }

        mutating func superDecoder() throws -> any Decoder {
            try next((any Decoder).self) { ValueDecoder(value: $0, codingPath: $1) }
        }
    }

    struct Single: SingleValueDecodingContainer {
        let value: JSONValue
        let codingPath: [any CodingKey]

        func decodeNil() -> Bool { value == .null }
        func decode(_ type: Bool.Type) throws -> Bool { try bool(value, codingPath) }
        func decode(_ type: String.Type) throws -> String { try string(value, codingPath) }
        func decode(_ type: Double.Type) throws -> Double { try double(value, codingPath) }
        func decode(_ type: Float.Type) throws -> Float { try float(value, codingPath) }
        func decode(_ type: Int.Type) throws -> Int { try integer(type, value, codingPath) }
        func decode(_ type: Int8.Type) throws -> Int8 { try integer(type, value, codingPath) }
        func decode(_ type: Int16.Type) throws -> Int16 { try integer(type, value, codingPath) }
        func decode(_ type: Int32.Type) throws -> Int32 { try integer(type, value, codingPath) }
        func decode(_ type: Int64.Type) throws -> Int64 { try integer(type, value, codingPath) }
        func decode(_ type: UInt.Type) throws -> UInt { try integer(type, value, codingPath) }
        func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type, value, codingPath) }
        func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type, value, codingPath) }
        func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type, value, codingPath) }
        func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type, value, codingPath) }
        func decode<T: Decodable>(_ type: T.Type) throws -> T { try JSONValueDecoder.decode(type, value, codingPath) }
    }
}
