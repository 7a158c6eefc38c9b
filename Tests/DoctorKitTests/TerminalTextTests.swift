@testable import DoctorKit
import NetProbe
import Testing

/// A hostile capture or paste cannot drive the terminal: the text report escapes control characters.
@Suite("Terminal-safe report text")
struct TerminalTextTests {
    typealias T = DoctorTestInputs

    @Test("ESC, BEL, CR, DEL and C1 controls are escaped; line feeds, tabs and other text stay")
    func escapes() {
        #expect(TerminalText.escaped("5.15\u{1B}]0;PWNED\u{07}\u{1B}[2J") == "5.15\\x1B]0;PWNED\\x07\\x1B[2J")
        #expect(TerminalText.escaped("a\rb\u{7F}c\u{9B}d") == "a\\x0Db\\x7Fc\\x9Bd")
        #expect(TerminalText.escaped("eth0\t00:15:5d\nnext é 中") == "eth0\t00:15:5d\nnext é 中")
    }

    @Test("sec2 re-attack: bidirectional-text controls are escaped in text and JSON; a peer's string is one line (its line feeds escaped where it is read)")
    func bidiAndOneLine() throws {
        // U+202E RIGHT-TO-LEFT OVERRIDE makes `txt.exe` read as `exe.txt`; the isolates and marks reorder too.
        #expect(TerminalText.escaped("a\u{202E}txt.exe\u{2066}b\u{200F}") == "a\\u202Etxt.exe\\u2066b\\u200F")
        #expect(TerminalText.escapedJSON("{\"v\":\"x\u{202E}y\"}") == "{\"v\":\"x\\u202Ey\"}")
        #expect(TerminalText.escaped("line\nnext\tcol") == "line\nnext\tcol", "the output's own line feeds stay")
        let forged = "abc)\nRunning: yes (pid 1, verified)\n\u{202E}evil\u{1B}[2J"
        #expect(TerminalText.oneLine(forged) == "abc)\\x0ARunning: yes (pid 1, verified)\\x0A\\u202Eevil\\x1B[2J")
        #expect(TerminalText.oneLine(TerminalText.oneLine(forged)) == TerminalText.oneLine(forged), "idempotent")
        // Where a peer's strings are read: the identity document and the challenge frame.
        let body = #"{"service":"openclaw-gateway","instanceId":"id\nRunning: yes","version":"1\n\u202eOK","startedAt":"t\tx","pid":7}"#
        let identity = try #require(GatewayIdentity.parseIdentityJSON(Array(body.utf8)))
        #expect(identity.instanceId == "id\\x0ARunning: yes" && identity.version == "1\\x0A\\u202EOK" && identity.startedAt == "t\\x09x")
        let frame = #"{"type":"event","event":"connect.challenge","payload":{"instanceId":"x\nForged"}}"#
        #expect(GatewayIdentity.readChallenge(Array(frame.utf8)) == .challenge(instanceId: "x\\x0AForged"))
    }

    @Test("the text renderer escapes evidence and warnings from the input")
    func rendered() {
        let facts = CaptureReader.parse(text: "### osrelease\n5.15.153.1-microsoft-standard-WSL2\u{1B}[2J\n### bogus\u{1B}[5m\n", file: "c")
        let report = Doctor.report(facts: facts, configuration: T.configuration(), live: .none("test"))
        let text = TextRenderer(verbose: true, colour: false).render(report)
        #expect(!text.unicodeScalars.contains("\u{1B}"), "\(text)")
        #expect(text.contains("\\x1B[2J") && text.contains("bogus\\x1B[5m"))
    }
}
