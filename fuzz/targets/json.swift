// Fuzz target `json`: JSONBytesParser (the gateway's request parser) differentially against Foundation's
// JSONDecoder decoding JSONValue (what it replaced): both accept the same inputs and give the same value; every
// accepted value written back by JSONTextWriter parses to itself.
import Foundation
import NetProbe

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
    let mine = JSONBytesParser.parse(bytes)
    let foundation = try? JSONDecoder().decode(JSONValue.self, from: Data(bytes))
    fuzzRequire(mine == foundation, "parser \(String(describing: mine)) vs JSONDecoder \(String(describing: foundation))")
    if let mine {
        let text = mine.text
        fuzzRequire(JSONBytesParser.parse(Array(text.utf8)) == mine, "written text does not read back: \(text)")
    }
    return 0
}
