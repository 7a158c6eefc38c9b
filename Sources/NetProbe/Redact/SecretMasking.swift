import Foundation

/// Masks secrets (gateway tokens, passwords, bearer credentials) in command lines and messages, so that no
/// output of the doctor ever shows one, redacted or not (as `gh auth status` masks its token).
///
/// Recognised, case-insensitively, with the value replaced by `***`:
/// - options followed by their value: `--token X`, `--token=X`, `--password X`, `--password=X` (also
///   `--gateway-token`, `--auth-token`, `--api-key`, `--secret` and their `=` forms);
/// - environment assignments whose name ends in `TOKEN`, `PASSWORD`, `SECRET` or `API_KEY`
///   (`OPENCLAW_GATEWAY_TOKEN=X`, `OPENCLAW_GATEWAY_PASSWORD=X`);
/// - HTTP credentials: `Authorization: Bearer X`, `Authorization: Basic X`, `Bearer X`;
/// - JSON members `"token": "X"`, `"password": "X"`.
///
/// Linear in the text; idempotent (`mask(mask(t)) == mask(t)`); a value that is already `***` stays.
public enum SecretMasking {
    /// The text that replaces a secret.
    public static let placeholder = "***"

    /// `text` with every recognised secret value replaced by `***`.
    public static func mask(_ text: String) -> String {
        guard mayHoldSecret(text) else { return text }
        var out: [Unicode.Scalar] = []  // not a UnicodeScalarView: appending a sequence to one copies it
        let scalars = Array(text.unicodeScalars)
        var index = 0
        /// The next value (the following whitespace-free run) must be masked.
        var maskNext = false
        var previous = ""
        while index < scalars.count {
            let scalar = scalars[index]
            if isSpace(scalar) {
                out.append(scalar)
                index += 1
                continue
            }
            var end = index
            while end < scalars.count, !isSpace(scalars[end]) { end += 1 }
            // A quoted secret value (`--password 'p w'`) runs to its closing quote, spaces included.
            // Only a quote that the word itself does not close is extended (so masking stays idempotent).
            if maskNext, scalars[index] == "'" || scalars[index] == "\"",
               !scalars[(index + 1)..<end].contains(scalars[index]),
               let close = scalars[(index + 1)...].firstIndex(of: scalars[index]) {
                end = close + 1
                while end < scalars.count, !isSpace(scalars[end]) { end += 1 }
            }
            let word = String(String.UnicodeScalarView(scalars[index..<end]))
            if maskNext {
                maskNext = false
                if let masked = maskedValue(word) {
                    out.append(contentsOf: masked.unicodeScalars)
                    previous = ""
                    index = end
                    continue
                }
            }
            let (replacement, expectsValue) = maskWord(word, after: previous)
            out.append(contentsOf: replacement.unicodeScalars)
            maskNext = expectsValue
            previous = word.lowercased()
            index = end
        }
        var result = ""
        result.unicodeScalars.append(contentsOf: out)
        return result
    }

    /// `argv` with the value of every secret option masked (`--token X` as two arguments or `--token=X` as one),
    /// and secret assignments (`OPENCLAW_GATEWAY_TOKEN=X`) masked. For `/proc/PID/cmdline`.
    public static func maskArguments(_ argv: [String]) -> [String] {
        var out: [String] = []
        out.reserveCapacity(argv.count)
        var maskNext = false
        for argument in argv {
            if maskNext {
                maskNext = false
                out.append(placeholder)
                continue
            }
            if isSecretOption(argument) {
                out.append(argument)
                maskNext = true
                continue
            }
            // An argument may itself be a whole shell command (`sh -c '... --token X'`).
            out.append(mask(argument))
        }
        return out
    }

    /// Options whose next argument is a secret.
    static let secretOptions: Set<String> = [
        "--token", "--password", "--gateway-token", "--auth-token", "--api-key", "--secret", "--passwd",
    ]
    /// Suffixes of environment names whose value is a secret.
    static let secretNameSuffixes = ["TOKEN", "PASSWORD", "SECRET", "API_KEY", "APIKEY", "PASSWD"]
    /// JSON member names whose string value is a secret.
    static let secretJSONKeys: Set<String> = ["token", "password", "secret", "apikey", "api_key"]

    static func isSecretOption(_ word: String) -> Bool {
        secretOptions.contains(word.lowercased())
    }

