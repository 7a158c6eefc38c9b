import Foundation
import NIOCore
import NIOPosix
#if canImport(Glibc)
import Glibc
#endif

/// `load.*`: `clients` WebSocket clients at once against a real `openclaw gateway run`, each doing
/// `connect.challenge` -> `connect` -> `hello-ok` -> one `status`, all kept open until the last is done; repeated
/// `rounds` times on the same gateway. Memory from `/proc/PID/status`.
enum LoadBenchmark {
    struct Settings {
        var openclaw: String
        var clients: Int
        var rounds: Int
        /// Per round: a client not done by then counts as failed, and the round ends.
        var roundTimeout: Duration
        var workDirectory: String
    }

    static func run(_ settings: Settings) throws -> Results {
        try FileLimit.raise(atLeast: settings.clients * 2 + 256)
        let port = try Ports.closedLoopbackPort()
        let stateDirectory = settings.workDirectory + "/load-state"
        try FileManager.default.createDirectory(atPath: stateDirectory, withIntermediateDirectories: true)
        let gateway = try ChildProcess(
            [settings.openclaw, "gateway", "run", "--port", String(port), "--state-dir", stateDirectory],
            environment: ChildProcess.benchEnvironment(), logPath: settings.workDirectory + "/load-gateway.log")
        defer { gateway.stop() }
        _ = try ChallengeClient.firstFrame(port: port, deadline: .now + .seconds(30))
        usleep(300_000)
        let idle = try MemoryStatus(pid: gateway.pid)

        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? group.syncShutdownGracefully() }
        let factory = LoadClientFactory(group: group, port: Int(port))
        var perSecond: [Double] = [], handshakeP50: [Double] = [], handshakeP99: [Double] = []
        var statusP50: [Double] = [], statusP99: [Double] = [], loadedRSS: [Double] = []
        var failures: [String: Int] = [:]
        for round in 0..<settings.rounds {
            let outcome = try runRound(factory: factory, clients: settings.clients, timeout: settings.roundTimeout) {
                loadedRSS.append(try MemoryStatus(pid: gateway.pid).residentMiB)
            }
            for (reason, count) in outcome.failures { failures[reason, default: 0] += count }
            let handshakes = outcome.timelines.map { Double($0.hello - $0.started) / 1e6 }.sorted()
            let statuses = outcome.timelines.map { Double($0.status - $0.hello) / 1e6 }.sorted()
            if !handshakes.isEmpty {
                perSecond.append(Double(handshakes.count) / outcome.wallSeconds)
                handshakeP50.append(Summary.quantile(handshakes, 0.5))
                handshakeP99.append(Summary.quantile(handshakes, 0.99))
                statusP50.append(Summary.quantile(statuses, 0.5))
                statusP99.append(Summary.quantile(statuses, 0.99))
            }
            progress("load round \(round + 1)/\(settings.rounds): \(outcome.timelines.count) ok, "
                + "\(outcome.failures.values.reduce(0, +)) failed, \(String(format: "%.0f", perSecond.last ?? 0)) handshakes/s")
            usleep(300_000)  // let the gateway finish closing the round's sockets
        }
        let after = try MemoryStatus(pid: gateway.pid)
        var results = Results()
        results.add("load.handshakesPerSecond", Summary(perSecond, unit: "1/s"))
        results.add("load.handshakeP50Millis", Summary(handshakeP50, unit: "ms"))
        results.add("load.handshakeP99Millis", Summary(handshakeP99, unit: "ms"))
        results.add("load.statusP50Millis", Summary(statusP50, unit: "ms"))
        results.add("load.statusP99Millis", Summary(statusP99, unit: "ms"))
        results.add("load.idleRssMiB", Summary(single: idle.residentMiB, unit: "MiB"))
        results.add("load.idleRssAnonMiB", Summary(single: idle.anonymousMiB, unit: "MiB"))
        results.add("load.loadedRssMiB", Summary(loadedRSS, unit: "MiB"))
        results.add("load.afterRssMiB", Summary(single: after.residentMiB, unit: "MiB"))
        results.add("load.peakRssMiB", Summary(single: after.peakResidentMiB, unit: "MiB"))
        results.add("load.failedClients", Summary(single: Double(failures.values.reduce(0, +)), unit: "count"))
        results.note("load", "\(settings.clients) clients x \(settings.rounds) rounds, one client event loop thread, "
            + "127.0.0.1:\(port); failures: \(failures.isEmpty ? "none" : failures.map { "\($0.key) x\($0.value)" }.sorted().joined(separator: "; "))")
        return results
    }

    struct RoundOutcome {
        var timelines: [ClientTimeline] = []
        var failures: [String: Int] = [:]
        /// From the first `connect` call to the last `hello-ok`.
        var wallSeconds: Double = 0
    }

    /// Starts every client at once, waits until all are done or the timeout passes, calls `whileOpen` with every
    /// client still connected, then closes them all.
    private static func runRound(
        factory: LoadClientFactory, clients: Int, timeout: Duration, whileOpen: () throws -> Void
    ) throws -> RoundOutcome {
        let deadline = NIODeadline.now() + .nanoseconds(Int64(timeout.micros * 1000))
        let first = NIODeadline.now().uptimeNanoseconds
        var timelines: [EventLoopFuture<ClientTimeline>] = []
        var channels: [EventLoopFuture<any Channel>] = []
        for _ in 0..<clients {
            let client = factory.start(deadline: deadline)
            timelines.append(client.timeline)
            channels.append(client.channel)
        }
        let loop = factory.group.next()
        let settled = try EventLoopFuture.whenAllComplete(timelines, on: loop).wait()
        var outcome = RoundOutcome()
        for result in settled {
            switch result {
            case .success(let timeline): outcome.timelines.append(timeline)
            case .failure(let error):
                outcome.failures[(error as? LoadClientFailure)?.reason ?? "\(error)", default: 0] += 1
            }
        }
        let last = outcome.timelines.map(\.hello).max() ?? first
        outcome.wallSeconds = Double(last - first) / 1e9
        try whileOpen()
        let closes = channels.map { future in
            future.flatMap { $0.close() }.recover { _ in () }
        }
        _ = try EventLoopFuture.whenAllComplete(closes, on: loop).wait()
        return outcome
    }
}

/// `RLIMIT_NOFILE` (setrlimit(2)): raised before the gateway is spawned, so it inherits room for every client too.
enum FileLimit {
    static func raise(atLeast wanted: Int) throws {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { throw BenchError("getrlimit: errno \(errno)") }
        guard limit.rlim_cur < rlim_t(wanted) else { return }
        guard limit.rlim_max >= rlim_t(wanted) else {
            throw BenchError("RLIMIT_NOFILE hard limit \(limit.rlim_max) is below the \(wanted) descriptors the load needs")
        }
        limit.rlim_cur = rlim_t(wanted)
        guard setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { throw BenchError("setrlimit: errno \(errno)") }
    }
}
