/// Masks secrets (gateway tokens, passwords, API keys, HTTP credentials) in command lines, messages, pastes and
/// configuration text, so that no output of the doctor ever shows one, redacted or not (as `gh auth status` masks
/// its token). ONE rule, read by every caller (`SecretKeyName` decides which names are secret):
///
/// A **secret name** is a run of letters, digits, `_`, `-` and `.` whose lower-cased letters and digits (separators
/// dropped, so `api_key`, `api-key`, `apiKey` and `gateway.auth.token` all count) end in `token`, `password`,
/// `passwd`, `passphrase`, `secret`, `apikey`, `accesskey`, `secretkey`, `privatekey`, `authkey`, `credential(s)`
/// or `cookie`. Its value is masked in each of these forms (case-insensitive; the value becomes `***`, quotes and
/// trailing `,` `;` `)` `]` `}` kept):
/// - options, one or two dashes: `--token X`, `-token X`, `--access-token=X`, `--api_key X`, `--gateway.auth.token=X`;
/// - assignments: `OPENCLAW_GATEWAY_TOKEN=X`, `token = X` (TOML, Python keyword arguments);
/// - URL query and fragment parameters: `?token=X`, `&access_token=X`, `#token=X` (the value ends at `&` or `#`);
/// - JSON, YAML and Python-dict members, any spacing: `"token": "X"`, `"token" : "X"`, `'token': 'X'`,
///   `auth.token: X`, `"apiKey":"X"`;
/// - HTTP headers: `Authorization: SCHEME X` and `Proxy-Authorization:` (the scheme word kept: `Bearer`, `Basic`,
///   `Token`, ...), `X-Api-Key: X`, `X-Auth-Token: X`, `Cookie: ...` and `Set-Cookie: ...` (to the end of the line
///   or quote), and a lone `Bearer X`;
/// - the password of a URL's userinfo: `https://user:X@host/`;
/// - also `"token" => "X"` (Ruby, Perl), `<token>X</token>` (XML), an array to its `]` (`"token": ["X", "Y"]`;
///   Go's `map[Authorization:[Bearer X]]` keeps the scheme word) and a percent-encoded parameter (`%3Ftoken%3DX` in a URL inside a URL).
///
/// A quoted value (`"pass phrase A"`, `'a X'`) is masked to its closing quote, spaces included; an unclosed one to
/// the end of its line. A value is left alone when it is not one: empty, `***` already, another option (`--token
/// --port`), `null`/`true`/`false`, an object or array, a shell or systemd reference (`$NAME`, `${NAME}`, `$(...)`)
/// or a connective of the doctor's own advice ("set --token or OPENCLAW_GATEWAY_TOKEN").
///
/// `maskCommandLine` is for a command line whose quotes are gone (journald's `_CMDLINE`: argv joined by spaces):
/// there the value of a secret option runs to the next word that begins with `-`. `maskArguments` is for an argv.
///
/// One pass over the UTF-8 bytes (every delimiter is ASCII); idempotent (`mask(mask(t)) == mask(t)`).
public enum SecretMasking {
    /// The text that replaces a secret.
    public static let placeholder = "***"

    /// `text` with every recognised secret value replaced by `***`.
    public static func mask(_ text: String) -> String {
        masked(text, commandLine: false)
    }

    /// `text`, a command line joined by spaces without its quotes (journald's `_CMDLINE`), masked as `mask` does,
    /// except that the value of a secret option (`--token=pass phrase A`, `--password a b`) runs to the next word
    /// that begins with `-`: with the quotes gone nothing else tells where a value with spaces ends.
    public static func maskCommandLine(_ text: String) -> String {
        masked(text, commandLine: true)
    }

    /// `argv` with the value of every secret option masked (`--token X` as two arguments, whatever the second looks
    /// like, or `--token=X` as one), and every argument masked as text (`sh -c '... --token X'`, `-H 'X-Api-Key: X'`).
    /// For `/proc/PID/cmdline`.
    public static func maskArguments(_ argv: [String]) -> [String] {
        var out: [String] = []
        out.reserveCapacity(argv.count)
        var maskNext = false
        var pairNext = false
        for argument in argv {
            if maskNext {
                maskNext = false
                out.append(argument == placeholder || argument.isEmpty ? argument : placeholder)
                continue
            }
            if pairNext {
                // `-u USER:PASSWORD` as two arguments: what follows the first `:` goes.
                pairNext = false
                if let colon = argument.firstIndex(of: ":"), argument.index(after: colon) < argument.endIndex,
                   argument[argument.index(after: colon)...] != Substring(placeholder) {
                    out.append(argument[...colon] + placeholder)
                    continue
                }
            }
            if isCredentialPairOption(argument) {
                out.append(argument)
                pairNext = true
                continue
            }
            if isSecretOption(argument) {
                out.append(argument)
                maskNext = true
                continue
            }
            // `--token=pass phrase A` or `TOKEN=a b` as ONE argument: the value is all of the rest.
            if let name = secretAssignmentName(argument) {
                let value = String(argument.utf8.dropFirst(name.utf8.count + 1)) ?? ""
                out.append(value.isEmpty || value == placeholder || isPlaceholderOrProse(value) ? argument : name + "=" + placeholder)
                continue
            }
            out.append(mask(argument))
        }
        return out
    }

