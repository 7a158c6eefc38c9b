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

    /// A fresh temporary directory, removed by the caller.
    static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "capture-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

/// SplitMix64: a small seeded generator so property tests are reproducible.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
