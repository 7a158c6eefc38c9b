/// Secrets planted in every form `SecretMasking` must recognise (issue 23 item 1), for the unit property test and
/// the end-to-end test that greps every output of the built doctor.
///
/// Every secret word starts with `SeKr` (no form, no output of the doctor, holds that by itself), so a leak of any
/// part of a value, even one word of a quoted value with spaces, is found by `leaks(in:)`.
public struct PlantedSecrets: Sendable {
    /// One form: the text with the secret in it, and the secret's words.
    public struct Form: Sendable, CustomStringConvertible {
        public var text: String
        public var secretWords: [String]
        /// The form masks to the end of its line (a `Cookie:` header), so what follows on the line goes too.
        public var toLineEnd: Bool
        public var description: String { text }
    }

    /// Secret names in the spellings that must all count: one rule, not a list of options.
    public static let names = [
        "token", "access-token", "access_token", "api_key", "api-key", "apiKey", "gateway.auth.token", "password",
        "OPENCLAW_GATEWAY_TOKEN", "client_secret", "passphrase", "X-Auth-Token",
    ]

    public let forms: [Form]

    /// Forms for every name (options with one and two dashes, `=` and space, quoted values with spaces,
    /// assignments, URL query and fragment parameters, JSON/YAML/Python-dict members with any spacing) and the
    /// HTTP header and URL userinfo forms, each with fresh secret words from `rng`.
    public init<G: RandomNumberGenerator>(_ rng: inout G) {
        var forms: [Form] = []
        func word() -> String {
            let alphabet = Array("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
            let tail = String((0..<Int.random(in: 6...14, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
            let punctuation = ["", "", "+/", "_-", "=="].randomElement(using: &rng)!
            return "SeKr" + tail + punctuation
        }
        func add(_ text: (String) -> String, quoted: Bool = false, toLineEnd: Bool = false) {
            if quoted {
                let words = [word(), word()]
                forms.append(Form(text: text(words.joined(separator: " ")), secretWords: words, toLineEnd: toLineEnd))
            } else {
                let w = word()
                forms.append(Form(text: text(w), secretWords: [w], toLineEnd: toLineEnd))
            }
        }
        for n in Self.names {
            add { "--\(n)=\($0)" }
            add { "--\(n) \($0)" }
            add { "-\(n) \($0)" }
            add { "-\(n)=\($0)" }
            add({ "--\(n)=\"\($0)\"" }, quoted: true)
            add({ "--\(n)='\($0)'" }, quoted: true)
            add({ "--\(n) \"\($0)\"" }, quoted: true)
            add({ "--\(n) '\($0)'" }, quoted: true)
            add { "\(n)=\($0)" }
            add { "http://127.0.0.1:18789/?\(n)=\($0)" }
            add { "http://127.0.0.1:18789/__openclaw__/canvas?x=1&\(n)=\($0)&y=2" }
            add { "http://127.0.0.1:18789/#\(n)=\($0)" }
            add { "ws://[::1]:18789/?\(n)=\($0)#frag" }
            add({ "{\"\(n)\": \"\($0)\"}" }, quoted: true)
            add({ "{\"\(n)\" : \"\($0)\"}" }, quoted: true)
            add { "{\"\(n)\":\"\($0)\",\"port\":18789}" }
            add({ "{'\(n)': '\($0)'}" }, quoted: true)
            add { "\(n): \($0)" }
            add { "auth.\(n): \($0)" }
            add({ "\(n) = \"\($0)\"" }, quoted: true)
        }
        add { "Authorization: Bearer \($0)" }
        add { "Authorization: Basic \($0)" }
        add { "Authorization: Token \($0)" }
        add { "authorization:Bearer \($0)" }
        add { "Proxy-Authorization: Bearer \($0)" }
        add { "-H 'Authorization: Bearer \($0)'" }
        add { "X-Api-Key: \($0)" }
        add { "x-api-key:\($0)" }
        add { "Bearer \($0)" }
        add({ "Cookie: session=\($0)" }, toLineEnd: true)
        // The sec2 re-attack's forms that hold anywhere on a line: literal prefixes, a quote opened before the name,
        // Go's `:=`, curl's USER:PASSWORD, last-word names, a shared access signature, a bare credential shape.
        add { "{'token': b'\($0)'}" }
        add { "password=$'\($0)'" }
        add({ "\"OPENCLAW_GATEWAY_TOKEN=\($0)\"" }, quoted: true)
        add { "token := \"\($0)\"" }
        add { "-u admin:\($0)" }
        add { "DB_PASS=\($0)" }
        add { "https://acct.blob.example/c?sv=1&sig=\($0)&se=2" }
        add { "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.\($0.filter { $0.isLetter || $0.isNumber })" }
        let user = word().replacingOccurrences(of: "/", with: "%2F")
        forms.append(Form(text: "https://\(user)@github.com/o/r.git", secretWords: [user], toLineEnd: false))
        // A URL's userinfo cannot hold `/` unescaped (RFC 3986), so this one is percent-encoded.
        let userinfo = word().replacingOccurrences(of: "/", with: "%2F")
        forms.append(Form(text: "https://alice:\(userinfo)@example.com/path", secretWords: [userinfo], toLineEnd: false))
        self.forms = forms
    }

    /// The secret words found in `output` (none: nothing leaked).
    public func leaks(in output: String) -> [String] {
        var found: [String] = []
        for form in forms { for w in form.secretWords where output.contains(w) { found.append(w) } }
        // Any planted prefix at all: a value cut (1 KiB excerpts) still leaks its start.
        if found.isEmpty, output.contains("SeKr") { found.append("SeKr...") }
        return found
    }
    /// `text` split as a shell splits it: quotes group words and are removed (an option form as its argv).
    public static func shellWords(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        var quote: Character?
        var inWord = false
        for c in text {
            if let q = quote {
                if c == q { quote = nil } else { current.append(c) }
            } else if c == "\"" || c == "'" {
                quote = c
                inWord = true
            } else if c == " " {
                if inWord { words.append(current) }
                current = ""
                inWord = false
            } else {
                current.append(c)
                inWord = true
            }
        }
        if inWord { words.append(current) }
        return words
    }
}
