import Foundation

/// Order statistics of one benchmark's samples: what `latest.json` reports for every figure.
struct Summary: Codable, Sendable, Equatable {
    /// The middle sample (mean of the two middle ones for an even count).
    var median: Double
    var min: Double
    var max: Double
    /// How many samples the figures are taken over.
    var runs: Int
    /// `us`, `ms`, `MiB`, `1/s`.
    var unit: String

    /// Nil when there are no samples.
    init?(_ samples: [Double], unit: String) {
        guard !samples.isEmpty else { return nil }
        let sorted = samples.sorted()
        median = Self.quantile(sorted, 0.5)
        min = sorted[0]
        max = sorted[sorted.count - 1]
        runs = sorted.count
        self.unit = unit
    }

    /// One value measured once (a peak, a count).
    init(single value: Double, unit: String) {
        median = value
        min = value
        max = value
        runs = 1
        self.unit = unit
    }

    /// Linear interpolation between closest ranks of an ascending array (`q` in 0...1).
    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        guard sorted.count > 1 else { return sorted.first ?? 0 }
        let position = q * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = Swift.min(lower + 1, sorted.count - 1)
        let fraction = position - Double(lower)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction
    }
}

/// Named summaries, written as one JSON object (`{"inprocess.netlinkFloorMicros": {...}, ...}`).
struct Results: Sendable {
    private(set) var figures: [String: Summary] = [:]
    /// Facts about a figure that are not numbers (what was measured, failures seen).
    private(set) var notes: [String: String] = [:]

    mutating func add(_ key: String, _ summary: Summary?) {
        if let summary { figures[key] = summary }
    }

    mutating func note(_ key: String, _ text: String) { notes[key] = text }

    mutating func merge(_ other: Results) {
        figures.merge(other.figures) { _, new in new }
        notes.merge(other.notes) { _, new in new }
    }

    private struct Document: Encodable {
        var figures: [String: Summary]
        var notes: [String: String]
    }

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return String(decoding: try encoder.encode(Document(figures: figures, notes: notes)), as: UTF8.self)
    }
}
