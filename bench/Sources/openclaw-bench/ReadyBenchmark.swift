import Foundation

/// `gateway.readyMillis` vs `gateway.floorReadyMillis`: from just before `posix_spawn` of the server until a
/// WebSocket client (`ChallengeClient`, retrying refused connects every 200 µs) holds the first text frame.
/// The gateway runs as `openclaw gateway run --port P --state-dir D`; the floor is `bench-floor-server --port P`.
/// Both are stopped with SIGTERM after each sample; every sample uses a new free port.
enum ReadyBenchmark {
    static func run(openclaw: String, floorServer: String, rounds: Int, warmup: Int, workDirectory: String) throws -> Results {
        let stateDirectory = workDirectory + "/ready-state"
        try FileManager.default.createDirectory(atPath: stateDirectory, withIntermediateDirectories: true)
        let environment = ChildProcess.benchEnvironment()
        var gatewayExits: [Int32] = []
        var floorPayload = ""
        var gatewayPayload = ""
        let samples = try interleaved(rounds: rounds, warmup: warmup, [
            {
                let port = try Ports.closedLoopbackPort()
                let (millis, frame, code) = try sample(
                    [openclaw, "gateway", "run", "--port", String(port), "--state-dir", stateDirectory],
                    port: port, environment: environment, log: workDirectory + "/ready-gateway.log")
                guard frame.contains("\"connect.challenge\"") else { throw BenchError("gateway sent \(frame.prefix(80))") }
                gatewayExits.append(code)
                gatewayPayload = frame
                return millis
            },
            {
                let port = try Ports.closedLoopbackPort()
                let (millis, frame, _) = try sample(
                    [floorServer, "--port", String(port)],
                    port: port, environment: environment, log: workDirectory + "/ready-floor.log")
                guard frame.contains("\"connect.challenge\"") else { throw BenchError("floor sent \(frame.prefix(80))") }
                floorPayload = frame
                return millis
            },
        ])
        var results = Results()
        results.add("gateway.readyMillis", Summary(samples[0], unit: "ms"))
        results.add("gateway.floorReadyMillis", Summary(samples[1], unit: "ms"))
        let badExits = gatewayExits.filter { $0 != 0 }
        results.note("gateway.readyMillis", "challenge of \(gatewayPayload.utf8.count) bytes; SIGTERM exits: "
            + (badExits.isEmpty ? "all 0" : "non-zero \(badExits)"))
        results.note("gateway.floorReadyMillis", "challenge of \(floorPayload.utf8.count) bytes")
        return results
    }

    /// One spawn-to-challenge time in milliseconds, the frame, and the exit code after SIGTERM.
    private static func sample(
        _ arguments: [String], port: UInt16, environment: [String: String], log: String
    ) throws -> (Double, String, Int32) {
        let start = ContinuousClock.now
        let child = try ChildProcess(arguments, environment: environment, logPath: log)
        let frame: String
        do {
            frame = try ChallengeClient.firstFrame(port: port, deadline: start + .seconds(30))
        } catch {
            child.stop(signal: SIGKILL)
            throw error
        }
        let millis = (ContinuousClock.now - start).millis
        let code = child.stop()
        return (millis, frame, code)
    }
}
