import Foundation
import Testing
import TestSupport
@testable import NetProbe

/// `JSONReader` and `JSONTextWriter` (the gateway's request reader and frame writer) agree with Foundation's
/// `JSONDecoder`/`JSONEncoder`, which they replaced on the gateway's per-request path, but for the reader's
/// documented strictness: `JSONDecoder` accepts a trailing comma and keeps the first value of a repeated key.
@Suite("JSON text")
struct JSONTextTests {
    /// Fragments whose concatenations cover valid and invalid JSON: structure, escapes, surrogates, number forms.
    static let fragments = ["{", "}", "[", "]", ":", ",", " ", "\n", "\"", "\"a\"", "\"k\":", "\\", "\\u00e9", "\\ud83d",
        "\\ude00", "\\n", "\\/", "\\x", "true", "false", "null", "nul", "0", "-0", "01", "1.5", "1.", ".5", "-", "1e3",
        "1E+2", "2e-5", "1e400", "123456789012345678", "NaN", "+1", "é", "\u{1}", "\t", "\u{7F}"]

    @Test("random fragment soups: same acceptance and value as JSONDecoder but for trailing commas and repeated keys (seeded, 30000 cases)")
    func readerAgreesWithJSONDecoder() {
        var generator = SeededGenerator(seed: 0x150A)
        var accepted = 0, trailingCommas = 0
        for _ in 0..<30000 {
            var text = ""
            for _ in 0..<Int(generator.next() % 9) {
                text += Self.fragments[Int(generator.next() % UInt64(Self.fragments.count))]
            }
            let bytes = Array(text.utf8)
            let foundation = try? JSONDecoder().decode(JSONValue.self, from: Data(bytes))
            let mine: JSONValue?
            do throws(JSONReadError) {
                mine = try JSONReader.value(bytes)
            } catch {
                mine = nil
                if case .trailingComma = error.kind, let foundation {
                    // JSONDecoder's one leniency: the reader accepts it only when asked, with the same value.
                    trailingCommas += 1
                    let lenient = try? JSONReader.value(bytes, options: JSONReader.Options(allowsTrailingCommas: true))
                    if !jsonHasRepeatedKey(bytes) { #expect(lenient == foundation, "\(text.debugDescription)") }
                    continue
                }
            }
            if jsonHasRepeatedKey(bytes) {
                // JSONDecoder keeps the first value (and never checks a later one); the reader keeps the last.
                if mine != nil { #expect(foundation != nil, "\(text.debugDescription)") }
            } else {
                #expect(mine == foundation, "\(text.debugDescription)")
            }
            if mine != nil { accepted += 1 }
        }
        #expect(accepted > 1000, "the soups must contain enough valid JSON to compare values (\(accepted))")
        _ = trailingCommas  // where JSONDecoder accepts a trailing comma, the lenient read gave its value above
    }

    @Test("random values: written text reads back equal through JSONDecoder and the reader (seeded, 3000 values)")
    func writerRoundTrips() throws {
        var generator = SeededGenerator(seed: 0x7E47)
        for _ in 0..<3000 {
            let value = Self.randomValue(&generator, depth: 0)
            let text = value.text
            #expect(JSONValue.parse(Array(text.utf8)) == value, "\(text)")
            let decoded = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
            #expect(decoded == value, "\(text)")
        }
    }

    @Test("examples: keys sorted by bytes, escapes, numbers; invalid inputs rejected")
    func examples() {
        let value: JSONValue = ["b": 1, "a": ["x/y\n\u{1}\"", .number(0.5), -3, true, nil], "B": [:]]
        #expect(value.text == #"{"B":{},"a":["x/y\n\u0001\"",0.5,-3,true,null],"b":1}"#)
        #expect(JSONValue.parse(Array(#" {"id":"c1","n":[1,2.5e1]} "#.utf8)) == ["id": "c1", "n": [1, 25]])
        #expect(JSONValue.parse(Array(#""\ud83d\ude00""#.utf8)) == .string("\u{1F600}"))
        for invalid in ["", "{", "{} x", "01", "1.", "+1", "1e400", "2e-500", "\"\\ud800\"", "\"a\u{1}\"", "[1,,]", "[,]", "{,}", "{\"a\"}", "nul"] {
            #expect(JSONValue.parse(Array(invalid.utf8)) == nil, "\(invalid.debugDescription)")
        }
        #expect(JSONValue.parse([0x22, 0xFF, 0x22]) == nil, "invalid UTF-8 inside a string")
        // JSONDecoder reads these as UTF-16 "2"; the reader reads UTF-8 only (fuzz target `json`).
        #expect(JSONValue.parse([0x32, 0x00]) == nil && JSONValue.parse([0x00, 0x32]) == nil)
        // JSONDecoder accepts one trailing comma in objects and arrays; strict RFC 8259 (the reader) does not.
        #expect(JSONValue.parse(Array(#"{"type":"req","minProtocol":5,}"#.utf8)) == nil)
        #expect(JSONValue.parse(Array("[ 1 , ]".utf8)) == nil)
        // Fuzz regression (target `json`): a valid value followed by other bytes is not JSON (it once parsed as
        // `.null`: `JSONValue` is ExpressibleByNilLiteral, and a ternary typed the `nil` as the value).
        #expect(JSONValue.parse([0x22, 0x22, 0x78, 0x45, 0x9A, 0x2C, 0x2B]) == nil)
        #expect(JSONValue.parse(Array("tru".utf8)) == nil && JSONValue.parse(Array("1 2".utf8)) == nil)
        // A repeated key keeps its last value (JSONDecoder keeps the first: seed duplicate-key of target `json`).
        let duplicate = Array(#"{"a":1,"a":2,"b":{"c":[[],{}]}}"#.utf8)
        #expect(JSONValue.parse(duplicate) == ["a": 2, "b": ["c": [[], [:]]]])
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        #expect(JSONValue.parse(Array(deep.utf8)) == nil, "nesting deeper than maxDepth")
        let deepest = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(JSONValue.parse(Array(deepest.utf8)) != nil, "512 levels are read")
    }

    static func randomValue(_ generator: inout SeededGenerator, depth: Int) -> JSONValue {
        let strings = ["", "a", "é", "x/y", "q\"uote", "back\\slash", "\n\t\r\u{8}\u{C}\u{1F}", "\u{1F600}", "id", "ID"]
        switch generator.next() % (depth < 3 ? 8 : 5) {
        case 0: return .null
        case 1: return .bool(generator.next() % 2 == 0)
        case 2:
            let numbers: [Double] = [0, -1, 42, 1e15, 8.9e15, 0.5, -2.25, 1e-7, 123456.789, 1e300]
            return .number(numbers[Int(generator.next() % UInt64(numbers.count))])
        case 3, 4: return .string(strings[Int(generator.next() % UInt64(strings.count))])
        case 5: return .array((0..<Int(generator.next() % 4)).map { _ in randomValue(&generator, depth: depth + 1) })
        default:
            var members: [String: JSONValue] = [:]
            for _ in 0..<Int(generator.next() % 4) {
                members[strings[Int(generator.next() % UInt64(strings.count))]] = randomValue(&generator, depth: depth + 1)
            }
            return .object(members)
        }
    }
}
