// Fuzz target `ipaddress`: any text through `IPAddress(parsing:)`, and the input's first 4 or 16 bytes as an
// address. Properties: parse never traps; it accepts exactly what glibc's inet_pton(3) accepts, with its bytes, and
// a refusal names an offset inside the text; parse(text(x)) == x; text(x) is glibc's inet_ntop(3)'s and keeps RFC
// 5952's rules (checked here on the text itself: lower-case hex, no leading zeros, `::` for the longest run of two or
// more zero groups, the first of equals, never for one group; dotted decimal only for the last 32 bits of
// `::ffff:0:0/96` and `::/96`); the classes agree with the bytes.
@testable import NetProbe
#if canImport(Glibc)
import Glibc
#endif

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
    let text = fuzzText(data, size)

    // The input as text.
    do throws(IPAddressParseError) {
        let address = try IPAddress(parsing: text)
        fuzzRequire(pton(text) == address.bytes, "\(text.debugDescription) read as \(address.bytes), inet_pton: \(String(describing: pton(text)))")
        check(address)
    } catch {
        fuzzRequire(error.offset >= 0 && error.offset <= text.utf8.count, "offset \(error.offset) outside \(text.debugDescription)")
        // A NUL ends the C string inet_pton reads; anything after it is not part of its input.
        if !text.utf8.contains(0) { fuzzRequire(pton(text) == nil, "\(text.debugDescription) refused (\(error)) but inet_pton reads it") }
    }

    // The input's bytes as an address: 16 for an even first byte, 4 for an odd one.
    if let first = bytes.first {
        let count = first % 2 == 0 ? 16 : 4
        if bytes.count > count, let address = IPAddress(bytes: Array(bytes[1...count])) { check(address) }
    }
    return 0
}

/// parse(text(x)) == x; the text is inet_ntop's and canonical; the classes agree with the bytes.
func check(_ address: IPAddress) {
    let text = address.text
    fuzzRequire((try? IPAddress(parsing: text)) == address, "\(address.bytes) printed as \(text), which does not read back")
    fuzzRequire(text == ntop(address.bytes), "\(address.bytes) printed as \(text), inet_ntop: \(String(describing: ntop(address.bytes)))")
    fuzzRequire(isCanonical(text, address.bytes), "\(address.bytes) printed as \(text): not RFC 5952's form")
    let b = address.bytes
    fuzzRequire(address.isUnspecified == (text == "0.0.0.0" || text == "::"), "\(text) isUnspecified \(address.isUnspecified)")
    let loopback = address.family == .inet ? b[0] == 127 : (text == "::1" || text.hasPrefix("::ffff:127."))
    fuzzRequire(address.isLoopback == loopback, "\(text) isLoopback \(address.isLoopback)")
    // fe80::/10: a first group of four digits `fe8x` to `febx` (`fe9::e` is 0fe9::e).
    let firstGroup = text.prefix { $0 != ":" }
    let linkLocal = address.family == .inet ? text.hasPrefix("169.254.") : firstGroup.count == 4 && ["fe8", "fe9", "fea", "feb"].contains { firstGroup.hasPrefix($0) }
    fuzzRequire(address.isLinkLocal == linkLocal, "\(text) isLinkLocal \(address.isLinkLocal)")
}

/// RFC 5952's rules, checked on the text (not by printing again): see the file's head.
func isCanonical(_ text: String, _ bytes: [UInt8]) -> Bool {
    if bytes.count == 4 { return text == bytes.map { String($0) }.joined(separator: ".") }
    let words = (0..<8).map { Int(bytes[2 * $0]) << 8 | Int(bytes[2 * $0 + 1]) }
    var hexPart = Substring(text)
    var groupsExpected = 8
    // Dotted decimal for the last 32 bits exactly for `::ffff:0:0/96` (mapped) and `::/96` with a nonzero seventh
    // group (glibc's IPv4-compatible form; `::` and `::1` stay hex).
    let mapped = words[0..<5].allSatisfy { $0 == 0 } && words[5] == 0xFFFF
    let compatible = words[0..<6].allSatisfy { $0 == 0 } && words[6] != 0
    guard text.contains(".") == (mapped || compatible) else { return false }
    if let lastColon = text.lastIndex(of: ":"), text[lastColon...].contains(".") {
        let v4 = text[text.index(after: lastColon)...]
        guard v4 == bytes[12...].map({ String($0) }).joined(separator: ".") else { return false }
        hexPart = text[...lastColon]
        if hexPart.hasSuffix("::") { } else { hexPart = hexPart.dropLast() }
        groupsExpected = 6
    }
    guard hexPart.allSatisfy({ ("0"..."9").contains($0) || ("a"..."f").contains($0) || $0 == ":" }) else { return false }
    let doubleColons = hexPart.ranges(of: "::")
    guard doubleColons.count <= 1 else { return false }
    let halves = doubleColons.first.map { [hexPart[..<$0.lowerBound], hexPart[$0.upperBound...]] } ?? [hexPart]
    func groups(_ part: Substring) -> [Substring]? {
        guard !part.isEmpty else { return [] }
        let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
        guard pieces.allSatisfy({ (1...4).contains($0.count) && ($0 == "0" || $0.first != "0") }) else { return nil }
        return pieces
    }
    guard let left = groups(halves[0]) else { return false }
    let right = halves.count == 2 ? groups(halves[1]) : []
    guard let right else { return false }
    let shown = (left + right).map { Int($0, radix: 16)! }
    let expectedWords = Array(words[0..<groupsExpected])
    let runs = zeroRuns(expectedWords)
    if halves.count == 1 {
        // No `::`: all groups shown, and no run of two or more zero groups left uncompressed.
        return shown == expectedWords && runs.allSatisfy { $0.count < 2 }
    }
    let elided = groupsExpected - shown.count
    guard elided >= 2 else { return false }
    let run = left.count..<(left.count + elided)
    guard Array(shown[0..<left.count]) == Array(expectedWords[0..<left.count]),
          Array(shown[left.count...]) == Array(expectedWords[run.upperBound...]),
          expectedWords[run].allSatisfy({ $0 == 0 }) else { return false }
    // The elided run is a whole run, the longest, and the first of the longest.
    guard let longest = runs.max(by: { $0.count < $1.count }), let first = runs.first(where: { $0.count == longest.count }) else { return false }
    return first == run
}

/// The maximal runs of zero groups.
func zeroRuns(_ words: [Int]) -> [Range<Int>] {
    var runs: [Range<Int>] = []
    var index = 0
    while index < words.count {
        guard words[index] == 0 else { index += 1; continue }
        var end = index
        while end < words.count, words[end] == 0 { end += 1 }
        runs.append(index..<end)
        index = end
    }
    return runs
}

func pton(_ text: String) -> [UInt8]? {
    var v4 = in_addr(), v6 = in6_addr()
    if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: v4) { Array($0) } }
    if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: v6) { Array($0) } }
    return nil
}

func ntop(_ bytes: [UInt8]) -> String? {
    var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
    let ok = bytes.withUnsafeBytes { inet_ntop(bytes.count == 4 ? AF_INET : AF_INET6, $0.baseAddress, &buffer, socklen_t(buffer.count)) != nil }
    return ok ? String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : nil
}
