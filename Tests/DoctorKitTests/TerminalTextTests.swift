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

    @Test("the text renderer escapes evidence and warnings from the input")
    func rendered() {
        let facts = CaptureReader.parse(text: "### osrelease\n5.15.153.1-microsoft-standard-WSL2\u{1B}[2J\n### bogus\u{1B}[5m\n", file: "c")
        let report = Doctor.report(facts: facts, configuration: T.configuration(), live: .none("test"))
        let text = TextRenderer(verbose: true, colour: false).render(report)
        #expect(!text.unicodeScalars.contains("\u{1B}"), "\(text)")
        #expect(text.contains("\\x1B[2J") && text.contains("bogus\\x1B[5m"))
    }
}