    /// A cheap test before the scan: every recognised form contains one of these (lower-cased) fragments.
    private static func mayHoldSecret(_ text: String) -> Bool {
        // One pass over the UTF-8 bytes, ASCII case folded; every needle is ASCII.
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { return false }
        for start in bytes.indices {
            let first = bytes[start] | 0x20
            for needle in secretNeedles where needle[0] == first && start + needle.count <= bytes.count {
                var k = 1
                while k < needle.count, bytes[start + k] | 0x20 == needle[k] || needle[k] == bytes[start + k] { k += 1 }
                if k == needle.count { return true }
            }
        }
        return false
    }

    /// Unicode whitespace, with ASCII decided without the property tables.
    private static func isSpace(_ c: Unicode.Scalar) -> Bool {
        if c.isASCII { return c == " " || (c.value >= 0x09 && c.value <= 0x0d) }
        return c.properties.isWhitespace
    }

    /// The words `mayHoldSecret` looks for, as lower-case ASCII bytes.
    private static let secretNeedles: [[UInt8]] =
        ["token", "password", "passwd", "secret", "api_key", "apikey", "api-key", "bearer", "basic"].map { Array($0.utf8) }

    /// The replacement of one whitespace-free word, and whether the word after it is a secret.
    private static func maskWord(_ word: String, after previous: String) -> (String, Bool) {
        let lower = word.lowercased()
        if secretOptions.contains(lower) { return (word, true) }
        if lower == "bearer" || (lower == "basic" && previous == "authorization:") { return (word, true) }
        if lower == "\"token\":" || lower == "\"password\":" || lower == "\"secret\":" { return (word, true) }
        if let equals = word.firstIndex(of: "=") {
            let name = word[..<equals]
            let value = word[word.index(after: equals)...]
            let lowerName = name.lowercased()
            if secretOptions.contains(lowerName) || isSecretVariable(String(name)) {
                if value.isEmpty || isPlaceholderOrProse(String(value)) { return (word, false) }
                return (String(name) + "=" + (maskedValue(String(value)) ?? placeholder), false)
            }
        }
        // JSON members: `"token":` ending the word (the value follows), or `"token":"X"` glued, anywhere in the word.
        if lower.contains("\":"), lower.count == word.count {
            for key in secretJSONKeys {
                let marker = "\"\(key)\":"
                guard let range = lower.range(of: marker) else { continue }
                let offset = lower.distance(from: lower.startIndex, to: range.upperBound)
                if offset == word.count { return (word, true) }
                let head = String(word.prefix(offset))
                let rest = word.dropFirst(offset)
                guard rest.first == "\"" else { continue }
                // The quoted value runs to the next unescaped quote.
                var end = rest.index(after: rest.startIndex)
                while end < rest.endIndex, rest[end] != "\"" { end = rest.index(after: end) }
                let tail = end < rest.endIndex ? String(rest[end...]) : ""
                return (head + "\"" + placeholder + tail, false)
            }
        }
        return (word, false)
    }

    /// `NAME` of `NAME=VALUE` is a secret variable: shell-variable characters, ending in a secret suffix.
    private static func isSecretVariable(_ name: String) -> Bool {
        let trimmed = name.drop { $0 == "-" || $0 == "\"" || $0 == "'" }
        guard !trimmed.isEmpty, trimmed.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return false }
        let upper = trimmed.uppercased()
        return secretNameSuffixes.contains { upper.hasSuffix($0) }
    }

    /// The masked form of a value word: quotes and trailing punctuation (`,` `;` `}` `)`) are kept around `***`.
    /// `nil` when the word is not a value (another option).
    private static func maskedValue(_ word: String) -> String? {
        if word.hasPrefix("--") { return nil }
        if isPlaceholderOrProse(word) { return word }
        // A quoted value closed inside the word (`"x"`, `'p w'`, `"x",`): the quoted part is the secret, what
        // follows the closing quote stays.
        if let quote = word.first, quote == "\"" || quote == "'",
           let close = word.dropFirst().firstIndex(of: quote) {
            return word[word.index(after: word.startIndex)..<close].isEmpty ? word
                : String(quote) + placeholder + String(word[close...])
        }
        var core = Substring(word)
        var leading = ""
        var trailing = ""
        while let first = core.first, first == "\"" || first == "'" {
            leading.append(first)
            core = core.dropFirst()
        }
        while let last = core.last, ",;})]\"'".contains(last) {
            trailing = String(last) + trailing
            core = core.dropLast()
        }
        if core.isEmpty { return word }
        return leading + placeholder + trailing
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
        return proseWords.contains(String(core))
    }

    /// Connectives the doctor's own sentences put after `--token` or `--password`.
    static let proseWords: Set<String> = ["or", "and", "to", "is", "in", "of", "if", "for", "with", "when", "from", "the", "a", "an", "not", "must", "(or", "(and"]
}
