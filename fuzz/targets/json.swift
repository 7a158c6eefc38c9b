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
    // One known difference: JSONDecoder accepts a top-level number followed by a final NUL byte (`2\0`); the parser
    // rejects it (a NUL is not JSON). Inputs ending in NUL are compared only where the parser accepts.
    if bytes.last != 0 || mine != nil {
        fuzzRequire(mine == foundation, "parser \(String(describing: mine)) vs JSONDecoder \(String(describing: foundation))")
    }
    if let mine {
        let text = mine.text
        fuzzRequire(JSONBytesParser.parse(Array(text.utf8)) == mine, "written text does not read back: \(text)")
    }
    return 0
}
