import Foundation
import Testing
@testable import NetProbe

/// Inputs that libFuzzer found (fuzz/run, docs/reliability.md "Fuzzing"), byte for byte, with the behaviour the
/// fixed parser must show. Each input is also a seed in fuzz/corpus/<target>/ named `regression-*`.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    /// The bytes of a base64 literal (the exact fuzzer input).
    static func bytes(_ base64: String) throws -> [UInt8] {
        try #require(Data(base64Encoded: base64).map { Array($0) })
    }

    static let handshake = WebSocketHandshake(key: "dGhlIHNhbXBsZSBub25jZQ==")

    /// httphead: `HTTP/1.1 050 Switching Protocols` with a valid upgrade was a complete head with status 50,
    /// so the probe reported "HTTP 50, not WebSocket". No status code starts with 0 (RFC 9110 section 15).
    @Test("httphead: a status code starting with 0 is a bad status line, and the peer is not HTTP")
    func statusWithLeadingZero() throws {
        let input = try Self.bytes(
            "SFRUUC8xLjEgMDUwIFN3aXRjaGluZyBQcm90b2NvbHMNClVwZ3JhZGU6IHdlYnNvY2tldA0KQ29ubmVjdGlvbjogVXBncmFkcw0K"
                + "VXBncmFkZTogd2Vic29ja2V0DQpDb25uZWN0aW9uOiBVcGdyYWRlDQpTZWMtV2ViU29ja2V0LUFjY2VwdDogczNwUExNQmlU"
                + "eGFROWtZR3p6aFpSYksreE9vPQ0KDQqBW3uhdHlwZSI6ImV2ZW50IiwiZXZlbnQiOiJjb25uZWN0LmNoYWxsZW5nZSIsIjQy"
                + "In19")
        #expect(input.starts(with: Array("HTTP/1.1 050 Switching Protocols\r\n".utf8)))
        #expect(HTTPResponseHead.parse(input, maxHeadBytes: 4096) == .invalid(.badStatusLine))

        var conversation = ProbeConversation(handshake: Self.handshake, selfInstanceId: nil, maxBytes: 4096)
        let outcome = conversation.receive(input)
        guard case .notHTTP = outcome else {
            Issue.record("expected notHTTP, got \(String(describing: outcome))")
            return
        }
        #expect(!conversation.upgraded)

        // The boundaries: 100 is the smallest status, 099 and 000 are not statuses.
        for (status, valid) in [("100", true), ("199", true), ("999", true), ("099", false), ("000", false)] {
            let head = Array("HTTP/1.1 \(status) X\r\n\r\n".utf8)
            if case .complete(let parsed, _) = HTTPResponseHead.parse(head) {
                #expect(valid, "status \(status) should be rejected")
                #expect(parsed.status == Int(status))
            } else {
                #expect(!valid, "status \(status) should parse")
            }
        }
    }

    /// redact: `{"token": "x"\xac "password":"y"}` masked `"x"<U+FFFD>` as `"***`, and masking that again ran the open
    /// quote on to the next one: masking was not idempotent. A quoted value closed inside its word keeps what follows
    /// the closing quote, and only an unclosed quote is extended.
    @Test("redact: a quoted secret followed by other bytes is masked once and stays masked")
    func quotedSecretThenByte() throws {
        let input = try Self.bytes("QXV0aG9yaXphdGlvbjogQmVhcmVyIGFiYy5kZWYKeyJ0b2tlbiI6ICJ4IqwgInBhc3N3b3JkIjoieSJ9CjEyNy4wLjEuMSBob3N0LmV4YW1wbGUuY29tIGhvc3QgIyBjb21tZW50IHdvcmRzCg==")
        let text = String(decoding: input, as: UTF8.self)
        let masked = SecretMasking.mask(text)
        #expect(SecretMasking.mask(masked) == masked, "\(masked)")
        #expect(!masked.contains("abc.def") && !masked.contains("\"x\"") && !masked.contains("\"y\""), "\(masked)")
        #expect(SecretMasking.mask("run --password 'p w' --port 1") == "run --password '***' --port 1")
        #expect(SecretMasking.mask("{\"token\": \"x\", \"a\": 1}") == "{\"token\": \"***\", \"a\": 1}")
    }

    /// redact (CI, 2026-12-08): a prompt's names replaced before masking turned `...CLAW_GATEWAY_T-OKEN=x` into text in
    /// which masking then found a secret: the scrubbed text must hold no unmasked secret.
    @Test("redact: a scrubbed prompt line with a mangled token variable holds no unmasked secret")
    func scrubbedPromptThenTokenVariable() throws {
        let text = String(decoding: try Self.bytes("amRvZUBqb2hucy1wYyB+ICUgbmV0d29PUEVOQ0xBV19HL21pcnJvU2VxdWVuY2VyZWRHQVRFV0FZQ0xBV19HQVRFV0FZX1QtT0tFTj14Cg=="), as: UTF8.self)
        let redactor = Redactor(key: 0x5EED, hostNames: ["fuzzhost"], userNames: ["fuzzuser"])
        let scrubbed = redactor.scrub(text)
        #expect(SecretMasking.mask(scrubbed) == scrubbed, "scrubbed: \(scrubbed.debugDescription) masked: \(SecretMasking.mask(scrubbed).debugDescription) text-masked: \(SecretMasking.mask(text).debugDescription)")
    }

    /// The doctor's own advice is not a secret; a real value next to it still is.
    @Test("secret masking leaves the doctor's advice readable: `--token or ...`, `$(openssl rand -hex 32)`, `$TOKEN`")
    func adviceIsNotASecret() {
        let advice = "Set --token or OPENCLAW_GATEWAY_TOKEN, or use --bind loopback."
        #expect(SecretMasking.mask(advice) == advice)
        let fix = #"export OPENCLAW_GATEWAY_TOKEN="$(openssl rand -hex 32)""#
        #expect(SecretMasking.mask(fix) == fix)
        #expect(SecretMasking.mask("ExecStart=openclaw gateway run --token $OPENCLAW_TOKEN") == "ExecStart=openclaw gateway run --token $OPENCLAW_TOKEN")
        #expect(SecretMasking.mask("gateway run --token s3cr3t-or-not") == "gateway run --token ***")
        #expect(SecretMasking.mask("OPENCLAW_GATEWAY_TOKEN=abc123 node") == "OPENCLAW_GATEWAY_TOKEN=*** node")
    }

    /// pasteforms: `\r\r\n` (a doubled CR, as some Windows pastes have) left a CRLF after decoding, so a line kept
    /// a `\r`. Any run of CRs before a LF is one line end.
    @Test("pasteforms: a run of CRs before LF is one line end; no CRLF survives decoding")
    func doubledCarriageReturn() throws {
        let input = try Self.bytes("ZXRoMDogZmxhZ3M9NDE2MzxVUCxCUk9BRENBU1QsUlVOTklORyxNVUxUSUNBU1Q+ICBtdHUgMTUwMA0KICAgICAgICBpbmV0IDE3Mi4yMy4yNDAuMjEzICBuZXRtYXNrIDI1NS4yNTUuMjQwLjAgIGJyb2FkY2FzdCAxNzIuMjMuMjU1LjI1NSAAIABtAHQAdQAgADEANQAwADAADQAKACAAIAAgACAAIAAgACAAIABpAG4AZQB0ACAAMQA3ADIALgAyADMALgAyADQAMAAuADIAMQAzACAAIABuAGUAdABtAGEAcwBrACAAMgA1ADUALgAyADUANQAuADIANAAwAC4AMAAgACAAYgByAG8AYQBkAGMAYQBzAHQAIAAxADcAMgAuADIAMwAuADIANQA1AC4AMgA1ADUADQAKACAAIAAgACAAIAAgACAAIABpAG4AZQB0ADYAIABmAGUAOAAwADoAOgAyADEANQA6ADUAZABmAGYAOgBmAGUAMAAxADoANwA3AGYAYQAgACAAcAByAGUAZgBpAHgAbABlAG4AIAA2ADQAIAAgAHMAYwBvAHAAZQBpAGQAIAAwAHgAMgAwADwAbABpAG4AawA+AA0ACgAgACAAIAAgACAAIAAgACAAMAA8AGgAbwBzAHQAPgANAAoAIAAgACAAIAAgACAAIAAgAGwAbwBvAHAAIAAgAHQAeABxAHUAZQB1AGUAbABlAG4AIAAxADAAMAAwACAAIAAoAEwAbwBjAGEAbAAgAEwAbwBvAHAAYgBhAGMAawApAA0ACgAgACAAIAAgACAAIAAgACAAUgBYACAAcABhAGMAawBlAHQAcwAgADQAIAAgAGIAeQB0AGUAcwAgADIANAAwACAAKAAyADQAMAAuADAAIABCACkADQAKAA0NCiAgMTcyLjIzLjI0MC4yMTMvMjAgICAgICBpbmV0NiBmZTgwOjoyMTU6NWRmZjpmZTAxOjc3ZmEgIHByZWZpeGxlbiA2NCAgc2NvcGVpZCAweDIwPGxpbms+DQogICAgICAgIGV0aGVyIDAwOjE1OjVkOjAxOjc3OmZhICB0eHF1ZXVlbGVuIDEwMDAgIChFdGhlcm5ldCkNCiAgICAgICAgUlggcGFja2V0cyA1MTAyICBieXRlcyA2MzEyNzQ0ICg2LjMgTUIpDQogICAgICAgIFJYIGVycm9ycyAwICBkcm9wcGVkIDAgIG92ZXJydW5zIDAgIGZyYW1lIDANCiAgICAgICAgVFggcGFja2V0cyAyMjM0ICBieXRlcyAxOTAxMDIgKDE5MC4xIEtCKQ0KICAgICAgICBUWCBlcnJvcnMgMCAgZHJvcHBlZCAwIG92ZXIqcnVucyAwICBjYXJyaWVyIDAgIGNvbGxpc2lvbnMgMA0KDQpsbzogZmxhZ3M9NzM8VVAsTE9PUEJBQ0ssUlVOTklORz4gIG10dSA2NTUzNg0KICAgICAgICBpbmV0IDEyNy4wLjAuMSAgbmV0bWFzayAyNTUuMC4wLjANCiAgICAgICAgaW5ldDYgOjoxICBwcmVmaXhsZW4gMTI4ICBzY29wZWlkIDB4MTA8aG9zdD4NCiAgICAgICAgbG9vcCAgdHhxdWV1ZWxlbiAxMDAwICAoTG9jYWwgTG9vcGJhY2spDQogICAgICAgIFJYIHBhY2tldHMgNCAgYnl0ZXMgMjQwICgyNDAuMCBCKQ0KDQo=")
        guard case .success(let text) = CaptureTextDecoding.decode(input) else {
            Issue.record("the input decodes")
            return
        }
        #expect(!text.contains("\r\n"))
        #expect(CaptureTextDecoding.normalizedLineEnds("a\r\r\nb\rc\r\n") == "a\nb\rc\n")
    }

    /// windows: a netstat row `TCP 0.0.0.0:0389 0.0.0.0:0 ...` gave the listener `0.0.0.0:389`, an endpoint the text
    /// does not hold. A port is decimal digits without a leading zero, as netstat prints it.
    @Test("windows: a netstat port with a leading zero or a sign is not a port")
    func netstatPortLeadingZero() {
        let rows = "  TCP    0.0.0.0:0389           0.0.0.0:0              ABH\u{D6}REN         4\n"
            + "  TCP    0.0.0.0:+80            0.0.0.0:0              LISTENING       4\n"
            + "  TCP    0.0.0.0:445            0.0.0.0:0              LISTENING       4\n"
        let listeners = NetstatListeners.parse(rows)
        #expect(listeners.map(\.endpoint) == ["0.0.0.0:445"])
    }

    /// pastelines: `Apr 27 10:55:10 box nodetus=1/FAd:` (a log line whose identifier ends the line) is an entry with
    /// that identifier and an empty MESSAGE; the harness's "message in its line" asked `contains("")`, which is false.
    @Test("pastelines: a journal line that ends at its identifier is an entry with an empty message")
    func journalLineWithoutMessage() throws {
        let entry = try #require(JournalTextLines.entry("Apr 27 10:55:10 box nodetus=1/FAd:"))
        #expect(entry.fields["SYSLOG_IDENTIFIER"] == "nodetus=1/FAd")
        #expect(entry.message.isEmpty)
        let withPid = try #require(JournalTextLines.entry("Apr 27 10:55:10 box node[41017]:"))
        #expect(withPid.fields["_PID"] == "41017" && withPid.message.isEmpty)
    }

    /// wsllist / ipconfig: a CRLF that reaches a parser undecoded (`"\r\n"` is ONE Swift character) and a form feed
    /// or NEL inside a line: the rows and headings are numbered by `\n` / CRLF line ends only, as the text's lines
    /// are (a 3 s run found both: "row line 2 of 1", "heading not on its line").
    @Test("wsllist, ipconfig: lines are counted at LF and CRLF only, whatever else the text holds")
    func lineEndsOfWindowsParsers() {
        let list = "  NAME      STATE           VERSION\r\n* Ubuntu    Running         2\r\n  Debian    Stopped         1\r\n"
        #expect(WslDistributionList.parse(list).map(\.line) == [2, 3])
        let adapters = IpconfigAdapters.parse("Windows IP Configuration\n\u{0C}\nEthernet adapter Et\u{85}hernet:\n   IPv4 Address. . . : 10.0.0.5\n")
        #expect(adapters.map(\.line) == [3] && adapters.first?.addresses == ["10.0.0.5"])
        let redacted = Redactor(key: 1).redactIpconfig("a\r\nb\u{0C}\nc")
        #expect(redacted.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).count == 3)
    }

    /// sockdiag: an `NLMSG_ERROR` whose error field is 0x80000000 (Int32.min) trapped negating it into an errno
    /// (a 20 s run found it). Any error value other than 0 is the kernel's refusal, as a positive number.
    @Test("sockdiag: an NLMSG_ERROR of Int32.min is a kernel error, not a trap")
    func sockDiagErrorOfInt32Min() throws {
        let input = try Self.bytes(
            "fAAAAAIAQAAAFFVuc2FmAAAAAIAAAQAAAAAAAAxRAAUACAAAAAAABUAAAAAAAAAAAA8AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAABR"
                + "BgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAUQYAAAAAAAAAEQBd7gAAAA==")
        let sequence = try #require(ByteReader(input).u32(at: 8))
        #expect(throws: InetDiag.ReplyError.kernel(errno: Int32.max)) { try InetDiag.reply(input, sequence: sequence) }
    }
}