    /// `-u`, `--user`, `--proxy-user` (no `=`): the next argument is `USER:PASSWORD`.
    static func isCredentialPairOption(_ word: String) -> Bool {
        let bytes = Array(word.utf8)
        var start = 0
        while start < bytes.count, start < 2, bytes[start] == dash { start += 1 }
        guard start > 0, start < bytes.count, bytes[start...].allSatisfy(isNameByte) else { return false }
        return SecretKeyName.isCredentialPair(bytes[start...])
    }

    /// An option (one or two dashes) with a secret name and no `=`: its value is the next argument.
    static func isSecretOption(_ word: String) -> Bool {
        let bytes = Array(word.utf8)
        var start = 0
        while start < bytes.count, start < 2, bytes[start] == dash { start += 1 }
        guard start > 0, start < bytes.count, bytes[start...].allSatisfy(isNameByte) else { return false }
        return SecretKeyName.isSecret(bytes[start...])
    }

    /// `NAME` of an argument `NAME=VALUE` or `-NAME=VALUE` / `--NAME=VALUE` whose name is secret, dashes included.
    static func secretAssignmentName(_ argument: String) -> String? {
        let bytes = Array(argument.utf8)
        guard let equals = bytes.firstIndex(of: UInt8(ascii: "=")), equals > 0 else { return nil }
        var start = 0
        while start < equals, start < 2, bytes[start] == dash { start += 1 }
        guard start < equals, bytes[start..<equals].allSatisfy(isNameByte), SecretKeyName.isSecret(bytes[start..<equals]) else { return nil }
        return String(decoding: bytes[..<equals], as: UTF8.self)
    }

    /// Words that stand where a secret would but are not one: advice written by the doctor itself
    /// ("set --token or OPENCLAW_GATEWAY_TOKEN", `OPENCLAW_GATEWAY_TOKEN="$(openssl rand -hex 32)"`) and references
    /// a shell or systemd expands (`$(...)`, `${NAME}`, `$NAME`; a command line read from `/proc` holds the expanded
    /// value, which is masked). A token made of a connective word is not a token a gateway accepts (16 bytes).
    static func isPlaceholderOrProse(_ word: String) -> Bool {
        let core = word.drop { $0 == "\"" || $0 == "'" }
        if core.hasPrefix("$(") || core.hasPrefix("${") { return true }
        if core.hasPrefix("$"), let first = core.dropFirst().first, first.isUppercase || first == "_",
           core.dropFirst().allSatisfy({ $0.isUppercase || $0.isNumber || $0 == "_" || $0 == "\"" || $0 == "'" }) {
            return true
        }
        return proseWords.contains(String(core)) || nonSecretValues.contains(core.lowercased())
    }

    /// Connectives the doctor's own sentences put after `--token` or `--password`.
    static let proseWords: Set<String> = ["or", "and", "to", "is", "in", "of", "if", "for", "with", "when", "from", "the", "a", "an", "not", "must", "(or", "(and"]
    /// JSON and YAML values that are not a secret (`"token": null`).
    static let nonSecretValues: Set<String> = ["null", "true", "false", "~"]

    // MARK: the scan

    private static let dash = UInt8(ascii: "-")
    private static let equals = UInt8(ascii: "=")
    private static let colon = UInt8(ascii: ":")
    private static let doubleQuote = UInt8(ascii: "\"")
    private static let singleQuote = UInt8(ascii: "'")
    private static let backslash = UInt8(ascii: "\\")
    private static let placeholderBytes = Array(placeholder.utf8)

