import Foundation
import Testing
import TestSupport
@testable import NetProbe

/// `replacingCaseInsensitive` (the Windows user-name redaction) writes what Foundation's
/// `replacingOccurrences(of:with:options: .caseInsensitive)` wrote, on path-like text.
@Suite("Case-insensitive replace")
struct CaseInsensitiveReplaceTests {
    static let alphabet: [Character] = ["u", "U", "s", "S", "e", "r", "\\", "/", "a", "A", "é", "É", " ", "1"]

    @Test("random texts and targets: same result as Foundation (seeded, 4000 cases)")
    func agreesWithFoundation() {
        var generator = SeededGenerator(seed: 0xCA5E)
        for _ in 0..<4000 {
            let text = String((0..<Int.random(in: 0...24, using: &generator)).map { _ in Self.alphabet.randomElement(using: &generator)! })
            let target = String((0..<Int.random(in: 1...4, using: &generator)).map { _ in Self.alphabet.randomElement(using: &generator)! })
            #expect(text.replacingCaseInsensitive(target, with: "<t>")
                    == text.replacingOccurrences(of: target, with: "<t>", options: .caseInsensitive), "\(text) / \(target)")
        }
    }

    @Test("examples: Windows profile paths, non-overlapping, empty target")
    func examples() {
        #expect(#"C:\USERS\Alice\x and c:\users\alice"#.replacingCaseInsensitive(#"Users\alice"#, with: #"Users\user-1"#)
                == #"C:\Users\user-1\x and c:\Users\user-1"#)
        #expect("aaaa".replacingCaseInsensitive("aa", with: "b") == "bb")
        #expect("abc".replacingCaseInsensitive("", with: "x") == "abc")
    }
}
