import Foundation
import Testing
import TestSupport
@testable import NetProbe

/// `JSONReader`, the one JSON reader: strict RFC 8259 unless a caller asks for comments or trailing commas, the
/// last value of a repeated key, positions in every error, the same grammar for values, nodes and the recovering
/// read of `ip -j` arrays.
@Suite("JSON reader")
struct JSONReaderTests {
    static func error(_ text: String, _ options: JSONReader.Options = .strict) -> JSONReadError? {
        do throws(JSONReadError) {
            _ = try JSONReader.value(Array(text.utf8), options: options)
            return nil
        } catch {
            return error
        }
    }

    @Test("strict by default: trailing commas and comments are errors naming line, column and byte offset")
    func strictErrorsWithPositions() throws {
        let comma = try #require(Self.error("{\n  \"a\": 1,\n}"))
        #expect(comma.kind == .trailingComma(close: "}"))
        #expect(comma.position == JSONPosition(line: 3, column: 1, offset: 12))
        #expect(comma.description == "line 3, column 1: a comma before '}' (JSON allows no trailing comma)")
        let comment = try #require(Self.error("[1, // one\n2]"))
        #expect(comment.kind == .comment && comment.position == JSONPosition(line: 1, column: 5, offset: 4))
        let colon = try #require(Self.error("{\n  \"gateway\": {\n    \"port\" 2\n  }\n}"))
        #expect(colon.message == "expected ':' after \"port\", found '2'" && colon.line == 3 && colon.position.column == 12)
        let cut = try #require(Self.error("[{\"a\": \"b"))
        #expect(cut.kind == .cutOff(inside: "string") && cut.position.offset == 9)
        #expect(Self.error("")?.kind == .empty)
        #expect(Self.error("1 2")?.kind == .trailingBytes(found: "'2'"))
        #expect(Self.error("01")?.kind == .malformedNumber)
        #expect(Self.error("1e400")?.kind == .numberOutOfRange)
        #expect(Self.error("\"\\ud800\"")?.kind == .unpairedSurrogate)
        #expect(Self.error("\"a\nb\"")?.kind == .controlCharacter)
        #expect(Self.error("[[1]]", JSONReader.Options(maxDepth: 1))?.kind == .tooDeep(limit: 1))
        #expect(Self.error("[[1]]", JSONReader.Options(maxDepth: 2)) == nil)
        // Multi-byte text before the error: the column counts bytes, the offset too.
        let after = try #require(Self.error("[\"é\" 1]"))
        #expect(after.position == JSONPosition(line: 1, column: 7, offset: 6))
    }

    @Test("leniency only where asked: comments and one trailing comma, never an empty element")
    func configurationOptions() throws {
        let text = "{\n  // the port\n  \"gateway\": { \"port\": 18789, /* why */ },\n  \"x\": [1, 2,],\n}\n"
        #expect(Self.error(text) != nil)
        let value = try JSONReader.value(Array(text.utf8), options: .configuration)
        #expect(value == ["gateway": ["port": 18789], "x": [1, 2]])
        for invalid in ["[,]", "{,}", "[1,,]", "{\"a\":1,,}", "[1 /* never closed"] {
            #expect(Self.error(invalid, .configuration) != nil, "\(invalid)")
        }
        #expect(Self.error("[1 /* never closed", .configuration)?.kind == .cutOff(inside: "comment"))
        #expect(try JSONReader.value(Array("\"// not a comment\"".utf8), options: .configuration) == "// not a comment")
    }

    @Test("a repeated key: the last value wins, in values and in nodes (at the first key's place)")
    func repeatedKeys() throws {
        let bytes = Array(#"{"a":1,"b":true,"a":{"c":2}}"#.utf8)
        #expect(try JSONReader.value(bytes) == ["a": ["c": 2], "b": true])
        let node = try JSONReader.node(bytes)
        #expect(node.members?.map(\.key) == ["a", "b"])
        #expect(node["a"]?.value == ["c": 2] && node["a"]?.position?.offset == 20)
        #expect(node.lookup("a.c") == .found(2, line: 1))
        #expect(node.lookup("b.c") == .parentNotObject(path: "b", line: 1))
        #expect(node.lookup("z") == .absent)
    }

    @Test("nodes keep key order and the position of every value; written back in that order")
    func nodesKeepOrderAndPositions() throws {
        let text = "[\n  {\"ifname\": \"lo\", \"flags\": [\"UP\"],\n   \"mtu\": 65536}\n]"
        let node = try JSONReader.node(Array(text.utf8))
        let entry = try #require(node.elements?.first)
        #expect(entry.members?.map(\.key) == ["ifname", "flags", "mtu"])
        #expect(entry.position == JSONPosition(line: 2, column: 3, offset: 4))
        #expect(entry["mtu"]?.position == JSONPosition(line: 3, column: 11, offset: 48))
        #expect(entry["mtu"]?.int == 65536 && entry["mtu"]?.text == "65536" && entry["ifname"]?.string == "lo")
        #expect(node.jsonText == #"[{"ifname":"lo","flags":["UP"],"mtu":65536}]"#)
        #expect(JSONNode.members([("z", .int(1)), ("a", .list([.null, .bool(true)]))]).jsonText == #"{"z":1,"a":[null,true]}"#)
    }

    @Test("random fragment soups: values and nodes come from one grammar (seeded, 20000 cases)")
    func valueAndNodeAgree() {
        var generator = SeededGenerator(seed: 0x70DE)
        var accepted = 0
        for _ in 0..<20000 {
            var text = ""
            for _ in 0..<Int(generator.next() % 9) {
                text += JSONTextTests.fragments[Int(generator.next() % UInt64(JSONTextTests.fragments.count))]
            }
            let bytes = Array(text.utf8)
            for options in [JSONReader.Options.strict, .configuration] {
                let value = Result { () throws(JSONReadError) in try JSONReader.value(bytes, options: options) }
                let node = Result { () throws(JSONReadError) in try JSONReader.node(bytes, options: options) }
                switch (value, node) {
                case (.success(let value), .success(let node)):
                    accepted += 1
                    #expect(node.value == value, "\(text.debugDescription)")
                    #expect(JSONValue.parse(Array(node.jsonText.utf8)) == value, "\(text.debugDescription)")
                case (.failure(let first), .failure(let second)):
                    #expect(first == second, "\(text.debugDescription)")
                    #expect(first.position.offset <= bytes.count)
                    #expect(first.position == JSONPosition.of(offset: first.position.offset, in: bytes))
                default:
                    Issue.record("value and node disagree on \(text.debugDescription)")
                }
            }
        }
        #expect(accepted > 1000, "\(accepted)")
    }

    @Test("the recovering read: every element before the error, and the error's line")
    func arraysRecovery() throws {
        let text = "[{\"a\":1},\n {\"b\":2}]\n[{\"c\":3},\n {\"d\": tru"
        let outcome = JSONReader.arrays(Array(text.utf8))
        #expect(outcome.elements.map(\.value) == [["a": 1], ["b": 2], ["c": 3]])
        #expect(outcome.elements.map(\.line) == [1, 2, 3])
        let error = try #require(outcome.error)
        #expect(error.kind == .badLiteral(expected: "true") && error.line == 4)
        #expect(JSONReader.arrays(Array("[]\n[1]".utf8)).elements.map(\.value) == [1])
        #expect(JSONReader.arrays(Array("{}".utf8)).error?.kind == .expectedArray(found: "'{'"))
        #expect(JSONReader.arrays(Array("[1,]".utf8)).error?.kind == .trailingComma(close: "]"))
    }
}
