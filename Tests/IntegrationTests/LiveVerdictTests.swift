import Foundation
import NetProbe
import NetProbeLive
import Testing
import TestSupport

/// The live path: `openclaw-doctor --json` reading real machines (this one, and simulated ones built by
/// `scripts/wsl-sim` in network and mount namespaces), and captures replayed with `--snapshot`.
@Suite("Live verdicts", .serialized)
struct LiveVerdictTests {
    static var doctor: String { BuiltExecutables.doctor }

    struct Environment: Equatable, CustomStringConvertible {
        var kind: String
        var container: String?
        var mode: String?
        var confidence: String

        init(json text: String) throws {
            let root = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not JSON: \(text)")
            let env = try #require(root["environment"] as? [String: Any])
            kind = try #require(env["kind"] as? String)
            container = env["container"] as? String
            mode = env["wslNetworkingMode"] as? String
            confidence = try #require(env["confidence"] as? String)
        }

        var description: String { "\(kind)/\(container ?? "-")/\(mode ?? "-")/\(confidence)" }
    }

    /// This machine: the binary agrees with the library, and the verdict follows the container markers.
    @Test("this machine: the doctor's verdict is NetProbe's, and /.dockerenv decides container vs native")
    func thisMachine() async throws {
        let result = try await SpawnedChild.run(Self.doctor, ["--json"], timeout: .seconds(30))
        #expect(result.status == 0 || result.status == 1, "\(result)")
        let env = try Environment(json: result.stdout)
        let verdict = Classifier.classify(LiveReader().read())
        #expect(env.kind == verdict.kind.rawValue && env.mode == verdict.wslNetworkingMode?.rawValue)
        let release = (try? String(contentsOfFile: "/proc/sys/kernel/osrelease", encoding: .utf8)) ?? ""
        if !release.lowercased().contains("microsoft") {
            let dockerenv = FileManager.default.fileExists(atPath: "/.dockerenv")
            #expect(env.kind == (dockerenv ? "container" : "native"), "\(env)")
            #expect(env.container == (dockerenv ? "docker" : nil), "\(env)")
        }
    }

    @Test("reading the machine never needs root: the doctor as nobody gives the same verdict",
          .enabled(if: Privilege.rootTestsEnabled, Privilege.rootSkipReason))
    func withoutRoot() async throws {
        try Privilege.requireRoot()
        let asRoot = try await SpawnedChild.run(Self.doctor, ["--json", "--only", "env.classification"], timeout: .seconds(30))
        // setpriv drops to uid/gid 65534 with no supplementary groups and no capabilities.
        let asNobody = try await SpawnedChild.run(
            "/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all", Self.doctor,
                                 "--json", "--only", "env.classification", "--state-dir", "/tmp"],
            timeout: .seconds(30))
        #expect(asNobody.status == 0 || asNobody.status == 1, "\(asNobody)")
        #expect(try Environment(json: asNobody.stdout) == Environment(json: asRoot.stdout))
    }

    /// The simulated machines give the verdicts their layouts stand for.
    @Test("simulated machines: wsl2-mirrored is mirrored/high, wsl2-nat is nat, native and container likewise",
          .enabled(if: Privilege.rootTestsEnabled, Privilege.rootSkipReason),
          arguments: [
              (SimLayout.wsl2Mirrored, "wsl2", String?.none, "mirrored", "high"),
              (SimLayout.wsl2NAT, "wsl2", nil, "nat", "high"),
              (SimLayout.native, "native", nil, nil, "high"),
              (SimLayout.container, "container", "docker", nil, "medium"),
          ] as [(SimLayout, String, String?, String?, String)])
    func simulated(layout: SimLayout, kind: String, container: String?, mode: String?, confidence: String) async throws {
        try Privilege.requireRoot()
        let result = try await SimMachine.run(layout: layout, command: [Self.doctor, "--json"], timeout: .seconds(60))
        #expect(result.status == 0 || result.status == 1, "\(result)")
        let env = try Environment(json: result.stdout)
        #expect(env.kind == kind && env.container == container && env.mode == mode, "\(layout): \(env)")
        #expect(env.confidence == confidence, "\(layout): \(env)")
    }

    /// `capture` then `--snapshot` gives the live verdict, redacted (the default) or not, here and in the
    /// simulated mirrored machine.
    @Test("capture, then --snapshot of it, gives the live verdict (redacted and not)",
          .enabled(if: Privilege.rootTestsEnabled, Privilege.rootSkipReason),
          arguments: [SimLayout?.none, .wsl2Mirrored, .wsl2NAT])
    func captureRoundTrip(layout: SimLayout?) async throws {
        try Privilege.requireRoot()
        let dir = TestDirectory.make("rt")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let script = """
            set -e
            "$1" --json --only env.classification > "$2/live.json" || [ $? -eq 1 ]
            "$1" capture --no-redact -o "$2/plain.capture"
            "$1" capture -o "$2/redacted.capture"
            """
        let command = ["/bin/sh", "-c", script, "sh", Self.doctor, dir]
        let result: ChildResult
        if let layout {
            result = try await SimMachine.run(layout: layout, command: command, timeout: .seconds(60))
        } else {
            result = try await SpawnedChild.run(command[0], Array(command.dropFirst()), timeout: .seconds(60))
        }
        #expect(result.status == 0, "\(result)")
        let live = try Environment(json: String(contentsOfFile: dir + "/live.json", encoding: .utf8))
        for name in ["plain.capture", "redacted.capture"] {
            let replay = try await SpawnedChild.run(Self.doctor, ["--json", "--snapshot", dir + "/" + name], timeout: .seconds(30))
            #expect(replay.status == 0 || replay.status == 1, "\(replay)")
            #expect(try Environment(json: replay.stdout) == live, "\(layout?.rawValue ?? "this machine") \(name)")
        }
        // What `capture` writes reads back without a single warning.
        let facts = try CaptureReader.read(path: dir + "/plain.capture")
        #expect(facts.warnings.isEmpty, "\(facts.warnings)")
    }
}
