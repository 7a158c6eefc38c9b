import Foundation
import Testing
import TestSupport
@testable import NetProbe

/// `FixedPoint.text` writes what `String(format: "%.Nf")` wrote (the journal check's restart rates).
@Suite("FixedPoint")
struct FixedPointTests {
    @Test("random values and ties: same text as String(format:) for 0-3 decimals (seeded, 4000 cases)")
    func agreesWithStringFormat() {
        var generator = SeededGenerator(seed: 0xF1ED)
        for index in 0..<4000 {
            let value: Double
            switch index % 4 {
            case 0: value = Double.random(in: 0...10_000, using: &generator)
            case 1: value = Double(Int.random(in: -2000...2000, using: &generator)) / 8  // exact binary ties
            case 2: value = Double(Int.random(in: 0...100_000, using: &generator)) / 100  // decimal "ties" like 0.15
            default: value = Double.random(in: -1e-3...1e-3, using: &generator)
            }
            for decimals in 0...3 {
                #expect(FixedPoint.text(value, decimals: decimals) == String(format: "%.\(decimals)f", value),
                        "\(value) with \(decimals) decimals")
            }
        }
    }

    @Test("examples: ties to even, no locale, non-finite values")
    func examples() {
        #expect(FixedPoint.text(2.25, decimals: 1) == "2.2")
        #expect(FixedPoint.text(12.5, decimals: 0) == "12")
        #expect(FixedPoint.text(13.5, decimals: 0) == "14")
        #expect(FixedPoint.text(1234.5678, decimals: 1) == "1234.6")
        #expect(FixedPoint.text(1e300, decimals: 1).count == 303)
        #expect(FixedPoint.text(.infinity, decimals: 1) == "inf")
        #expect(FixedPoint.text(.nan, decimals: 0) == "nan")
    }
}
