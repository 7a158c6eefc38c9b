import Foundation
@testable import NetProbe

/// Helpers shared by the capture test suites.
enum CaptureTest {
    static let file = "/captures/test.txt"

    /// Parses a capture holding one section `name` whose content is `body`: the header is line 1, so the
    /// body's line k is file line k + 1.
    static func section(_ name: String, _ body: String) -> MachineFacts {
        CaptureReader.parse(text: "### \(name)\n" + body, file: file)
    }

    /// The warnings' line numbers, in order.
    static func lines(_ facts: MachineFacts) -> [Int?] { facts.warnings.map(\.line) }
}

