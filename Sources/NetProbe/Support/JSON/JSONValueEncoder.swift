/// Makes a `JSONValue` from any `Encodable` through its conformance, directly: no text in between, no Foundation
/// coder (it replaced `JSONEncoder` + `JSONDecoder` per value). The value is what `JSONEncoder` with its default
/// strategies writes for the types this project encodes (structs, enums with raw values, arrays, dictionaries
/// with `String` or `Int` keys, optionals (`nil` members omitted, as the synthesised conformances do), integers,
/// floating point numbers, strings, booleans): integers become `.number(Double)` (exact up to 2^53), a
/// non-finite number becomes `.number` and is written as `null` by `JSONTextWriter`. Types with their own Foundation
/// strategies (`Date`, `Data`, `URL`) are encoded by their `Encodable` conformance as the stdlib defines it, not by
/// those strategies. A conformance that throws, or a value that encodes nothing, gives `null` there (none of this
/// project's types does either).
public enum JSONValueEncoder {
    public static func encode<T: Encodable>(_ value: T) -> JSONValue {
        let root = Box()
        do {
            try value.encode(to: ValueEncoder(box: root, codingPath: []))
        } catch {
            return .null
        }
        return root.resolved() ?? .null
    }

    /// A value being built; containers are boxes so nested containers can fill them after they were handed out.
    final class Box {
        enum State {
            case empty
            case value(JSONValue)
            case array([Box])
            case object([String: Box])
        }

        var state: State = .empty

        func resolved() -> JSONValue? {
            switch state {
            case .empty: return nil
            case .value(let value): return value
            case .array(let boxes): return .array(boxes.map { $0.resolved() ?? .null })
            case .object(let members):
                var object: [String: JSONValue] = [:]
                for (key, box) in members { object[key] = box.resolved() ?? .null }
                return .object(object)
            }
        }

        func makeObject() {
            if case .object = state { return }
            state = .object([:])
        }

        func makeArray() {
            if case .array = state { return }
            state = .array([])
        }

        func member(_ key: String) -> Box {
            makeObject()
            guard case .object(var members) = state else { return Box() }
            if let existing = members[key] { return existing }
            let box = Box()
            members[key] = box
            state = .object(members)
            return box
        }

        func appendElement() -> Box {
            makeArray()
            guard case .array(var elements) = state else { return Box() }
            let box = Box()
            elements.append(box)
            state = .array(elements)
            return box
        }

        var count: Int {
            if case .array(let elements) = state { return elements.count }
            return 0
        }
    }

    struct ValueEncoder: Encoder {
        let box: Box
        let codingPath: [any CodingKey]
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            box.makeObject()
            return KeyedEncodingContainer(Keyed<Key>(box: box, codingPath: codingPath))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            box.makeArray()
            return Unkeyed(box: box, codingPath: codingPath)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer {
            Single(box: box, codingPath: codingPath)
        }
    }

    static func number<N: BinaryInteger>(_ value: N) -> JSONValue { .number(Double(value)) }

    /// A nested `Encodable` into `box`.
    static func encode(_ value: some Encodable, into box: Box, codingPath: [any CodingKey]) throws {
        try value.encode(to: ValueEncoder(box: box, codingPath: codingPath))
    }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let box: Box
        let codingPath: [any CodingKey]

        private func set(_ value: JSONValue, _ key: Key) { box.member(key.stringValue).state = .value(value) }

        mutating func encodeNil(forKey key: Key) throws { set(.null, key) }
        mutating func encode(_ value: Bool, forKey key: Key) throws { set(.bool(value), key) }
        mutating func encode(_ value: String, forKey key: Key) throws { set(.string(value), key) }
        mutating func encode(_ value: Double, forKey key: Key) throws { set(.number(value), key) }
        mutating func encode(_ value: Float, forKey key: Key) throws { set(.number(Double(value)), key) }
        mutating func encode(_ value: Int, forKey key: Key) throws { set(number(value), key) }
        mutating func encode(_ value: Int8, forKey key: Key) throws { set(number(value), key) }
        mutating func encode(_ value: Int16, forKey key: Key) throws { set(number(value), key) }
        mutating func encode(_ value: Int32, forKey key: Key) throws { set(number(value), key) }
        mutating func encode(_ value: Int64, forKey key: Key) throws { set(number(value), key) }
        mutating func encode(_ value: UInt, forKey key: Key) throws { set(number(value), key) }
        mutating func encode(_ value: UInt8, forKey key: Key) throws { set(number(value), key) }
        mutating func encode(_ value: UInt16, forKey key: Key) throws { set(number(value), key) }
        mutating func encode(_ value: UInt32, forKey key: Key) throws { set(number(value), key) }
        mutating func encode(_ value: UInt64, forKey key: Key) throws { set(number(value), key) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            try JSONValueEncoder.encode(value, into: box.member(key.stringValue), codingPath: codingPath + [key])
        }

