/// The host, user and domain names one redaction replaces, each with its token, and the one-pass scanner that
/// replaces them in text.
///
/// A token is the kind and six hex digits of a keyed hash of the lower-cased name (`host-3fa2c9`,
/// `user-08b1e4`): the same name gives the same token wherever and whenever it is met under one key, so names
/// found late (a prompt in a warning, a home directory in a live command line) never renumber the others.
/// Names compare case-insensitively (Windows and DNS names do).
///
/// Replacement is one linear pass over the text (no per-name search): words are maximal runs of letters,
/// digits, `_` and `-`, joined by `.` into dotted runs; a dotted run is looked up whole, then by spans of at
/// most `maxComponents` components (so `box.example.com` is replaced whole, and `foo.example.com` becomes
/// `foo.domain-…` when only the search domain is known); a word not known as a whole has its known `-`/`_`
/// parts replaced (`wg-bobsmith`), unless the word is one of the capture format's (`vm-address`, see
/// `CaptureVocabulary`). A mountinfo octal escape (`\134`, `\040`) separates words. Two contexts name a user or
/// host even when the table does not know it:
/// - `USER@HOST` (shell prompts, `jdoe@johns-pc:~$`, numeric user names too);
/// - the component after `Users` or `home` in a path (`/mnt/c/Users/NAME`, `C:\Users\NAME`,
///   `C:\134Users\134NAME`, `/home/NAME`).
struct NameTable: Sendable {
    enum Kind: String, Sendable {
        case user, host, domain
    }

    private let key: UInt64
    /// Lower-cased name -> token.
    private var tokens: [String: String] = [:]
    /// The most `.`-separated components of any name in the table (at most `componentCap`).
    private var maxComponents = 1
    static let componentCap = 8

    init(key: UInt64) { self.key = key }

    var count: Int { tokens.count }

    /// Adds `name` unless it is not redactable or already known (the first kind given wins); a name with a
    /// protected part (`docker-ID.scope`) adds its other parts instead.
    mutating func add(_ name: String, kind: Kind) {
        guard NameHarvester.isRedactable(name) else { return }
        if let parts = NameHarvester.unprotectedParts(name) {
            for part in parts { add(part, kind: kind) }
            return
        }
        let lower = name.lowercased()
        guard tokens[lower] == nil else { return }
        tokens[lower] = token(lower, kind: kind)
        let components = lower.utf8.reduce(1) { $1 == UInt8(ascii: ".") ? $0 + 1 : $0 }
        maxComponents = min(max(maxComponents, components), Self.componentCap)
    }

    func contains(_ name: String) -> Bool { tokens[name.lowercased()] != nil }

    /// The token of `name`: its table entry, or a fresh keyed token of `kind`.
    func token(for name: String, kind: Kind) -> String {
        let lower = name.lowercased()
        return tokens[lower] ?? token(lower, kind: kind)
    }

    private func token(_ lower: String, kind: Kind) -> String {
        var h = Hasher()
        h.combine(key)
        h.combine(lower)
        let value = UInt64(bitPattern: Int64(h.finalize())) & 0xff_ffff
        let hex = String(value, radix: 16)
        return "\(kind.rawValue)-" + String(repeating: "0", count: 6 - hex.count) + hex
    }

    /// `text` with known names and context-named users and hosts replaced.
    func replace(in text: String) -> String {
        var scanner = NameScanner(table: self, text: text)
        return scanner.run(collect: nil)
    }

    /// The user and host names that `text` names by context (prompt, path), which the table may not know yet.
    func contextualNames(in text: String) -> [(String, Kind)] {
        var found: [(String, Kind)] = []
        var scanner = NameScanner(table: self, text: text)
        _ = scanner.run { found.append(($0, $1)) }
        return found
    }

    /// The token for a whole-run or span lookup; `nil` when the text is not a known name.
    fileprivate func lookup(_ scalars: ArraySlice<Unicode.Scalar>) -> String? {
        guard !tokens.isEmpty else { return nil }
        return tokens[String(String.UnicodeScalarView(scalars)).lowercased()]
    }

    fileprivate var componentLimit: Int { maxComponents }
}

/// One linear pass over a text for `NameTable` (see there).
private struct NameScanner {
    let table: NameTable
    let s: [Unicode.Scalar]
    /// The output scalars; an array, because appending a sequence to a `String.UnicodeScalarView` copies the
    /// whole view (quadratic over a long text).
    var out: [Unicode.Scalar] = []
    /// The previous word, lower-cased, when it was `users` or `home`.
    var previousWasHomeMarker = false
    /// The scalars between the previous word and the current position (enough to recognise a path separator).
    var separator: [Unicode.Scalar] = []
    var separatorOverflow = false
    /// The previous word ended with `@` after a user name: the next word is a host.
    var hostExpected = false

    init(table: NameTable, text: String) {
        self.table = table
        s = Array(text.unicodeScalars)
        out.reserveCapacity(s.count)
    }

    static func isWordScalar(_ c: Unicode.Scalar) -> Bool {
        // ASCII without the Unicode property tables (the common case, and much cheaper per scalar).
        if c.isASCII {
            let v = c.value
            return (v >= 0x61 && v <= 0x7a) || (v >= 0x41 && v <= 0x5a) || (v >= 0x30 && v <= 0x39) || v == 0x5f || v == 0x2d
        }
        return c.properties.isAlphabetic || c.properties.numericType != nil
    }

    static func isUserScalar(_ c: Unicode.Scalar) -> Bool {
        (c.isASCII && (c.properties.isAlphabetic || ("0"..."9").contains(c))) || c == "_" || c == "-" || c == "."
    }

