/// Writes `JSONValue`s as compact JSON text without `JSONEncoder`: object keys sorted by their UTF-8 bytes, strings
/// escaped as RFC 8259 requires (`"`, `\\`, control characters; `/` is not escaped), integral numbers below 9e15 as
/// integers (as `JSONValue`'s `Encodable` conformance does); other finite numbers in Swift's shortest form that
/// reads back to the same `Double` (`0.5`, `1e-07`, `1e+300`), a non-finite one as `null`. `JSONNode`s are written
/// with their members in document order (the capture's `ip -j` sections). No Foundation.
public struct JSONTextWriter {
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 256) { bytes.reserveCapacity(capacity) }

    public var text: String { String(decoding: bytes, as: UTF8.self) }

    public mutating func write(_ value: JSONValue) {
        switch value {
        case .null: append("null")
        case .bool(let flag): append(flag ? "true" : "false")
        case .number(let number): write(number: number)
        case .string(let string): write(string: string)
        case .array(let elements): writeArray(elements) { $0.write($1) }
        case .object(let members):
            bytes.append(UInt8(ascii: "{"))
            let keys = members.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for (offset, key) in keys.enumerated() {
                if offset > 0 { bytes.append(UInt8(ascii: ",")) }
                write(string: key)
                bytes.append(UInt8(ascii: ":"))
                write(members[key]!)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    /// A node with its members in the order they are held (not sorted).
    public mutating func write(_ node: JSONNode) {
        switch node.content {
        case .scalar(let value): write(value)
        case .array(let elements): writeArray(elements) { $0.write($1) }
        case .object(let members):
            bytes.append(UInt8(ascii: "{"))
            for (offset, member) in members.enumerated() {
                if offset > 0 { bytes.append(UInt8(ascii: ",")) }
                write(string: member.key)
                bytes.append(UInt8(ascii: ":"))
                write(member.node)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    /// `[e1,e2,...]`, each element written by `writeElement` (a value's or a node's `write`).
    private mutating func writeArray<Element>(_ elements: [Element], _ writeElement: (inout JSONTextWriter, Element) -> Void) {
        bytes.append(UInt8(ascii: "["))
        for (offset, element) in elements.enumerated() {
            if offset > 0 { bytes.append(UInt8(ascii: ",")) }
            writeElement(&self, element)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// Appends text that is already JSON (a cached encoding).
    public mutating func append(raw: String) { bytes.append(contentsOf: raw.utf8) }

    public mutating func write(number: Double) {
        if number.rounded() == number, abs(number) < 9.0e15 {
            append(String(Int64(number)))
        } else if number.isFinite {
            append(number.description)
        } else {
            append("null")  // not finite: JSON has no such number
        }
    }

    public mutating func write(string: String) {
        bytes.append(UInt8(ascii: "\""))
        let utf8 = string.utf8
        let needsEscape = { (byte: UInt8) in byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") }
        // Scanned in place when contiguous (every native string): the view's iterator costs several times more.
        let escapes = utf8.withContiguousStorageIfAvailable({ $0.contains(where: needsEscape) }) ?? utf8.contains(where: needsEscape)
        if !escapes {
            bytes.append(contentsOf: utf8)  // nothing to escape: the common case
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "\""): append("\\\"")
            case UInt8(ascii: "\\"): append("\\\\")
            case 0x0A: append("\\n")
            case 0x0D: append("\\r")
            case 0x09: append("\\t")
            case 0x08: append("\\b")
            case 0x0C: append("\\f")
            case 0..<0x20:
                append("\\u00")
                bytes.append(Self.hexDigits[Int(byte >> 4)])
                bytes.append(Self.hexDigits[Int(byte & 0x0F)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func append(_ text: String) { bytes.append(contentsOf: text.utf8) }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}

extension JSONNode {
    /// Compact JSON text, members in the order held (`JSONTextWriter.write(_:)`).
    public var jsonText: String {
        var writer = JSONTextWriter()
        writer.write(self)
        return writer.text
    }
}
