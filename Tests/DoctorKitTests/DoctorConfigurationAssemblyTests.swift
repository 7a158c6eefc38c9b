import DoctorKit
import Foundation
import Gateway
import NetProbe
import Testing
import TestSupport

/// The one assembly of the doctor's configuration (`DoctorGatewaySettings` + `DoctorConfiguration.assemble`), which
/// the report, the bug report and triage call: a real `openclaw.json` in a temporary state directory.
@Suite("Doctor configuration assembly")
struct DoctorConfigurationAssemblyTests {
    static let paths = GatewayPaths(stateDirectory: "/s", lockDirectory: "/s/run")

    static func settings(_ json: String?, environment: [String: String] = [:]) throws -> DoctorGatewaySettings {
        let dir = TestDirectory.make("assemble")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        if let json { try json.write(toFile: dir + "/openclaw.json", atomically: true, encoding: .utf8) }
        return try DoctorGatewaySettings.load(stateDirectory: dir, environment: environment)
    }

    @Test("the option wins over the file, the file over 18789; the file's bind and its source reach the plan")
    func precedence() throws {
        let file = try Self.settings(#"{"gateway": {"port": 19555, "bind": "lan", "auth": {"token": "a-token-of-more-than-16-bytes"}}}"#)
        let fromFile = DoctorConfiguration.assemble(settings: file, portOption: nil, paths: Self.paths)
        #expect(fromFile.port == 19555 && fromFile.start.port == 19555)
        var fileLine: Int?
        if case .file(_, let line)? = fromFile.start.bindModeSource { fileLine = line }
        #expect(fromFile.start.bindMode == .lan && fileLine == 1, "\(String(describing: fromFile.start.bindModeSource))")
        #expect(fromFile.start.tokenPresent && fromFile.tokenRefusal == nil)
        let option = DoctorConfiguration.assemble(settings: file, portOption: 19600, bind: .loopback, paths: Self.paths)
        #expect(option.port == 19600 && option.start.bindMode == .loopback && option.start.bindModeSource == .option)
        let bare = DoctorConfiguration.assemble(settings: try Self.settings(nil), portOption: nil, paths: Self.paths)
        #expect(bare.port == 18789 && bare.start.bindMode == .loopback && bare.start.bindModeSource == nil && !bare.start.tokenPresent)
    }

    @Test("a setting the doctor's option gives is not read from the environment or the file: a malformed one there does not throw, as for gateway run")
    func optionOverMalformed() throws {
        let dir = TestDirectory.make("assemble-option")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try #"{"gateway": {"port": 0, "bind": "tailnet"}}"#.write(toFile: dir + "/openclaw.json", atomically: true, encoding: .utf8)
        let environment = ["OPENCLAW_GATEWAY_PORT": "abc", "OPENCLAW_GATEWAY_BIND_HOST": ""]
        #expect(throws: ConfigError.self) { try DoctorGatewaySettings.load(stateDirectory: dir, environment: environment) }
        #expect(throws: ConfigError.self) { try DoctorGatewaySettings.load(stateDirectory: dir, environment: environment, portOption: 19000) }
        let given = try DoctorGatewaySettings.load(stateDirectory: dir, environment: environment, portOption: 19000, bindOption: .lan)
        let configuration = DoctorConfiguration.assemble(settings: given, portOption: 19000, bind: .lan, paths: Self.paths)
        #expect(configuration.port == 19000 && configuration.start.bindMode == .lan && configuration.start.bindModeSource == .option)
    }

    @Test("a blank token is the plan's refusal, as `gateway run` refuses it; a malformed file throws naming its line")
    func refusals() throws {
        let blank = try Self.settings(nil, environment: ["OPENCLAW_GATEWAY_TOKEN": "   "])
        #expect(blank.tokenRefusal != nil && !blank.hasToken)
        #expect(DoctorConfiguration.assemble(settings: blank, portOption: nil, paths: Self.paths).tokenRefusal == blank.tokenRefusal)
        let malformed = "{\n  \"gateway\": {\n    \"port\": 0\n  }\n}\n"
        #expect(throws: ConfigError.self) { _ = try Self.settings(malformed) }
        do {
            _ = try Self.settings(malformed)
        } catch {
            #expect("\(error)".contains("line 3: \"gateway.port\" must be a whole number from 1 to 65535 (got 0)"), "\(error)")
        }
    }

    @Test("one refusal, one fix, naming where the value came from: a blank token in openclaw.json is the file to edit, not a variable to export; --bind custom without --bind-host fails gateway.plan once")
    func refusalFixNamesItsSource() throws {
        let dir = TestDirectory.make("assemble-fix")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try #"{"gateway": {"auth": {"token": "   "}}}"#.write(toFile: dir + "/openclaw.json", atomically: true, encoding: .utf8)
        let settings = try DoctorGatewaySettings.load(stateDirectory: dir, environment: [:])
        let configuration = DoctorConfiguration.assemble(settings: settings, portOption: nil, paths: Self.paths)
        let facts = try CaptureReader.read(path: Fixtures.path("captures/native-debian.txt"))
        let inputs = DoctorInputs(facts: facts, verdict: Classifier.classify(facts), configuration: configuration, live: .none("test"))
        let results = CheckRunner.run(DoctorChecks.all, inputs: inputs, selection: CheckSelection(only: ["gateway.plan", "gateway.bind"]))
        let plan = try #require(results.first { $0.id == "gateway.plan" })
        #expect(plan.status == .fail && plan.title.hasPrefix("Refusing a blank token from gateway.auth.token in \(dir)/openclaw.json"), "\(plan.title)")
        let fix = try #require(plan.fix)
        #expect(fix.hasPrefix("edit \(dir)/openclaw.json: set gateway.auth.token to a token of at least 16 bytes"), "\(fix)")
        #expect(fix.contains("remove gateway.auth.token from \(dir)/openclaw.json"), "\(fix)")
        #expect(!fix.contains("export") && !fix.contains("OPENCLAW_GATEWAY_TOKEN"), "\(fix)")
        // gateway.bind does not judge the refused plan again with another fix.
        #expect(results.first { $0.id == "gateway.bind" }?.status == .skip)

        let custom = DoctorConfiguration.assemble(settings: try Self.settings(nil), portOption: nil, bind: .custom, paths: Self.paths)
        let customInputs = DoctorInputs(facts: facts, verdict: Classifier.classify(facts), configuration: custom, live: .none("test"))
        let all = CheckRunner.run(DoctorChecks.all, inputs: customInputs, selection: CheckSelection())
        let failures = all.filter { $0.status == .fail && $0.id.hasPrefix("gateway.") }
        #expect(failures.map(\.id) == ["gateway.plan"], "\(failures.map { "\($0.id): \($0.title)" })")
        #expect(failures.first?.title == "--bind custom needs --bind-host ADDRESS." && failures.first?.fix?.contains("--bind-host") == true,
                "\(failures)")
    }

    @Test("triage: nothing of this machine, the port given or 18789, loopback, no token")
    func triage() {
        let plain = DoctorConfiguration.triage(port: nil)
        #expect(plain.port == 18789 && plain.start.bindMode == .loopback && plain.start.instanceCheck == .auto && !plain.start.tokenPresent)
        #expect(plain.paths.stateDirectory.hasPrefix("/nonexistent/") && plain.token == nil && plain.tokenRefusal == nil)
        #expect(DoctorConfiguration.triage(port: 19002).start.port == 19002)
    }
}
