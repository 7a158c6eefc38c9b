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
            // A Windows MAC (`3C-22-FB-12-34-56`): `-` glues words, so it is found by its shape.
            if let dashed = dashedMAC(bytes, at: i), let replacement = replace(String(decoding: bytes[i..<dashed], as: UTF8.self)) {
                out.append(contentsOf: replacement.utf8)
                i = dashed
                continue
            }
            if isGlue(before) || isGlue(next) {
                // Glue binds only the field it touches: the colon-separated fields inside the run are free
                // (`ip=ADDR::GW:MASK:box:eth0:off` ends in `:b` glued to `ox`).
                appendFields(bytes[i..<j], skipFirst: isGlue(before), skipLast: isGlue(next), to: &out, replace)
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
            } else if colons > 0 {
                // Not one address: colon-separated fields, each replaced on its own (the kernel's
                // `ip=CLIENT::GATEWAY:NETMASK:...`, `ADDR:PORT`).
                appendFields(bytes[i..<j], skipFirst: false, skipLast: false, to: &out, replace)
            } else {
                out.append(contentsOf: bytes[i..<j])
            }
            i = j
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The colon-separated fields of `run`, each dotted one replaced when `replace` knows it (an IPv4 address);
    /// `skipFirst`/`skipLast`: that field is glued to a word and stays.
    private static func appendFields(_ run: ArraySlice<UInt8>, skipFirst: Bool, skipLast: Bool, to out: inout [UInt8],
                                     _ replace: (String) -> String?) {
        guard run.contains(UInt8(ascii: ":")), run.contains(UInt8(ascii: ".")) else {
            out.append(contentsOf: run)
            return
        }
        let fields = run.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
        for (k, field) in fields.enumerated() {
            if k > 0 { out.append(UInt8(ascii: ":")) }
            let glued = (k == 0 && skipFirst) || (k == fields.count - 1 && skipLast)
            if !glued, field.contains(UInt8(ascii: ".")), field.count <= 64,
               let replacement = replace(String(decoding: field, as: UTF8.self)) {
                out.append(contentsOf: replacement.utf8)
            } else {
                out.append(contentsOf: field)
            }
        }
    }

    /// The end of a MAC written with dashes (`3C-22-FB-12-34-56`, any case) starting at `i`, not glued to a word
    /// on either side; nil when there is none.
    static func dashedMAC(_ bytes: [UInt8], at i: Int) -> Int? {
        let end = i + 17
        guard end <= bytes.count, bytes[i + 2] == UInt8(ascii: "-") else { return nil }
        func hex(_ b: UInt8) -> Bool { (b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x66) || (b >= 0x41 && b <= 0x46) }
        for k in 0..<17 { guard k % 3 == 2 ? bytes[i + k] == UInt8(ascii: "-") : hex(bytes[i + k]) else { return nil } }
        if i > 0, isGlue(bytes[i - 1]) || isTokenByte(bytes[i - 1]) { return nil }
        if end < bytes.count, isGlue(bytes[end]) || (isTokenByte(bytes[end]) && bytes[end] != UInt8(ascii: ".") && bytes[end] != UInt8(ascii: ":")) {
            return nil
        }
        return end
    }
}
