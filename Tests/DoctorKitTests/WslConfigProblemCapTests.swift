@testable import DoctorKit
import NetProbe
import Testing

/// A `.wslconfig` of garbage makes a problem per line; the report names the first 20 and counts the rest
/// (200,000 garbage lines once made a 125 MB report).
@Suite("Bounded .wslconfig problems")
struct WslConfigProblemCapTests {
    typealias T = DoctorTestInputs

    @Test("evidence and env.wsl.config-keys name at most 20 problems and count them all")
    func capped() {
        let facts = CaptureReader.parse(
            text: "### osrelease\n5.15.153.1-microsoft-standard-WSL2\n### wslconfig\n" + String(repeating: "garbage\n", count: 1000),
            file: "c")
        let report = Doctor.report(facts: facts, configuration: T.configuration(), live: .none("test"))
        let problems = report.environment.evidence.filter { $0.signal == "wslconfig.problem" }
        #expect(problems.count == 21)
        #expect(problems.last?.observed == "980 more problems, not listed")
        let check = report.checks.first { $0.id == "env.wsl.config-keys" }
        #expect(check?.detail.count == 21 && check?.detail.last == "980 more problems are not listed")
        #expect(check?.data["problemsFound"] == .number(1000))
        #expect(check?.title == "1000 problems in .wslconfig")
    }
}
