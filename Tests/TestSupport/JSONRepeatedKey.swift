/// The JSON oracles' question "does a key repeat" (where `JSONDecoder` keeps the first value and `JSONReader` the
/// last): true when some `"name":` occurs twice in `bytes`, a cheap over-approximation of a repeated object key.
/// Shared by `JSONTextTests` and the `json` fuzz harness (compiled in from its `// fuzz-sources:` line); stdlib only.
public func jsonHasRepeatedKey(_ bytes: [UInt8]) -> Bool {
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