        mutating func nestedContainer<NestedKey: CodingKey>(
            keyedBy keyType: NestedKey.Type, forKey key: Key
        ) -> KeyedEncodingContainer<NestedKey> {
            let nested = box.member(key.stringValue)
            nested.makeObject()
            return KeyedEncodingContainer(Keyed<NestedKey>(box: nested, codingPath: codingPath + [key]))
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            let nested = box.member(key.stringValue)
            nested.makeArray()
            return Unkeyed(box: nested, codingPath: codingPath + [key])
        }

        mutating func superEncoder() -> any Encoder {
            ValueEncoder(box: box.member("super"), codingPath: codingPath)
        }

        mutating func superEncoder(forKey key: Key) -> any Encoder {
            ValueEncoder(box: box.member(key.stringValue), codingPath: codingPath + [key])
        }
    }

    struct IndexKey: CodingKey {
        var stringValue: String
        var intValue: Int?
        init(_ index: Int) { stringValue = String(index); intValue = index }
        init?(stringValue: String) { self.stringValue = stringValue; intValue = Int(stringValue) }
        init?(intValue: Int) { self.init(intValue) }
    }

    struct Unkeyed: UnkeyedEncodingContainer {
        let box: Box
        let codingPath: [any CodingKey]
        var count: Int { box.count }

        private func append(_ value: JSONValue) { box.appendElement().state = .value(value) }

        mutating func encodeNil() throws { append(.null) }
        mutating func encode(_ value: Bool) throws { append(.bool(value)) }
        mutating func encode(_ value: String) throws { append(.string(value)) }
        mutating func encode(_ value: Double) throws { append(.number(value)) }
        mutating func encode(_ value: Float) throws { append(.number(Double(value))) }
        mutating func encode(_ value: Int) throws { append(number(value)) }
        mutating func encode(_ value: Int8) throws { append(number(value)) }
        mutating func encode(_ value: Int16) throws { append(number(value)) }
        mutating func encode(_ value: Int32) throws { append(number(value)) }
        mutating func encode(_ value: Int64) throws { append(number(value)) }
        mutating func encode(_ value: UInt) throws { append(number(value)) }
        mutating func encode(_ value: UInt8) throws { append(number(value)) }
        mutating func encode(_ value: UInt16) throws { append(number(value)) }
        mutating func encode(_ value: UInt32) throws { append(number(value)) }
        mutating func encode(_ value: UInt64) throws { append(number(value)) }
        mutating func encode<T: Encodable>(_ value: T) throws {
            let path = codingPath + [IndexKey(count)]
            try JSONValueEncoder.encode(value, into: box.appendElement(), codingPath: path)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            let path = codingPath + [IndexKey(count)]
            let nested = box.appendElement()
            nested.makeObject()
            return KeyedEncodingContainer(Keyed<NestedKey>(box: nested, codingPath: path))
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            let path = codingPath + [IndexKey(count)]
            let nested = box.appendElement()
            nested.makeArray()
            return Unkeyed(box: nested, codingPath: path)
        }

        mutating func superEncoder() -> any Encoder {
            ValueEncoder(box: box.appendElement(), codingPath: codingPath + [IndexKey(count)])
        }
    }

    struct Single: SingleValueEncodingContainer {
        let box: Box
        let codingPath: [any CodingKey]

        private func set(_ value: JSONValue) { box.state = .value(value) }

        mutating func encodeNil() throws { set(.null) }
        mutating func encode(_ value: Bool) throws { set(.bool(value)) }
        mutating func encode(_ value: String) throws { set(.string(value)) }
        mutating func encode(_ value: Double) throws { set(.number(value)) }
        mutating func encode(_ value: Float) throws { set(.number(Double(value))) }
        mutating func encode(_ value: Int) throws { set(number(value)) }
        mutating func encode(_ value: Int8) throws { set(number(value)) }
        mutating func encode(_ value: Int16) throws { set(number(value)) }
        mutating func encode(_ value: Int32) throws { set(number(value)) }
        mutating func encode(_ value: Int64) throws { set(number(value)) }
        mutating func encode(_ value: UInt) throws { set(number(value)) }
        mutating func encode(_ value: UInt8) throws { set(number(value)) }
        mutating func encode(_ value: UInt16) throws { set(number(value)) }
        mutating func encode(_ value: UInt32) throws { set(number(value)) }
        mutating func encode(_ value: UInt64) throws { set(number(value)) }
        mutating func encode<T: Encodable>(_ value: T) throws {
            try JSONValueEncoder.encode(value, into: box, codingPath: codingPath)
        }
    }
}
