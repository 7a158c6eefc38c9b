import Foundation
import NetProbe
import NetProbeLive

extension Duration {
    /// The duration in microseconds.
    var micros: Double {
        let parts = components
        return Double(parts.seconds) * 1e6 + Double(parts.attoseconds) / 1e12
    }

    /// The duration in milliseconds.
    var millis: Double { micros / 1000 }
}

/// Runs `body` once; its duration in microseconds on `ContinuousClock`.
func timeMicros(_ body: () throws -> Void) rethrows -> Double {
    let start = ContinuousClock.now
    try body()
    return (ContinuousClock.now - start).micros
}

/// Runs several benchmarks interleaved: in round `i` every body runs once, in forward order on even rounds and in
/// reverse order on odd ones, so no side always runs first or last and slow drifts of the machine (other builds
/// on the same two cores) hit every side alike. `warmup` rounds are run and dropped. Each body returns one sample.
func interleaved(rounds: Int, warmup: Int, _ bodies: [() throws -> Double]) throws -> [[Double]] {
    var samples = Array(repeating: [Double](), count: bodies.count)
    for round in 0..<(warmup + rounds) {
        let order = round.isMultiple(of: 2) ? Array(bodies.indices) : Array(bodies.indices.reversed())
        for index in order {
            let value = try bodies[index]()
            if round >= warmup { samples[index].append(value) }
        }
    }
    return samples
}

/// A benchmark that cannot run; the message says why.
struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Writes a line to standard error (progress; the figures go to the JSON file).
func progress(_ text: String) {
    StandardStreams.write(text + "\n", to: .error)
}
