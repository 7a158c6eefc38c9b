// Fuzz target `json`: JSONReader (the one JSON reader: the gateway's requests, journal lines, `ip -j`,
// `openclaw.json`) differentially against Foundation's JSONDecoder decoding JSONValue (what it replaced): both accept
// the same inputs and give the same value, but for the documented differences below. The reader's three forms (value,
// node, recovering `arrays`) come from one grammar: the same acceptance, value and error. Every error's position is
// the byte it names. Every accepted value written back by JSONTextWriter (sorted, and as a node in document order)
// reads back equal. The repeated-key oracle is the tests' (the line below compiles it in).
// fuzz-sources: Tests/TestSupport/JSONRepeatedKey.swift
import Foundation
@testable import NetProbe

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
    let strict = Result { () throws(JSONReadError) in try JSONReader.value(bytes) }
    let mine = try? strict.get()
    let foundation = try? JSONDecoder().decode(JSONValue.self, from: Data(bytes))
    // JSONDecoder detects UTF-16 and UTF-32 from NUL bytes among the first ones (`\0 2`, `2 \0` read as UTF-16 "2");
    // the reader reads UTF-8 only (WebSocket text frames are UTF-8, RFC 6455), and a NUL byte is never valid UTF-8
    // JSON. Inputs with a NUL byte are compared only where the reader accepts.
    // JSONDecoder refuses `0e3`/`0E3` (zero with an unsigned exponent; `-0e3`, `0e-3`, `0.0e3` pass), a valid RFC 8259
    // number the reader accepts. Such inputs are compared only where JSONDecoder accepts.
    let zeroExponent = zip(bytes, bytes.dropFirst()).contains { $0 == UInt8(ascii: "0") && ($1 | 0x20) == UInt8(ascii: "e") }
    // A repeated key: JSONDecoder keeps the first value (and never checks a later one's number); the reader keeps
    // the last. Inputs with a repeated key are compared for acceptance only, where the reader accepts.
    let repeated = jsonHasRepeatedKey(bytes)
    // A trailing comma: JSONDecoder accepts one; the reader's strict read refuses it and reads it only with
    // `allowsTrailingCommas`, then with JSONDecoder's value.
    var expected = mine
    if case .failure(let error) = strict, case .trailingComma = error.kind {
        expected = try? JSONReader.value(bytes, options: JSONReader.Options(allowsTrailingCommas: true))
    }
    if (!bytes.contains(0) || mine != nil) && !(zeroExponent && foundation == nil) {
        if repeated {
            if expected != nil { fuzzRequire(foundation != nil, "reader accepts, JSONDecoder refuses: \(String(describing: expected))") }
        } else {
            fuzzRequire(expected == foundation, "reader \(String(describing: expected)) vs JSONDecoder \(String(describing: foundation))")
        }
    }
    // One grammar: the node and the value agree, and so does the recovering read on a run of arrays.
    let node = Result { () throws(JSONReadError) in try JSONReader.node(bytes) }
    switch (strict, node) {
    case (.success(let value), .success(let node)):
        fuzzRequire(node.value == value, "node \(node.value) vs value \(value)")
        fuzzRequire(JSONValue.parse(Array(node.jsonText.utf8)) == value, "node text does not read back: \(node.jsonText)")
        fuzzRequire(JSONValue.parse(Array(value.text.utf8)) == value, "written text does not read back: \(value.text)")
        if case .array(let elements) = value {
            let arrays = JSONReader.arrays(bytes, options: .strict)
            fuzzRequire(arrays.error == nil && arrays.elements.map(\.value) == elements, "arrays read differs")
        }
    case (.failure(let first), .failure(let second)):
        fuzzRequire(first == second, "value error \(first) vs node error \(second)")
        fuzzRequire(first.position.offset <= bytes.count, "error offset \(first.position.offset) past the end")
        fuzzRequire(first.position == JSONPosition.of(offset: first.position.offset, in: bytes), "error position \(first.position) is not its offset's")
    default:
        fuzzRequire(false, "value and node disagree: \(strict) vs \(node)")
    }
    return 0
}
