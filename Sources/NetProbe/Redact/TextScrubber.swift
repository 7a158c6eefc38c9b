/// Finds address-like tokens in free text and replaces whole words.
enum TextScrubber {
    /// Characters that can make up an IPv4/IPv6 address, prefix or MAC token.
    private static func isTokenCharacter(_ c: Character) -> Bool {
        c.isHexDigit || c == "." || c == ":" || c == "/"
    }

    /// Replaces every maximal run of address characters for which `replace` returns a value.
    /// A trailing `.` or `:` (sentence punctuation) is not part of the token.
    /// A run glued to a version-like context (`5.15.153.1-microsoft`, `v1.2.3.4`) is not an address.
    static func replaceTokens(in text: String, _ replace: (String) -> String?) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        var run = ""
        var before: Character? = nil
        func isGlue(_ c: Character?) -> Bool { c.map { $0.isLetter || $0 == "-" || $0 == "_" || $0 == "+" } ?? false }
        func flush(next: Character?) {
            guard !run.isEmpty else { return }
            if isGlue(before) || isGlue(next) {
                out += run
                run = ""
                return
            }
            var token = run
            var trailing = ""
            while let last = token.last, last == "." || last == ":" && !token.hasSuffix("::") {
                trailing = String(last) + trailing
                token.removeLast()
            }
            let looksLikeAddress = token.contains(".") || token.filter { $0 == ":" }.count >= 2
            if looksLikeAddress, let replacement = replace(token) {
                out += replacement + trailing
            } else {
                out += run
            }
            run = ""
        }
        for c in text {
            if isTokenCharacter(c) {
                if run.isEmpty { before = out.last }
                run.append(c)
            } else {
                flush(next: c)
                out.append(c)
            }
        }
        flush(next: nil)
        return out
    }
}
