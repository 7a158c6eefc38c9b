import Foundation
import NetProbe
import NetProbeLive
import Testing
import TestSupport

/// Runs the built doctor (`openclaw-doctor ...` or `openclaw doctor ...`) in a private HOME and state directory,
/// and reads its JSON (always validated against docs/doctor-report.schema.json).
struct DoctorHarness {
    let home: String
    let stateDir: String
    let port: UInt16

    init(port: UInt16 = DoctorTestSupport.quietPort()) {
        let root = TestDirectory.make("doctor-e2e")
        home = root + "/home"
        stateDir = root + "/state"
        try? FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        self.port = port
    }

    static func requireBinaries() throws {
        for binary in [DoctorTestSupport.doctorBinary, DoctorTestSupport.openclawBinary] {
            try #require(FileManager.default.isExecutableFile(atPath: binary), "build first: swift build (missing \(binary))")
        }
    }

    /// Runs the doctor with `--port` and `--state-dir` appended (unless `plain`), through either executable.
    func run(_ arguments: [String], viaOpenclaw: Bool = false, plain: Bool = false, extraEnvironment: [String: String] = [:],
             timeout: Duration = TestDeadline.process) async throws -> DoctorTestSupport.Run {
        let tail = plain ? [] : ["--port", String(port), "--state-dir", stateDir]
        let env = ChildEnvironment.clean(home: home, extra: extraEnvironment)
        if viaOpenclaw {
            return try await DoctorTestSupport.run(DoctorTestSupport.openclawBinary, ["doctor"] + arguments + tail, environment: env, timeout: timeout)
        }
        return try await DoctorTestSupport.run(DoctorTestSupport.doctorBinary, arguments + tail, environment: env, timeout: timeout)
    }

    /// Runs with `--json`, validates stdout against the schema, and returns the object.
    func json(_ arguments: [String], viaOpenclaw: Bool = false, extraEnvironment: [String: String] = [:]) async throws -> (run: DoctorTestSupport.Run, report: [String: Any]) {
        let run = try await self.run(arguments + ["--json"], viaOpenclaw: viaOpenclaw, extraEnvironment: extraEnvironment)
        try DoctorSchema.validate(run.stdout)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        return (run, object)
    }

    func cleanUp() {
        try? FileManager.default.removeItem(atPath: (home as NSString).deletingLastPathComponent)
    }
}

/// Reading a report object.
extension Dictionary where Key == String, Value == Any {
    func check(_ id: String) -> [String: Any]? {
        (self["checks"] as? [[String: Any]])?.first { $0["id"] as? String == id }
    }

    func status(_ id: String) -> String? { check(id)?["status"] as? String }

    func title(_ id: String) -> String { check(id)?["title"] as? String ?? "" }

    var statuses: [String: String] {
        var out: [String: String] = [:]
        for c in (self["checks"] as? [[String: Any]]) ?? [] {
            if let id = c["id"] as? String, let status = c["status"] as? String { out[id] = status }
        }
        return out
    }

    /// The exit code the report calls for: 1 when any check warned or failed.
    var expectedExitCode: Int32 { statuses.values.contains { $0 == "warn" || $0 == "fail" } ? 1 : 0 }
}

/// The live verdict of this machine, as the doctor must report it (never hard-coded: this may be a container, WSL...).
enum LiveVerdict {
    static func current() -> EnvironmentVerdict { Classifier.classify(LiveReader().read()) }

    static func matches(_ environment: Any?, _ verdict: EnvironmentVerdict) -> Bool {
        guard let e = environment as? [String: Any] else { return false }
        return e["kind"] as? String == verdict.kind.rawValue
            && (e["container"] as? String) == verdict.container?.rawValue
            && (e["wslNetworkingMode"] as? String) == verdict.wslNetworkingMode?.rawValue
            && e["confidence"] as? String == verdict.confidence.rawValue
    }
}
