import Testing
import TestSupport
@testable import NetProbe

/// Issue 23 item 1: one masking rule for every spelling of a secret option, URL parameter, member and header.
@Suite("Secret masking")
struct SecretMaskingTests {
    @Test("each form the attacker round found unmasked is masked", arguments: [
        ("--token=\"pass phrase A\" --access-token=B", "--token=\"***\" --access-token=***"),
        ("http://127.0.0.1:18789/?token=C auth.token: D", "http://127.0.0.1:18789/?token=*** auth.token: ***"),
        ("gw --access-token=X --port 1", "gw --access-token=*** --port 1"),
        ("gw --api_key X --port 1", "gw --api_key *** --port 1"),
        ("gw -token X --port 1", "gw -token *** --port 1"),
        ("gw --gateway.auth.token=X --port 1", "gw --gateway.auth.token=*** --port 1"),
        ("gw --password='a X' --port 1", "gw --password='***' --port 1"),
        ("open http://h/#token=X now", "open http://h/#token=*** now"),
        ("{'token': 'X'}", "{'token': '***'}"),
        ("{\"token\" : \"X\"}", "{\"token\" : \"***\"}"),
        ("X-Api-Key: X", "X-Api-Key: ***"),
        ("Authorization: Token X", "Authorization: Token ***"),
        ("curl -H 'Authorization: Bearer X' http://h/", "curl -H 'Authorization: Bearer ***' http://h/"),
        ("Cookie: a=1; b=2", "Cookie: ***"),
        ("GET /?a=1&access_token=X&b=2 HTTP/1.1", "GET /?a=1&access_token=***&b=2 HTTP/1.1"),
        ("https://bob:hunter2@example.com/x", "https://bob:***@example.com/x"),
        ("TOKEN = \"a b\"", "TOKEN = \"***\""),
        ("\"apiKey\":\"X\",\"port\":1", "\"apiKey\":\"***\",\"port\":1"),
    ])
    func attackerForms(input: String, expected: String) {
        #expect(SecretMasking.mask(input) == expected)
        #expect(SecretMasking.mask(expected) == expected, "idempotent")
    }

    @Test("the second attack round's spellings are masked too", arguments: [
        ("{\"password\" => \"X1\", :token => 'X2'}", "{\"password\" => \"***\", :token => '***'}"),
        ("<config><token>X1</token><apiKey>X2</apiKey></config>", "<config><token>***</token><apiKey>***</apiKey></config>"),
        ("headers map[Authorization:[Bearer X1] Accept:[*/*]]", "headers map[Authorization:[Bearer ***] Accept:[*/*]]"),
        ("{\"token\": [\"X1\", \"X2\"]}", "{\"token\": [***]}"),
        ("GET /login?next=%2Fcb%3Ftoken%3DX1%26y%3D1 HTTP/1.1", "GET /login?next=%2Fcb%3Ftoken%3D*** HTTP/1.1"),
        ("Authorization=Bearer X1", "Authorization=Bearer ***"),
        ("--TOKEN=X1 --Api-Key X2", "--TOKEN=*** --Api-Key ***"),
        ("x-goog-api-key:\tX1", "x-goog-api-key:\t***"),
    ])
    func secondRound(input: String, expected: String) {
        #expect(SecretMasking.mask(input) == expected)
        #expect(SecretMasking.mask(expected) == expected, "idempotent")
    }

