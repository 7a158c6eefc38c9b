// Fuzz target `json`: JSONBytesParser (the gateway's request parser) differentially against Foundation's
// JSONDecoder decoding JSONValue (what it replaced): both accept the same inputs and give the same value (one
// documented exception below); every
// accepted value written back by JSONTextWriter parses to itself.
import Foundation
import NetProbe

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
    let mine = JSONBytesParser.parse(bytes)
    let foundation = try? JSONDecoder().decode(JSONValue.self, from: Data(bytes))
    // One known difference: JSONDecoder detects UTF-16 and UTF-32 from NUL bytes among the first ones (`\0 2`, `2 \0`
    // read as UTF-16 "2"); the parser reads UTF-8 only (WebSocket text frames are UTF-8, RFC 6455), and a NUL byte
    // is never valid UTF-8 JSON. Inputs with a NUL byte are compared only where the parser accepts.
    // A second one: JSONDecoder refuses `0e3`/`0E3` (zero with an unsigned exponent; `-0e3`, `0e-3`, `0.0e3` pass), a
    // valid RFC 8259 number the parser accepts. Such inputs are compared only where JSONDecoder accepts.
    let zeroExponent = zip(bytes, bytes.dropFirst()).contains { $0 == UInt8(ascii: "0") && ($1 | 0x20) == UInt8(ascii: "e") }
    // A third: JSONDecoder checks a number's form only when it decodes it, so a bad number under a repeated key (the
    // first value wins; the later one is never decoded) passes there and not here. Inputs with a repeated key are
    // compared only where the parser accepts.
    if (!bytes.contains(0) || mine != nil) && !(zeroExponent && foundation == nil)
        && !(mine == nil && hasRepeatedKey(bytes)) {
        fuzzRequire(mine == foundation, "parser \(String(describing: mine)) vs JSONDecoder \(String(describing: foundation))")
    }
    if let mine {
        let text = mine.text
        fuzzRequire(JSONBytesParser.parse(Array(text.utf8)) == mine, "written text does not read back: \(text)")
    }
    return 0
}

/// True when some `"name":` occurs twice (a cheap over-approximation of a repeated object key).
func hasRepeatedKey(_ bytes: [UInt8]) -> Bool {
    var seen = Set<ArraySlice<UInt8>>()
    var index = 0
    while index < bytes.count {
        guard bytes[index] == UInt8(ascii: "\"") else { index += 1; continue }
        var end = index + 1
        while end < bytes.count, bytes[end] != UInt8(ascii: "\"") { end += bytes[end] == UInt8(ascii: "\\") ? 2 : 1 }
        guard end < bytes.count else { return false }
        var after = end + 1
        while after < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[after]) { after += 1 }
        if after < bytes.count, bytes[after] == UInt8(ascii: ":"), !seen.insert(bytes[index...end]).inserted { return true }
        index = end + 1
    }
    return false
}