    mutating func run(collect: ((String, NameTable.Kind) -> Void)?) -> String {
        var i = 0
        while i < s.count {
            let c = s[i]
            if c == "\\", i + 3 < s.count, isOctal(s[i + 1]), isOctal(s[i + 2]), isOctal(s[i + 3]) {
                for k in i...(i + 3) { emitSeparator(s[k]) }
                i += 4
                continue
            }
            guard Self.isWordScalar(c) else {
                emitSeparator(c)
                i += 1
                continue
            }
            var j = i
            while j < s.count {
                if Self.isWordScalar(s[j]) {
                    j += 1
                } else if s[j] == ".", j + 1 < s.count, Self.isWordScalar(s[j + 1]) {
                    j += 1
                } else {
                    break
                }
            }
            word(i, j, collect: collect)
            i = j
        }
        var result = ""
        result.unicodeScalars.append(contentsOf: out)
        return result
    }

    private func isOctal(_ c: Unicode.Scalar) -> Bool { ("0"..."7").contains(c) }

    private mutating func emitSeparator(_ c: Unicode.Scalar) {
        out.append(c)
        if separator.count < 4 { separator.append(c) } else { separatorOverflow = true }
    }

    private var separatorIsPathSeparator: Bool {
        guard !separatorOverflow else { return false }
        let text = String(String.UnicodeScalarView(separator))
        return text == "/" || text == "\\" || text == "\\\\" || text == "\\134"
    }

    /// Handles the word `s[i..<j]`.
    private mutating func word(_ i: Int, _ j: Int, collect: ((String, NameTable.Kind) -> Void)?) {
        let slice = s[i..<j]
        // The word as a String only where a context needs it (most words are only looked up).
        var text: String { String(String.UnicodeScalarView(slice)) }
        let followedByAt = j + 1 < s.count && s[j] == "@" && Self.isWordScalar(s[j + 1])
        let homeContext = previousWasHomeMarker && separatorIsPathSeparator
        let hostContext = hostExpected && separator.count == 1 && separator.first == "@"
        hostExpected = false
        defer {
            separator.removeAll(keepingCapacity: true)
            separatorOverflow = false
        }
        let lower = slice.count == 4 || slice.count == 5 ? text.lowercased() : ""
        previousWasHomeMarker = lower == "users" || lower == "home"

        if followedByAt, slice.allSatisfy(Self.isUserScalar) {
            hostExpected = true
            contextual(text, kind: .user, numericAllowed: true, collect: collect)
            return
        }
        if hostContext, slice.contains(where: { $0.properties.isAlphabetic }) {
            contextual(text, kind: .host, numericAllowed: false, collect: collect)
            return
        }
        if homeContext {
            contextual(text, kind: .user, numericAllowed: true, collect: collect)
            return
        }
        replaceKnown(slice)
    }

    /// A name found by its context: replaced (unless it is a standard name) and reported to `collect`.
    private mutating func contextual(
        _ text: String, kind: NameTable.Kind, numericAllowed: Bool, collect: ((String, NameTable.Kind) -> Void)?
    ) {
        let standard = NameHarvester.isProtected(text)
        let hasLetter = text.unicodeScalars.contains { $0.properties.isAlphabetic }
        if standard || (!hasLetter && !numericAllowed) || text.count < 2 && hasLetter {
            out.append(contentsOf: text.unicodeScalars)
            return
        }
        if hasLetter { collect?(text, kind) }
        out.append(contentsOf: table.token(for: text, kind: kind).unicodeScalars)
    }

    /// Replaces the known names in the dotted word `slice`: whole first, then the longest spans of components.
    private mutating func replaceKnown(_ slice: ArraySlice<Unicode.Scalar>) {
        if let token = table.lookup(slice) {
            out.append(contentsOf: token.unicodeScalars)
            return
        }
        // Component boundaries.
        var starts: [Int] = [slice.startIndex]
        var ends: [Int] = []
        for k in slice.indices where slice[k] == "." {
            ends.append(k)
            starts.append(k + 1)
        }
        ends.append(slice.endIndex)
        guard starts.count > 1 else {
            replaceParts(slice)
            return
        }
        let limit = table.componentLimit
        var c = 0
        while c < starts.count {
            if c > 0 { out.append(".") }
            var matched = false
            var last = min(starts.count, c + limit) - 1
            while last >= c {
                if let token = table.lookup(s[starts[c]..<ends[last]]) {
                    out.append(contentsOf: token.unicodeScalars)
                    c = last + 1
                    matched = true
                    break
                }
                last -= 1
            }
            if !matched {
                replaceParts(s[starts[c]..<ends[c]])
                c += 1
            }
        }
    }

    /// A word (no `.`) that is not a known name as a whole: its `-`/`_`-separated parts that are known names are
    /// replaced (`wg-bobsmith` -> `wg-user-…`, `bobsmith_vpn`), the rest stays.
    /// A word of the capture format (`vm-address`, `proc-version`) stays whole: a learned name (`vm`) is never a
    /// part of a format word (`CaptureVocabulary`).
    private mutating func replaceParts(_ word: ArraySlice<Unicode.Scalar>) {
        guard word.contains(where: { $0 == "-" || $0 == "_" }),
              !CaptureVocabulary.contains(String(String.UnicodeScalarView(word)).lowercased())
        else {
            out.append(contentsOf: word)
            return
        }
        var start = word.startIndex
        var k = word.startIndex
        while k <= word.endIndex {
            if k == word.endIndex || word[k] == "-" || word[k] == "_" {
                let part = word[start..<k]
                if let token = part.isEmpty ? nil : table.lookup(part) {
                    out.append(contentsOf: token.unicodeScalars)
                } else {
                    out.append(contentsOf: part)
                }
                if k < word.endIndex { out.append(word[k]) }
                start = k + 1
            }
            k += 1
        }
    }
}