    @Test("the sec2 re-attack's forms are masked: literal prefixes, a quote opened before the name, line values, block scalars, next-line values, name/value pairs, credential pairs and shapes, last-word names", arguments: [
        ("{'token': b'X1'}", "{'token': b'***'}"),
        ("token=rb\"X1\" --password=$'X2 y'", "token=rb\"***\" --password=$'***'"),
        ("Environment=\"OPENCLAW_GATEWAY_TOKEN=X1 X2\" Other=1", "Environment=\"OPENCLAW_GATEWAY_TOKEN=***\" Other=1"),
        ("[\"PATH=/bin\", \"API_KEY=X1 X2\"]", "[\"PATH=/bin\", \"API_KEY=***\"]"),
        ("token: X1 X2 X3 # a comment\nport: 1", "token: *** # a comment\nport: 1"),
        ("[auth]\npassword = X1 X2\nport = 1", "[auth]\npassword = ***\nport = 1"),
        ("  - password: X1 X2", "  - password: ***"),
        ("token := \"X1\"", "token := \"***\""),
        ("gateway:\n  token: |\n    X1\n    X2\n  port: 1", "gateway:\n  token: |\n    ***\n  port: 1"),
        ("api_key: >-\n  X1\n  X2\nother: keep", "api_key: >-\n  ***\nother: keep"),
        ("{\n  \"token\":\n    \"X1\"\n}", "{\n  \"token\":\n    \"***\"\n}"),
        ("token:\n  X1\nport: 1", "token:\n  ***\nport: 1"),
        ("env:\n- name: OPENCLAW_GATEWAY_TOKEN\n  value: X1\n- name: PORT\n  value: 18789",
         "env:\n- name: OPENCLAW_GATEWAY_TOKEN\n  value: ***\n- name: PORT\n  value: 18789"),
        ("{\"name\": \"OPENCLAW_GATEWAY_TOKEN\", \"value\": \"X1\"}, {\"name\": \"PORT\", \"value\": \"1\"}",
         "{\"name\": \"OPENCLAW_GATEWAY_TOKEN\", \"value\": \"***\"}, {\"name\": \"PORT\", \"value\": \"1\"}"),
        ("<add key=\"ApiKey\" value=\"X1\"/><add key=\"Port\" value=\"1\"/>", "<add key=\"ApiKey\" value=\"***\"/><add key=\"Port\" value=\"1\"/>"),
        ("<entry key=\"token\">X1</entry>", "<entry key=\"token\">***</entry>"),
        ("curl -u admin:X1 http://h/ --user=bob:X2 --proxy-user 'p:X3 y'", "curl -u admin:*** http://h/ --user=bob:*** --proxy-user 'p:***'"),
        ("DB_PASS=X1 smtpPass=X2 --pass X3 ?sig=X4&se=1 --jwt X5 sessionid=X6",
         "DB_PASS=*** smtpPass=*** --pass *** ?sig=***&se=1 --jwt *** sessionid=***"),
        ("git remote: https://ghp_X1abcdefghijklmnopqrstuvwx@github.com/o/r.git and https://X2@example.com/",
         "git remote: https://***@github.com/o/r.git and https://***@example.com/"),
        ("auth eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJYMSJ9.X1sig and sk-X2abcdefghijklmnopqrstu, xoxb-X3-123456789012345",
         "auth *** and ***, ***"),
    ])
    func secondAttackerRound(input: String, expected: String) {
        #expect(SecretMasking.mask(input) == expected)
        #expect(SecretMasking.mask(expected) == expected, "idempotent")
    }

    @Test("the doctor's own advice and ordinary text are left as they are", arguments: [
        "Refusing to bind gateway to 0.0.0.0 without auth. Set --token or OPENCLAW_GATEWAY_TOKEN, or use --bind loopback.",
        "export OPENCLAW_GATEWAY_TOKEN=\"$(openssl rand -hex 32)\" (at least 16 bytes)",
        "edit /s/openclaw.json: set gateway.auth.token to a token of at least 16 bytes",
        "tokens and passwords in journal messages and command lines (--token, *_TOKEN=, Authorization:) are masked as ***.",
        "pass --token with at least 16 bytes (for example from `openssl rand -hex 32`)",
        "max_tokens=512 tokenizer=bpe keyboard=us",
        "listening on ws://127.0.0.1:18789 (pid 4242)",
        "{\"token\": null, \"password\": \"\"}",
        "Environment=OPENCLAW_GATEWAY_TOKEN=${TOKEN}",
        "a basic check of 127.0.0.1 --port 5",
        "gw --no-token --port 1",
        "OPENCLAW_GATEWAY_TOKEN=\"$TOKEN\" openclaw gateway run --bypass proxy --config a.json",
        "runuser -u eve2 -- id; sort -u list; git clone git@github.com:o/r.git",
        "name: openclaw-gateway\nkey: value\nsignature verified",
        "token: the gateway refuses (exit 78) until one is set",
    ])
    func leftAlone(text: String) {
        #expect(SecretMasking.mask(text) == text)
    }

