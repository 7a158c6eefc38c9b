/// Finds address-like tokens in free text and replaces them.
enum TextScrubber {
    /// Bytes that can make up an IPv4/IPv6 address, prefix or MAC token (all ASCII).
    private static func isTokenByte(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "f"))
            || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "F")) || b == UInt8(ascii: ".") || b == UInt8(ascii: ":")
            || b == UInt8(ascii: "/")
    }

    /// A byte that glues a run to a word (`5.15.153.1-microsoft`, `v1.2.3.4`): a letter (any non-ASCII byte
    /// counts as one), `-`, `_` or `+`.
    private static func isGlue(_ b: UInt8?) -> Bool {
        guard let b else { return false }
        return b >= 0x80 || (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
            || b == UInt8(ascii: "-") || b == UInt8(ascii: "_") || b == UInt8(ascii: "+")
    }

    /// Replaces every maximal run of address characters for which `replace` returns a value.
    /// A trailing `.` or `:` (sentence punctuation) is not part of the token.
    /// A run glued to a version-like context (`5.15.153.1-microsoft`, `v1.2.3.4`) is not an address.
    /// One pass over the UTF-8 bytes: linear in the text.
    static func replaceTokens(in text: String, _ replace: (String) -> String?) -> String {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            guard isTokenByte(bytes[i]) else {
                out.append(bytes[i])
                i += 1
                continue
            }
            var j = i
            while j < bytes.count, isTokenByte(bytes[j]) { j += 1 }
            let before = i > 0 ? bytes[i - 1] : nil
            let next = j < bytes.count ? bytes[j] : nil
            if isGlue(before) || isGlue(next) {
                out.append(contentsOf: bytes[i..<j])
                i = j
                continue
            }
            var end = j
            // Sentence punctuation: a trailing `.` or `:` (but not the `::` of an IPv6 address).
            while end > i {
                let last = bytes[end - 1]
                let doubleColon = end - i >= 2 && bytes[end - 2] == UInt8(ascii: ":")
                guard last == UInt8(ascii: ".") || (last == UInt8(ascii: ":") && !doubleColon) else { break }
                end -= 1
            }
            let token = bytes[i..<end]
            let colons = token.reduce(0) { $1 == UInt8(ascii: ":") ? $0 + 1 : $0 }
            let looksLikeAddress = token.contains(UInt8(ascii: ".")) || colons >= 2
            if looksLikeAddress, token.count <= 64, let replacement = replace(String(decoding: token, as: UTF8.self)) {
                out.append(contentsOf: replacement.utf8)
                out.append(contentsOf: bytes[end..<j])
            } else {
                out.append(contentsOf: bytes[i..<j])
            }
            i = j
        }
        return String(decoding: out, as: UTF8.self)
    }
}