    /// A byte of a name: ASCII letter, digit, `_`, `-`, `.`.
    static func isNameByte(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7a) || (b >= 0x41 && b <= 0x5a) || (b >= 0x30 && b <= 0x39) || b == 0x5f || b == 0x2d || b == 0x2e
    }

    private static func isHorizontalSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }
    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0d) }
    private static func isQuote(_ b: UInt8) -> Bool { b == doubleQuote || b == singleQuote }
    private static func isLineEnd(_ b: UInt8) -> Bool { b == 0x0a || b == 0x0d }

    /// How a value ends.
    private enum ValueContext {
        /// An option or assignment: the whole whitespace-free run.
        case word
        /// A URL parameter: also `&` and `#`.
        case url
        /// A JSON/YAML member: also `,` and `}`.
        case member
    }

    private static func masked(_ text: String, commandLine: Bool) -> String {
        guard SecretKeyName.mayHoldSecret(text) else { return text }
        let b = Array(text.utf8)
        /// Byte ranges to replace by `***`, ascending and disjoint.
        var spans: [Range<Int>] = []
        var i = 0
        /// A `name`/`key` member named a secret (`name: OPENCLAW_GATEWAY_TOKEN`): a `value` member up to here is one.
        var pairUntil = -1
        while i < b.count {
            guard isNameByte(b[i]), i == 0 || !isNameByte(b[i - 1]) else { i += 1; continue }
            var end = i
            while end < b.count, isNameByte(b[end]) { end += 1 }
            var dashes = 0
            while i + dashes < end, b[i + dashes] == dash { dashes += 1 }
            var nameEnd = end
            // Sentence punctuation is not part of the name (`the token.`).
            while nameEnd > i + dashes, b[nameEnd - 1] == UInt8(ascii: ".") || b[nameEnd - 1] == dash { nameEnd -= 1 }
            let name = b[(i + dashes)..<nameEnd]
            guard !name.isEmpty, dashes <= 2 else { i = end; continue }
            // A credential known by its shape wherever it stands, named or not (a JWT, a GitHub or OpenAI token).
            if dashes == 0, SecretKeyName.hasCredentialShape(b[i..<nameEnd]) { spans.append(i..<nameEnd); i = end; continue }
            if dashes == 0, let pair = pairKey(b, nameStart: i, name: name, nameEnd: nameEnd) {
                // `key="token">X</token>`-style element text, or a later `value` member.
                if let text = pair.elementText { spans.append(text); i = text.upperBound; continue }
                pairUntil = pair.end + pairWindow
                i = pair.end
                continue
            }
            let pairValue = dashes == 0 && i <= pairUntil && SecretKeyName.normalised(name).elementsEqual("value".utf8)
            if pairValue { pairUntil = -1 }
            let next = valueSpan(b, nameStart: i, dashes: dashes, name: name, nameEnd: nameEnd, commandLine: commandLine,
                                 forcedSecret: pairValue)
            if let span = next.mask { spans.append(span) }
            i = max(next.resume, end)
        }
        guard !spans.isEmpty else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var copied = 0
        for span in spans {
            out.append(contentsOf: b[copied..<span.lowerBound])
            out.append(contentsOf: placeholderBytes)
            copied = span.upperBound
        }
        out.append(contentsOf: b[copied...])
        return String(decoding: out, as: UTF8.self)
    }

    /// The value to mask after the name `b[nameStart + dashes ..< nameEnd]` (nil: none), and where to go on scanning.
    private static func valueSpan(_ b: [UInt8], nameStart: Int, dashes: Int, name: ArraySlice<UInt8>, nameEnd: Int,
                                  commandLine: Bool, forcedSecret: Bool = false) -> (mask: Range<Int>?, resume: Int) {
        let none: (mask: Range<Int>?, resume: Int) = (nil, nameEnd)
        if dashes == 0, nameEnd == nameStart + name.count, let userinfo = urlUserinfo(b, schemeEnd: nameEnd) {
            return (userinfo.mask, userinfo.resume)
        }
        if dashes > 0, SecretKeyName.isCredentialPair(name) { return credentialPair(b, nameEnd: nameEnd) }
        let header = SecretKeyName.header(name)
        let secret = forcedSecret || header != nil || SecretKeyName.isSecret(name)
        let bearer = !secret && dashes == 0 && SecretKeyName.isBearer(name)
        guard secret || bearer else { return none }
        var p = nameEnd
        // A quoted key (`"token"`, `'token'`): its closing quote follows the name.
        let before = nameStart > 0 ? b[nameStart - 1] : nil
        if dashes == 0, let q = before, isQuote(q) {
            if p < b.count, b[p] == q { p += 1 }
            // A key inside an escaped JSON string (`{\"token\": \"X\"}` in a logged message).
            else if p + 1 < b.count, b[p] == backslash, b[p + 1] == q { p += 2 }
        }
        var q = p
        while q < b.count, isHorizontalSpace(b[q]) { q += 1 }
        let spaced = q > p
        if bearer {
            guard spaced else { return none }
            return plainValue(b, at: q, context: .word, commandLine: false)
        }
        guard q < b.count else { return none }
        // A percent-encoded `=` (`%3Ftoken%3DX` in a URL inside a URL's query) is a URL parameter's `=`.
        let encodedEquals = q + 2 < b.count && b[q] == UInt8(ascii: "%") && b[q + 1] == UInt8(ascii: "3")
            && (b[q + 2] | 0x20) == UInt8(ascii: "d")
        if b[q] == equals || encodedEquals {
            var v = q + (encodedEquals ? 3 : 1)
            // Ruby's and Perl's `"token" => "X"`.
            if !encodedEquals, v < b.count, b[v] == UInt8(ascii: ">") { v += 1 }
            if spaced || v > q + 1 { while v < b.count, isHorizontalSpace(b[v]) { v += 1 } }
            let url = encodedEquals
                || (before.map { [UInt8(ascii: "?"), UInt8(ascii: "&"), UInt8(ascii: "#"), UInt8(ascii: ";")].contains($0) } ?? false)
            if header == .authorization { return authorizationValue(b, at: v) }
            // `"TOKEN=a b"` (systemd's `Environment=`, a shell word, a JSON array of `NAME=VALUE`): the quote that opened
            // before the name closes the value.
            if let q = before, isQuote(q), !url, v < b.count, !isQuote(b[v]) { return toQuote(b, at: v, quote: q) }
            // INI and TOML's spaced `password = a b` (a shell's `NAME=value cmd` has no space before its `=`).
            if !url, dashes == 0, spaced, let line = lineValue(b, nameStart: nameStart, at: v) { return line }
            return value(b, at: v, context: url ? .url : .word, commandLine: commandLine && dashes > 0)
        }
        // An XML element: `<token>X</token>`.
        if dashes == 0, before == UInt8(ascii: "<"), b[nameEnd...].first == UInt8(ascii: ">") {
            var e = nameEnd + 1
            while e < b.count, b[e] != UInt8(ascii: "<"), !isLineEnd(b[e]) { e += 1 }
            let span = (nameEnd + 1)..<e
            return (isValue(b[span]) ? span : nil, e)
        }
        if b[q] == colon, dashes == 0, q + 1 >= b.count || b[q + 1] != UInt8(ascii: "/") {
            var v = q + 1
            // Go's `token := "X"`.
            if v < b.count, b[v] == equals { v += 1 }
            while v < b.count, isHorizontalSpace(b[v]) { v += 1 }
            switch header {
            case .authorization?: return authorizationValue(b, at: v)
            case .cookie?: return restOfLine(b, at: v)
            case nil:
                if let block = nextLineValue(b, keyStart: nameStart, at: v) { return block }
                if let line = lineValue(b, nameStart: nameStart, at: v) { return line }
                return value(b, at: v, context: .member, commandLine: false)
            }
        }
        if dashes > 0, spaced {
            guard b[q] != dash else { return none }
            return value(b, at: q, context: .word, commandLine: commandLine)
        }
        return none
    }

    /// `scheme://user:PASSWORD@host`: the password of a URL's userinfo (nil when the URL has none).
    private static func urlUserinfo(_ b: [UInt8], schemeEnd: Int) -> (mask: Range<Int>?, resume: Int)? {
        guard schemeEnd + 3 <= b.count, b[schemeEnd] == colon, b[schemeEnd + 1] == UInt8(ascii: "/"),
              b[schemeEnd + 2] == UInt8(ascii: "/") else { return nil }
        let start = schemeEnd + 3
        var e = start
        var firstColon: Int?
        var lastAt: Int?
        while e < b.count, !isSpace(b[e]), !isQuote(b[e]), b[e] != UInt8(ascii: "/"), b[e] != UInt8(ascii: "?"),
              b[e] != UInt8(ascii: "#") {
            if b[e] == colon, firstColon == nil, lastAt == nil { firstColon = e }
            if b[e] == UInt8(ascii: "@") { lastAt = e }
            e += 1
        }
        guard let at = lastAt else { return nil }
        // `https://TOKEN@host` (git's credential form, a GitHub token as the user): without a password, the user goes.
        let span = firstColon.map { $0 < at ? ($0 + 1)..<at : start..<at } ?? start..<at
        return (isValue(b[span]) ? span : nil, at)
    }

    /// A value at `v`: quoted (to its closing quote) or plain.
    private static func value(_ b: [UInt8], at v: Int, context: ValueContext, commandLine: Bool) -> (mask: Range<Int>?, resume: Int) {
        guard v < b.count else { return (nil, v) }
        if isQuote(b[v]) { return quotedValue(b, at: v) }
        if let quote = prefixedQuote(b, at: v) { return quotedValue(b, at: quote) }
        if b[v] == backslash, v + 1 < b.count, isQuote(b[v + 1]) { return escapedQuotedValue(b, at: v) }
        // An array (`"token": ["X", "Y"]`): all of it, to its `]` on the line.
        if b[v] == UInt8(ascii: "[") {
            var c = v + 1
            while c < b.count, b[c] != UInt8(ascii: "]"), !isLineEnd(b[c]) { c += 1 }
            let inside = (v + 1)..<c
            return (isValue(b[inside]) ? inside : nil, c)
        }
        return plainValue(b, at: v, context: context, commandLine: commandLine)
    }

    /// The inside of `\"...\"` (a quoted value inside an escaped JSON string) opening at `v`, to the next
    /// backslash-quote (or the end of the line).
    private static func escapedQuotedValue(_ b: [UInt8], at v: Int) -> (mask: Range<Int>?, resume: Int) {
        let quote = b[v + 1]
        var c = v + 2
        while c < b.count, !isLineEnd(b[c]), !(b[c] == backslash && c + 1 < b.count && b[c + 1] == quote) { c += 1 }
        let inside = (v + 2)..<min(c, b.count)
        return (isValue(b[inside]) ? inside : nil, c < b.count && b[c] == backslash ? c + 2 : c)
    }

    /// The inside of the quoted value opening at `v` (a backslash escapes in double quotes); an unclosed quote runs
    /// to the end of its line.
    private static func quotedValue(_ b: [UInt8], at v: Int) -> (mask: Range<Int>?, resume: Int) {
        let quote = b[v]
        var c = v + 1
        while c < b.count, b[c] != quote, !isLineEnd(b[c]) {
            if quote == doubleQuote, b[c] == backslash, c + 1 < b.count { c += 1 }
            c += 1
        }
        let inside = (v + 1)..<min(c, b.count)
        let resume = c < b.count && b[c] == quote ? c + 1 : c
        return (isValue(b[inside]) ? inside : nil, resume)
    }

    /// A plain value at `v`: to whitespace or a quote (and `&` `#` in a URL, `,` `}` in a member), trailing
    /// `,;)]}>.` left out. On a command line without quotes, an option's value goes on over the words that follow
    /// until one begins with `-`.
    private static func plainValue(_ b: [UInt8], at v: Int, context: ValueContext, commandLine: Bool) -> (mask: Range<Int>?, resume: Int) {
        var e = v
        func stops(_ c: UInt8) -> Bool {
            if isSpace(c) || isQuote(c) { return true }
            switch context {
            case .word: return false
            case .url: return c == UInt8(ascii: "&") || c == UInt8(ascii: "#") || c == UInt8(ascii: "<") || c == UInt8(ascii: ">")
            case .member: return c == UInt8(ascii: ",") || c == UInt8(ascii: "}")
            }
        }
        while e < b.count, !stops(b[e]) { e += 1 }
        if commandLine {
            // Further words up to the next option (`--token=pass phrase A --port 1`).
            var k = e
            while k < b.count, b[k] == 0x20 {
                var w = k
                while w < b.count, b[w] == 0x20 { w += 1 }
                guard w < b.count, b[w] != dash, !isLineEnd(b[w]) else { break }
                var we = w
                while we < b.count, !isSpace(b[we]) { we += 1 }
                e = we
                k = we
            }
        }
        var t = e
        while t > v, ",;)]}>.".utf8.contains(b[t - 1]) { t -= 1 }
        let span = v..<t
        guard !span.isEmpty, isValue(b[span]), b[v] != UInt8(ascii: "{"), b[v] != UInt8(ascii: "[") else { return (nil, e) }
        return (span, e)
    }

    /// The quote of a string literal with a prefix at `v`: Python's `b'X'`, `r"X"`, `rb'X'`, `f"X"`, `u'X'`, the
    /// shell's ANSI-C `$'X'`; nil when there is none.
    private static func prefixedQuote(_ b: [UInt8], at v: Int) -> Int? {
        if b[v] == UInt8(ascii: "$"), v + 1 < b.count, b[v + 1] == singleQuote { return v + 1 }
        var q = v
        while q < b.count, q - v < 2, "bBrRuUfF".utf8.contains(b[q]) { q += 1 }
        return q > v && q < b.count && isQuote(b[q]) ? q : nil
    }

    /// A plain value at `v` that runs to `quote` (the one opened before its name), or to the end of the line.
    private static func toQuote(_ b: [UInt8], at v: Int, quote: UInt8) -> (mask: Range<Int>?, resume: Int) {
        var e = v
        while e < b.count, b[e] != quote, !isLineEnd(b[e]) {
            if quote == doubleQuote, b[e] == backslash, e + 1 < b.count { e += 1 }
            e += 1
        }
        let span = v..<min(e, b.count)
        return (isValue(b[span]) ? span : nil, e)
    }

    /// Horizontal white space, then a `- ` list marker, from the start of the line to `nameStart`: the name begins a
    /// line of YAML, INI, TOML or a `.env` file. The indentation, nil when the name does not begin its line.
    private static func lineIndent(_ b: [UInt8], nameStart: Int) -> Int? {
        var s = nameStart
        if s >= 2, b[s - 1] == 0x20, b[s - 2] == dash { s -= 2 }
        var indent = 0
        while s > 0, isHorizontalSpace(b[s - 1]) { s -= 1; indent += 1 }
        return s == 0 || isLineEnd(b[s - 1]) ? indent : nil
    }

    /// A plain (unquoted) value of a name that begins its line (`password = correct horse battery`,
    /// `token: a b c`): the value is the rest of the line, as YAML's plain scalars and INI values are, without a
    /// trailing ` # comment` or ` ; comment`. nil: not such a line, or the value is one word (the word rule
    /// masks it).
    private static func lineValue(_ b: [UInt8], nameStart: Int, at v: Int) -> (mask: Range<Int>?, resume: Int)? {
        guard v < b.count, !isQuote(b[v]), prefixedQuote(b, at: v) == nil, b[v] != UInt8(ascii: "["), b[v] != UInt8(ascii: "{"),
              b[v] != UInt8(ascii: "|"), b[v] != UInt8(ascii: ">"), lineIndent(b, nameStart: nameStart) != nil else { return nil }
        var e = v
        var spaced = false
        while e < b.count, !isLineEnd(b[e]) {
            if isHorizontalSpace(b[e]) {
                if e + 1 < b.count, b[e + 1] == UInt8(ascii: "#") || b[e + 1] == UInt8(ascii: ";") { break }
                spaced = true
            }
            e += 1
        }
        var t = e
        while t > v, isHorizontalSpace(b[t - 1]) { t -= 1 }
        guard spaced, t > v else { return nil }
        // One word then spaces only: the word rule's answer.
        guard b[v..<t].contains(where: isHorizontalSpace) else { return nil }
        let span = v..<t
        let firstWord = b[v..<(b[v..<t].firstIndex(where: isHorizontalSpace) ?? t)]
        return (isValue(firstWord) && isValue(b[span]) ? span : nil, e)
    }

    /// A member whose value is not on its line: a YAML block scalar (`token: |`, `>-`, `|2`) and the more-indented
    /// lines that follow the key's line, or a value on the next line (`"token":` then `"X"`, `token:` then an
    /// indented plain scalar that is not itself a `key:` or a `- ` list item). nil: the value is on the line.
    private static func nextLineValue(_ b: [UInt8], keyStart: Int, at v: Int) -> (mask: Range<Int>?, resume: Int)? {
        var e = v
        let block = e < b.count && (b[e] == UInt8(ascii: "|") || b[e] == UInt8(ascii: ">"))
        if block {
            e += 1
            while e < b.count, b[e] == dash || b[e] == UInt8(ascii: "+") || (b[e] >= 0x30 && b[e] <= 0x39) { e += 1 }
        }
        while e < b.count, isHorizontalSpace(b[e]) { e += 1 }
        guard e >= b.count || isLineEnd(b[e]) || (block && b[e] == UInt8(ascii: "#")) else { return nil }
        while e < b.count, !isLineEnd(b[e]) { e += 1 }
        // A block scalar's lines are those indented more than its key's line (a key inside a sentence: any indentation).
        let keyIndent = lineIndent(b, nameStart: keyStart) ?? (block ? 0 : nil)
        // The following lines: skip the line end, then measure each line's indentation.
        var start: Int?
        var last = e
        var p = e
        while p < b.count {
            var l = p
            if l < b.count, b[l] == 0x0d { l += 1 }
            if l < b.count, b[l] == 0x0a { l += 1 }
            guard l > p else { break }
            var c = l
            while c < b.count, isHorizontalSpace(b[c]) { c += 1 }
            var lineEnd = c
            while lineEnd < b.count, !isLineEnd(b[lineEnd]) { lineEnd += 1 }
            if c == lineEnd { if block { p = lineEnd; continue } else { break } }
            if !block {
                // One line: a quoted value (JSON), or a more-indented plain YAML scalar that is not a mapping or list.
                if isQuote(b[c]) { return quotedValue(b, at: c) }
                guard let k = keyIndent, c - l > k, !(b[c] == dash && c + 1 < b.count && b[c + 1] == 0x20),
                      !b[c..<lineEnd].contains(where: { $0 == colon }) else { return nil }
                let span = c..<lineEnd
                return (isValue(b[span]) ? span : nil, lineEnd)
            }
            guard let k = keyIndent, c - l > k else { break }
            if start == nil { start = c }
            last = lineEnd
            p = lineEnd
        }
        guard block, let first = start else { return block ? (nil, e) : nil }
        let span = first..<last
        return (isValue(b[span]) ? span : nil, last)
    }

    /// The `name` or `key` member of a name/value pair whose value is a secret's name (`name: OPENCLAW_GATEWAY_TOKEN`,
    /// `{"name": "X_TOKEN", "value": ...}`, `<add key="ApiKey" value=...>`, `<entry key="token">X</entry>`): where
    /// its value ends, and for an XML element that the key opens, the element's text. nil: not such a member.
    private static func pairKey(_ b: [UInt8], nameStart: Int, name: ArraySlice<UInt8>, nameEnd: Int) -> (end: Int, elementText: Range<Int>?)? {
        let n = SecretKeyName.normalised(name)
        guard n.elementsEqual("name".utf8) || n.elementsEqual("key".utf8) else { return nil }
        var p = nameEnd
        if nameStart > 0, isQuote(b[nameStart - 1]), p < b.count, b[p] == b[nameStart - 1] { p += 1 }
        while p < b.count, isHorizontalSpace(b[p]) { p += 1 }
        guard p < b.count, b[p] == colon || b[p] == equals else { return nil }
        p += 1
        while p < b.count, isHorizontalSpace(b[p]) { p += 1 }
        var quote: UInt8?
        if p < b.count, isQuote(b[p]) { quote = b[p]; p += 1 }
        let start = p
        while p < b.count, isNameByte(b[p]) { p += 1 }
        guard p > start, SecretKeyName.isSecret(b[start..<p]) else { return nil }
        if let quote { guard p < b.count, b[p] == quote else { return nil }; p += 1 }
        if p < b.count, b[p] == UInt8(ascii: ">") {
            var e = p + 1
            while e < b.count, b[e] != UInt8(ascii: "<"), !isLineEnd(b[e]) { e += 1 }
            let text = (p + 1)..<e
            if isValue(b[text]) { return (e, text) }
        }
        return (p, nil)
    }

    /// How far (bytes) after a `name`/`key` member naming a secret its `value` member may stand.
    private static let pairWindow = 240

    /// The value of a credentials option (`-u bob:X`, `--user=bob:X`, `--proxy-user bob:X`, curl's `USER:PASSWORD`):
    /// what follows its first `:` is the password. Nothing is masked without a `:`.
    private static func credentialPair(_ b: [UInt8], nameEnd: Int) -> (mask: Range<Int>?, resume: Int) {
        var v = nameEnd
        guard v < b.count, b[v] == equals || isHorizontalSpace(b[v]) else { return (nil, nameEnd) }
        v += 1
        while v < b.count, isHorizontalSpace(b[v]) { v += 1 }
        var quote: UInt8?
        if v < b.count, isQuote(b[v]) { quote = b[v]; v += 1 }
        var e = v
        while e < b.count, !isLineEnd(b[e]), quote.map({ b[e] != $0 }) ?? !(isSpace(b[e]) || isQuote(b[e])) { e += 1 }
        guard let c = b[v..<e].firstIndex(of: colon), c + 1 < e else { return (nil, e) }
        let span = (c + 1)..<e
        return (isValue(b[span]) ? span : nil, e)
    }

    /// `Authorization: SCHEME CREDENTIALS`: the scheme word stays, the credentials go; a lone word goes.
    private static func authorizationValue(_ b: [UInt8], at start: Int) -> (mask: Range<Int>?, resume: Int) {
        var v = start
        if v < b.count, b[v] == UInt8(ascii: "[") { v += 1 }
        guard v < b.count else { return (nil, v) }
        if isQuote(b[v]) { return quotedValue(b, at: v) }
        var s = v
        while s < b.count, isNameByte(b[s]) { s += 1 }
        var c = s
        while c < b.count, isHorizontalSpace(b[c]) { c += 1 }
        if s > v, c > s, c < b.count, !isLineEnd(b[c]) { return plainValue(b, at: c, context: .word, commandLine: false) }
        return plainValue(b, at: v, context: .word, commandLine: false)
    }

    /// A cookie header's value: to the end of the line or the next quote.
    private static func restOfLine(_ b: [UInt8], at v: Int) -> (mask: Range<Int>?, resume: Int) {
        var e = v
        while e < b.count, !isLineEnd(b[e]), !isQuote(b[e]) { e += 1 }
        var t = e
        while t > v, isHorizontalSpace(b[t - 1]) { t -= 1 }
        let span = v..<t
        return (!span.isEmpty && isValue(b[span]) ? span : nil, e)
    }

    /// The bytes are a value worth masking: not empty, not `***`, not prose or a reference.
    private static func isValue(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard !bytes.isEmpty, !bytes.elementsEqual(placeholderBytes) else { return false }
        return !isPlaceholderOrProse(String(decoding: bytes, as: UTF8.self))
    }
}