    @Test("journald's _CMDLINE has no quotes: an option's value runs to the next option")
    func commandLine() {
        let cmdline = "/usr/bin/node index.js gateway --token=pass phrase A --access-token=B --password a b --port 18789"
        #expect(SecretMasking.maskCommandLine(cmdline) == "/usr/bin/node index.js gateway --token=*** --access-token=*** --password *** --port 18789")
        #expect(SecretMasking.maskCommandLine(SecretMasking.maskCommandLine(cmdline)) == SecretMasking.maskCommandLine(cmdline))
        #expect(SecretMasking.mask("msg --token x1 b") == "msg --token *** b", "free text: one word")
    }

    @Test("argv: the value after any secret option spelling is masked, whatever it looks like; each argument is text")
    func arguments() {
        let argv = ["gw", "--access-token", "-x y", "-api_key", "k", "--gateway.auth.token", "t", "-H", "X-Api-Key: K", "--port", "1"]
        #expect(SecretMasking.maskArguments(argv) == ["gw", "--access-token", "***", "-api_key", "***", "--gateway.auth.token", "***", "-H", "X-Api-Key: ***", "--port", "1"])
        #expect(SecretMasking.maskArguments(["gw", "--token=pass phrase A", "TOKEN=a b", "--x=1"]) == ["gw", "--token=***", "TOKEN=***", "--x=1"])
        #expect(SecretMasking.maskArguments(["curl", "-u", "admin:X1", "--user", "bob", "http://h/"]) == ["curl", "-u", "admin:***", "--user", "bob", "http://h/"])
    }

    @Test("property: every planted form, in every surrounding, loses every secret word; masking is idempotent", arguments: 0..<8)
    func planted(seed: Int) {
        var rng = SeededGenerator(seed: UInt64(seed) &+ 0x5eed)
        let planted = PlantedSecrets(&rng)
        for form in planted.forms {
            let surroundings = [
                form.text,
                "gateway started \(form.text) --port 18789",
                "line one\n\(form.text)\nline three --port 18789",
                "{\"MESSAGE\":\"\(form.text.replacingOccurrences(of: "\"", with: "\\\""))\",\"PORT\":18789}",
                "\t\(form.text);",
            ]
            for text in surroundings {
                let masked = SecretMasking.mask(text)
                #expect(planted.leaks(in: masked).isEmpty, "\(text) -> \(masked)")
                #expect(SecretMasking.mask(masked) == masked, "idempotent: \(masked)")
                if text.contains("18789"), !form.toLineEnd || text.contains("\n") {
                    #expect(masked.contains("18789"), "the rest stays: \(text) -> \(masked)")
                }
                #expect(planted.leaks(in: SecretMasking.maskCommandLine(text)).isEmpty, "command line: \(text)")
            }
            // As an argv: an option form's words as a shell splits them; any other form as one argument.
            let argv = ["gw"] + (form.text.hasPrefix("-") ? PlantedSecrets.shellWords(form.text) : [form.text]) + ["--port", "18789"]
            #expect(planted.leaks(in: SecretMasking.maskArguments(argv).joined(separator: " ")).isEmpty, "argv \(argv)")
        }
    }

    @Test("the planted-secret detector finds each form unmasked (so a green run means something)")
    func detector() {
        var rng = SeededGenerator(seed: 3)
        let planted = PlantedSecrets(&rng)
        for form in planted.forms { #expect(!planted.leaks(in: form.text).isEmpty, "\(form.text)") }
        #expect(planted.forms.count > 200)
    }
}
