// openclaw-bench: the in-process and readiness benchmarks of `make bench` (bench/run.py drives it; it runs the
// whole-process comparisons with hyperfine and the load with the product's `openclaw-loadclient`). Each subcommand writes one JSON object of figures to `--out`.
//
//   openclaw-bench inprocess --capture FILE --rounds N --warmup N --out FILE
//   openclaw-bench ready --openclaw BIN --floor BIN --rounds N --warmup N --work DIR --out FILE
//   openclaw-bench loop --body live|floor|capture [--capture FILE] [--count N]   (for perf and callgrind)
//   openclaw-bench wait-ready --port P [--timeout SECONDS]   (exits 0 once 127.0.0.1:P sends a first frame)
import Foundation
import NetProbe
import NetProbeLive

/// `--name value` pairs from the command line.
struct Arguments {
    private var values: [String: String] = [:]
    let command: String

    init(_ arguments: [String]) throws {
        guard let first = arguments.first else { throw BenchError("no subcommand (inprocess, ready, loop, wait-ready)") }
        command = first
        var index = 1
        while index < arguments.count {
            let name = arguments[index]
            guard name.hasPrefix("--"), index + 1 < arguments.count else { throw BenchError("expected --name value at \(name)") }
            values[String(name.dropFirst(2))] = arguments[index + 1]
            index += 2
        }
    }

    func string(_ name: String) throws -> String {
        guard let value = values[name] else { throw BenchError("--\(name) is required") }
        return value
    }

    func int(_ name: String, default fallback: Int? = nil) throws -> Int {
        guard let text = values[name] else {
            if let fallback { return fallback }
            throw BenchError("--\(name) is required")
        }
        guard let value = Int(text), value >= 0 else { throw BenchError("--\(name) must be a non-negative integer") }
        return value
    }
}

func write(_ results: Results, to path: String) throws {
    try (try results.json() + "\n").write(toFile: path, atomically: true, encoding: .utf8)
}

do {
    let arguments = try Arguments(Array(CommandLine.arguments.dropFirst()))
    switch arguments.command {
    case "inprocess":
        let results = try InProcessBenchmarks.run(
            capturePath: try arguments.string("capture"), rounds: try arguments.int("rounds"),
            warmup: try arguments.int("warmup", default: 10))
        try write(results, to: try arguments.string("out"))
    case "ready":
        let results = try ReadyBenchmark.run(
            openclaw: try arguments.string("openclaw"), floorServer: try arguments.string("floor"),
            rounds: try arguments.int("rounds"), warmup: try arguments.int("warmup", default: 2),
            workDirectory: try arguments.string("work"))
        try write(results, to: try arguments.string("out"))
    case "loop":
        // For profilers (perf record, valgrind --tool=callgrind): one in-process body, `--count` times.
        let count = try arguments.int("count", default: 1000)
        let body = try arguments.string("body")
        for _ in 0..<count {
            switch body {
            case "live": _ = Classifier.classify(LiveReader(options: .init(readsSocketTables: false)).read())
            case "floor": _ = try NetlinkFloor.dumpAll()
            case "capture": _ = Classifier.classify(try CaptureReader.read(path: try arguments.string("capture")))
            default: throw BenchError("--body is live, floor or capture")
            }
        }
    case "wait-ready":
        let port = try arguments.int("port")
        guard let port16 = UInt16(exactly: port) else { throw BenchError("--port out of range") }
        _ = try ChallengeClient.firstFrame(
            port: port16, deadline: .now + .seconds(try arguments.int("timeout", default: 30)))
    default:
        throw BenchError("unknown subcommand \(arguments.command)")
    }
} catch {
    progress("openclaw-bench: \(error)")
    exit(1)
}
