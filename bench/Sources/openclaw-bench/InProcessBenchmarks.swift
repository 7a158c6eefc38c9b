import Foundation
import NetProbe
import NetProbeLive

/// `inprocess.*`: the library calls the gateway and the doctor make, timed inside one process.
enum InProcessBenchmarks {
    /// Runs the five benchmarks interleaved (`rounds` samples each after `warmup` dropped rounds).
    ///
    /// - `netlinkFloorMicros`: `NetlinkFloor.dumpAll()`.
    /// - `liveClassifyMicros`: `Classifier.classify(LiveReader(...).read())` as the gateway and the doctor call it
    ///   (`readsSocketTables: false`).
    /// - `liveReadAllMicros`: `LiveReader().read()` with every default (socket tables included), as a capture reads.
    /// - `captureClassifyMicros`: `CaptureReader.parse` of the capture text (already in memory) + classify.
    /// - `probeRefusedMicros`: `LoopbackProbe.probe` of a closed 127.0.0.1 port.
    static func run(capturePath: String, rounds: Int, warmup: Int) throws -> Results {
        // The one bounded read of a file (`CaptureFiles` through `SmallFileReader`), decoded as the doctor does.
        let captureText = try CaptureReader.text(bytes: try CaptureFiles.bytes(capturePath), file: capturePath)
        let closedPort = try Ports.closedLoopbackPort()
        var floorMessages = 0
        var liveCounts = (links: 0, routes: 0)
        var captureRoutes = 0
        var notRefused: [String] = []

        let samples = try interleaved(rounds: rounds, warmup: warmup, [
            {
                var count = 0
                let micros = try timeMicros { count = try NetlinkFloor.dumpAll() }
                floorMessages = count
                return micros
            },
            {
                var verdict: EnvironmentVerdict?
                var facts: MachineFacts?
                let micros = timeMicros {
                    let read = LiveReader(options: .init(readsSocketTables: false)).read()
                    verdict = Classifier.classify(read)
                    facts = read
                }
                withExtendedLifetime(verdict) {}
                liveCounts = (facts?.links?.count ?? 0, facts?.routes?.count ?? 0)
                return micros
            },
            {
                var facts: MachineFacts?
                let micros = timeMicros { facts = LiveReader().read() }
                withExtendedLifetime(facts) {}
                return micros
            },
            {
                var facts: MachineFacts?
                var verdict: EnvironmentVerdict?
                let micros = timeMicros {
                    let parsed = CaptureReader.parse(text: captureText, file: capturePath)
                    verdict = Classifier.classify(parsed)
                    facts = parsed
                }
                withExtendedLifetime(verdict) {}
                captureRoutes = facts?.routes?.count ?? 0
                return micros
            },
            {
                var result: ProbeResult?
                let micros = timeMicros {
                    result = LoopbackProbe.probe(host: "127.0.0.1", port: closedPort)
                }
                if let outcome = result?.outcome, outcome != .refused { notRefused.append(outcome.name) }
                return micros
            },
        ])
        if !notRefused.isEmpty {
            throw BenchError("probe of closed port \(closedPort) was not refused: \(Set(notRefused).sorted())")
        }
        var results = Results()
        results.add("inprocess.netlinkFloorMicros", Summary(samples[0], unit: "us"))
        results.add("inprocess.liveClassifyMicros", Summary(samples[1], unit: "us"))
        results.add("inprocess.liveReadAllMicros", Summary(samples[2], unit: "us"))
        results.add("inprocess.captureClassifyMicros", Summary(samples[3], unit: "us"))
        results.add("inprocess.probeRefusedMicros", Summary(samples[4], unit: "us"))
        results.note("inprocess.netlinkFloorMicros", "\(floorMessages) netlink messages per run")
        results.note("inprocess.liveClassifyMicros", "\(liveCounts.links) links, \(liveCounts.routes) routes per read; "
            + "LiveReader(options: .init(readsSocketTables: false)) as the gateway and doctor call it")
        results.note("inprocess.liveReadAllMicros", "LiveReader().read(), /proc/net/tcp{,6} included; not classified")
        results.note(
            "inprocess.captureClassifyMicros",
            "\((capturePath as NSString).lastPathComponent), \(captureText.utf8.count) bytes, \(captureRoutes) routes")
        results.note("inprocess.probeRefusedMicros", "127.0.0.1:\(closedPort), outcome refused every run")
        return results
    }
}
