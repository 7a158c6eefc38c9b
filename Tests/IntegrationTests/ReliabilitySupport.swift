import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Issue 5's reliability tests (races, crashes, load, hostile peers), one suite at a time so their timing bounds
/// are not measured under each other's load. Each runs real `.build/debug/openclaw` processes on free ports with
/// temporary state directories. Filter: `swift test --filter ReliabilityTests`.
@Suite("Reliability", .serialized)
struct ReliabilityTests {}

/// One gateway "slot" of a reliability test: a free port and a temporary state directory, and ways to start
/// `.build/debug/openclaw gateway run` on it as a `SpawnedChild`.
struct ReliabilityGateway {
    let port: UInt16
    let stateDir: String

    init(_ prefix: String) {
        port = TestPorts.free()
        stateDir = TestDirectory.make(prefix)
    }

    /// The instance lock (no `XDG_RUNTIME_DIR` in the child environment, so it lives under the state directory).
    var lockPath: String { stateDir + "/run/gateway-\(port).lock" }
    /// The lock path relative to the state directory: the only file a gateway may leave behind.
    var lockRelativePath: String { "run/gateway-\(port).lock" }

    static var loadClientBinary: String {
        Fixtures.repositoryRoot.appendingPathComponent(".build/debug/openclaw-loadclient").path
    }

    static func requireBinaries() throws {
        for binary in [GatewayTestSupport.openclawBinary, loadClientBinary] {
            try #require(FileManager.default.isExecutableFile(atPath: binary), "build first: swift build (missing \(binary))")
        }
    }

    /// Starts `openclaw gateway run --port P --state-dir D` plus `extra`, optionally behind a start gate.
    func start(_ extra: [String] = [], environment: [String: String] = [:], gate: StartGate? = nil) throws -> SpawnedChild {
        try SpawnedChild.start(
            GatewayTestSupport.openclawBinary,
            ["gateway", "run", "--port", String(port), "--state-dir", stateDir] + extra,
            environment: ChildEnvironment.clean(extra: environment), gate: gate)
    }

    /// The instance id from a start line `listening on ws://... (pid N, instance X, strategy S, env E)`.
    static func instanceId(inStartLine stdout: String) -> String? {
        guard let range = stdout.range(of: ", instance ") else { return nil }
        let rest = stdout[range.upperBound...]
        let id = rest.prefix { $0.isHexDigit }
        return id.isEmpty ? nil : String(id)
    }

    /// `GET /healthz` and `GET /__openclaw__/identity` on 127.0.0.1 (blocking, off the cooperative pool):
    /// nil unless health is 200 `ok`; else the identity's pid and instance id.
    func liveIdentity() async -> (pid: Int, instanceId: String)? {
        let port = self.port
        return await Reliability.offPool {
            guard let health = try? GatewayWireClient.get(host: "127.0.0.1", port: port, path: "/healthz"),
                  health.status == 200, health.body.contains("\"ok\":true") else { return nil }
            guard let identity = try? GatewayWireClient.get(host: "127.0.0.1", port: port, path: "/__openclaw__/identity"),
                  identity.status == 200,
                  let object = try? JSONSerialization.jsonObject(with: Data(identity.body.utf8)) as? [String: Any],
                  let pid = object["pid"] as? Int, let instance = object["instanceId"] as? String else { return nil }
            return (pid, instance)
        }
    }

    /// What must hold after every gateway of this slot has stopped: no process mentions the state directory, the
    /// lock is free, and the lock file is the only file left.
    func expectNothingLeftBehind(_ context: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let strays = ReliabilityProbes.processes(commandLineContaining: stateDir)
        #expect(strays.isEmpty, "\(context): processes left: \(strays)", sourceLocation: sourceLocation)
        #expect(ReliabilityProbes.isLocked(lockPath) == false, "\(context): lock \(lockPath) still held", sourceLocation: sourceLocation)
        let files = ReliabilityProbes.files(under: stateDir)
        #expect(files == [lockRelativePath], "\(context): files left in the state dir: \(files)", sourceLocation: sourceLocation)
    }
}

/// Small shared helpers of the reliability tests.
enum Reliability {
    /// Runs blocking work on its own thread so it never ties up Swift concurrency's (2-thread, here) pool.
    static func offPool<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: body()) }
            thread.start()
        }
    }

    /// Writes a figures line to standard output (through `FileHandle`, not the glibc global).
    static func report(_ line: String) {
        FileHandle.standardOutput.write(Data(("reliability: " + line + "\n").utf8))
    }

    /// Milliseconds of a duration, rounded to 0.1.
    static func ms(_ duration: Duration) -> Double {
        let value = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        return (value * 10).rounded() / 10
    }
}

/// Carries a non-`Sendable` value (a blocking test client) between the test and the thread that uses it; the
/// test never uses it from two threads at once.
final class ReliabilityBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// A seeded pseudo-random generator (SplitMix64) so a failing round can be replayed with the printed seed.
struct ReliabilityRandom: RandomNumberGenerator {
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
