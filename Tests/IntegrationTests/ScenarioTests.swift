import Foundation
import Testing
import TestSupport
import NetProbe

/// Issue 5's end-to-end scenarios: the real `openclaw` and `openclaw-doctor` binaries inside machines built by
/// `scripts/wsl-sim` (see docs/reliability.md, "End-to-end scenarios"). The nested suites run one at a time, so the
/// timing bounds are not disturbed by other simulations of this suite.
@Suite("Scenarios", .serialized, .enabled(if: Privilege.rootTestsEnabled, Privilege.rootSkipReason))
struct ScenarioTests {}

/// One scenario test's port (free, distinct per test) and state directory (temporary, removed afterwards).
struct ScenarioContext: Sendable {
    let port: UInt16
    let stateDir: String

    /// Fails the test when not root or when the binaries are missing.
    init() throws {
        try Privilege.requireRoot()
        try #require(ScenarioBinaries.built, "build first: swift build (missing \(ScenarioBinaries.openclaw) or the doctor)")
        port = TestPorts.free(avoiding: Self.recordedExcludedRanges)
        stateDir = TestDirectory.make("scenario")
    }

    /// The ranges of the recorded `netsh ... show excludedportrange` the Windows stand-ins replay
    /// (`Tests/Fixtures/windows/excludedportrange-en.txt`): a test port inside one is judged "reserved by
    /// Hyper-V/WinNAT" instead of what the test sets up (seen: port 49747, inside 49671-49770).
    static let recordedExcludedRanges: [ClosedRange<UInt16>] = {
        let text = (try? String(contentsOfFile: Fixtures.path("windows/excludedportrange-en.txt"), encoding: .utf8)) ?? ""
        return ExcludedPortRanges.parse(text).map { $0.start...$0.end }
    }()

    /// A further state directory (another gateway's), inside a fresh temporary directory.
    func otherStateDir() -> String { TestDirectory.make("scenario-other") }

    /// `--port P --state-dir DIR`.
    var portAndState: [String] { ["--port", String(port), "--state-dir", stateDir] }

    /// Brings `layout` + `scenario` up on this port, runs `body`, always tears the machine down and removes the
    /// state directory.
    func withMachine<T: Sendable>(
        _ layout: SimLayout, _ scenario: SimScenario, _ body: (SimSession) async throws -> T
    ) async throws -> T {
        defer { try? FileManager.default.removeItem(atPath: stateDir) }
        return try await SimMachine.with(layout: layout, scenario: scenario, port: port, body)
    }
}

/// Runs `openclaw ARGS` in the guest in the foreground.
func scenarioOpenclaw(_ session: SimSession, _ arguments: [String], timeout: Duration = .seconds(60)) async throws
    -> ChildResult
{
    try await session.exec(ScenarioBinaries.openclawCommand(arguments), timeout: timeout)
}

/// The JSON object of a probe entry in `gateway.probe`'s data for `host`.
func scenarioProbeEntry(_ check: ScenarioCheck, host: String) -> [String: Any]? {
    (check.data as? [[String: Any]])?.first { $0["host"] as? String == host }
}

/// The `verdict` of a probe entry's outcome.
func scenarioProbeVerdict(_ check: ScenarioCheck, host: String) -> String? {
    (scenarioProbeEntry(check, host: host)?["outcome"] as? [String: Any])?["verdict"] as? String
}

/// Words no message may use for something that is not a verified, other gateway.
let scenarioAnotherInstanceWords = ["another gateway instance", "another instance", "Gateway already running"]
