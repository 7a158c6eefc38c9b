import Foundation

/// How one client ended.
enum ClientOutcome: Sendable {
    /// Full handshake, `status` answered, closed; `latencyMs` from connect start to the `status` answer,
    /// `statusMs` from sending `status` to its answer.
    case success(latencyMs: Double, statusMs: Double)
    /// Failed; `category` is a short stable word (`connect`, `upgrade`, `timeout`, `close-1008`, ...).
    case failure(category: String)
}

/// The summary printed at the end, as JSON with `--json`.
struct LoadReport: Codable, Sendable, Equatable {
    var ok: Int
    var failed: Int
    /// Clients that never ended (only after the overall timeout).
    var unfinished: Int
    var clients: Int
    var concurrency: Int
    var elapsedMs: Double
    var handshakesPerSecond: Double
    var p50Ms: Double
    var p99Ms: Double
    var maxMs: Double
    /// The `status` request alone (sent -> answer), nearest-rank percentiles in ms.
    var statusP50Ms: Double
    var statusP99Ms: Double
    /// Most connections open at the same time.
    var peakOpen: Int
    var errors: [String: Int]

    /// Builds the report from the outcomes (pure).
    static func make(
        outcomes: [ClientOutcome], clients: Int, concurrency: Int, elapsedMs: Double, peakOpen: Int
    ) -> LoadReport {
        var latencies: [Double] = []
        var statusLatencies: [Double] = []
        var errors: [String: Int] = [:]
        for outcome in outcomes {
            switch outcome {
            case .success(let ms, let statusMs):
                latencies.append(ms)
                statusLatencies.append(statusMs)
            case .failure(let category): errors[category, default: 0] += 1
            }
        }
        latencies.sort()
        statusLatencies.sort()
        let seconds = elapsedMs / 1000
        return LoadReport(
            ok: latencies.count, failed: outcomes.count - latencies.count, unfinished: clients - outcomes.count,
            clients: clients, concurrency: concurrency, elapsedMs: rounded(elapsedMs),
            handshakesPerSecond: seconds > 0 ? rounded(Double(latencies.count) / seconds) : 0,
            p50Ms: rounded(percentile(latencies, 0.50)), p99Ms: rounded(percentile(latencies, 0.99)),
            maxMs: rounded(latencies.last ?? 0), statusP50Ms: rounded(percentile(statusLatencies, 0.50)),
            statusP99Ms: rounded(percentile(statusLatencies, 0.99)), peakOpen: peakOpen, errors: errors)
    }

    /// Nearest-rank percentile of sorted values; 0 for none.
    static func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((fraction * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }

    private static func rounded(_ value: Double) -> Double { (value * 100).rounded() / 100 }

    /// One JSON object on one line, keys sorted.
    var jsonText: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// A few human-readable lines.
    var text: String {
        var lines = [
            "clients \(clients) (concurrency \(concurrency)): ok \(ok), failed \(failed), unfinished \(unfinished)",
            "elapsed \(elapsedMs) ms, \(handshakesPerSecond) handshakes/s, p50 \(p50Ms) ms, p99 \(p99Ms) ms, max \(maxMs) ms, peak open \(peakOpen)",
            "status request: p50 \(statusP50Ms) ms, p99 \(statusP99Ms) ms",
        ]
        for (category, count) in errors.sorted(by: { $0.key < $1.key }) { lines.append("  \(category): \(count)") }
        return lines.joined(separator: "\n")
    }
}