/// Which names are secret (see `SecretMasking`): the one list, over ASCII bytes.
enum SecretKeyName {
    /// Endings of a normalised name (lower case, `_` `-` `.` dropped) whose value is a secret.
    static let secretEndings: [[UInt8]] = [
        "token", "password", "passwd", "passphrase", "secret", "apikey", "accesskey", "secretkey", "privatekey",
        "authkey", "credential", "credentials", "cookie", "jwt", "sessionid", "signature",
    ].map { Array($0.utf8) }

    /// Secret words that count only as the last word of a name (after `_`, `-`, `.` or a lower-to-upper case
    /// change): `DB_PASS`, `--pass`, `smtpPass`, `?sig=` (a shared access signature), but not `bypass` or `config`.
    static let secretLastWords: [[UInt8]] = ["pass", "sig"].map { Array($0.utf8) }

    /// A word shaped as a credential whatever names it: a JSON Web Token (`eyJ...`, three dot-separated parts), a
    /// GitHub token (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`, `github_pat_`), an OpenAI or Anthropic key (`sk-`), a
    /// Slack token (`xoxb-`, `xoxp-`, `xoxa-`, `xapp-`); 20 bytes or more.
    static func hasCredentialShape(_ word: ArraySlice<UInt8>) -> Bool {
        guard word.count >= 20 else { return false }
        func starts(_ prefix: String) -> Bool { word.starts(with: prefix.utf8) }
        if starts("eyJ") { return word.lazy.filter { $0 == UInt8(ascii: ".") }.count == 2 }
        return ["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "sk-", "xoxb-", "xoxp-", "xoxa-", "xapp-"].contains(where: starts)
    }

    /// Options whose value is `USER:PASSWORD` (curl's `-u`, `--user`, `--proxy-user`).
    static func isCredentialPair(_ name: ArraySlice<UInt8>) -> Bool {
        let n = normalised(name)
        return n.elementsEqual("u".utf8) || n.elementsEqual("user".utf8) || n.elementsEqual("proxyuser".utf8)
    }

    /// The last word of a name, lower-cased: after the last `_`, `-` or `.`, or the last lower-to-upper case change.
    static func lastWord(_ name: ArraySlice<UInt8>) -> [UInt8] {
        var start = name.startIndex
        var k = name.startIndex
        while k < name.endIndex {
            let c = name[k]
            if c == UInt8(ascii: "_") || c == UInt8(ascii: "-") || c == UInt8(ascii: ".") {
                start = k + 1
            } else if k > name.startIndex, c >= 0x41, c <= 0x5a, name[k - 1] >= 0x61, name[k - 1] <= 0x7a {
                start = k
            }
            k += 1
        }
        return name[start...].map { $0 >= 0x41 && $0 <= 0x5a ? $0 | 0x20 : $0 }
    }

    /// HTTP headers whose value is a credential after a scheme word, or a cookie list.
    enum Header { case authorization, cookie }

    /// The name is a secret's: its normalised form ends in a secret ending.
    static func isSecret(_ name: ArraySlice<UInt8>) -> Bool {
        let n = normalised(name)
        if secretEndings.contains(where: { n.count >= $0.count && n.suffix($0.count).elementsEqual($0) }) { return true }
        let last = lastWord(name)
        return secretLastWords.contains { $0 == last }
    }

    static func header(_ name: ArraySlice<UInt8>) -> Header? {
        switch String(decoding: normalised(name), as: UTF8.self) {
        case "authorization", "proxyauthorization": return .authorization
        case "cookie", "setcookie": return .cookie
        default: return nil
        }
    }

    static func isBearer(_ name: ArraySlice<UInt8>) -> Bool {
        normalised(name).elementsEqual("bearer".utf8)
    }

    /// Lower-cased ASCII letters and digits of the name.
    static func normalised(_ name: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(name.count)
        for c in name where c != UInt8(ascii: "_") && c != UInt8(ascii: "-") && c != UInt8(ascii: ".") {
            out.append(c >= 0x41 && c <= 0x5a ? c | 0x20 : c)
        }
        return out
    }

    /// A cheap test before the scan: every recognised form contains one of these (ASCII case folded).
    static func mayHoldSecret(_ text: String) -> Bool {
        if let found = text.utf8.withContiguousStorageIfAvailable({ scan($0) }) { return found }
        return scan(Array(text.utf8))
    }

    /// Fragments of every secret ending and header (`api_key` and `api-key` contain `key`).
    private static let needles: [[UInt8]] =
        ["token", "pass", "secret", "key", "credential", "cookie", "authoriz", "bearer", "://", "jwt", "session", "sig", "user", "-u", "eyj", "gh", "sk-", "xox", "xapp"]
            .map { Array($0.utf8) }

    private static func scan<C: RandomAccessCollection>(_ bytes: C) -> Bool where C.Element == UInt8, C.Index == Int {
        guard !bytes.isEmpty else { return false }
        for start in bytes.indices {
            let first = bytes[start] | 0x20
            for needle in needles where needle[0] == first && start + needle.count <= bytes.endIndex {
                var k = 1
                while k < needle.count, bytes[start + k] | 0x20 == needle[k] { k += 1 }
                if k == needle.count { return true }
            }
        }
        return false
    }
}
