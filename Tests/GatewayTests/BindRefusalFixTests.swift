import NetProbe
import Testing
@testable import Gateway
@testable import GatewayServer

/// A `--bind` / `--bind-host` refusal has one fix, and it names where the bad value came from: the file and line of
/// `openclaw.json`, the variable, or the option (issue 18 item 6, as the token's fix already does).
@Suite("Bind refusals: the fix names the file, the variable or the option")
struct BindRefusalFixTests {
    static let file = "/state/openclaw.json"
    static let native = EnvironmentVerdict(kind: .native, confidence: .high, evidence: [])

    /// The refusal `gateway run` makes from these sources (`GatewaySettings.startConfiguration`, then the planner).
    static func refusal(
        file text: String? = nil, environment: [String: String] = [:], bind: BindMode? = nil, bindHost: String? = nil
    ) throws -> PlanRefusal {
        let settings = try GatewaySettings(environment: environment, filePath: file, fileText: text)
        let configuration = try settings.startConfiguration(port: nil, bind: bind, bindHost: bindHost, instanceCheck: .auto)
        guard case .failure(let refusal) = StartPlanner.plan(verdict: native, configuration: configuration) else {
            Issue.record("not refused: \(configuration)")
            return PlanRefusal("", fix: "")
        }
        return refusal
    }

    @Test("gateway.bind \"custom\" without gateway.customBindHost in openclaw.json: edit that file, at that line")
    func customFromFile() throws {
        let r = try Self.refusal(file: "{\n  \"gateway\": {\n    \"bind\": \"custom\"\n  }\n}\n")
        #expect(r.message == "--bind custom needs --bind-host ADDRESS.")
        #expect(r.fix == "edit /state/openclaw.json: add gateway.customBindHost (an IP address literal such as 192.168.1.10 "
                    + "(names are not resolved)) beside gateway.bind \"custom\" (line 3), or set gateway.bind to \"loopback\"", "\(r.fix)")
    }

    @Test("OPENCLAW_GATEWAY_BIND=custom without a host: export the host's variable or unset the mode's; the option: add --bind-host")
    func customFromEnvironmentOrOption() throws {
        let env = try Self.refusal(environment: ["OPENCLAW_GATEWAY_BIND": "custom"])
        #expect(env.fix.hasPrefix("export OPENCLAW_GATEWAY_BIND_HOST=ADDRESS") && env.fix.hasSuffix("or unset OPENCLAW_GATEWAY_BIND"),
                "\(env.fix)")
        #expect(!env.fix.contains("openclaw.json"))
        let option = try Self.refusal(bind: .custom)
        #expect(option.fix == "add --bind-host ADDRESS (an IP address literal), or use --bind loopback")
        // The option wins over the file, so the fix is about the option.
        let over = try Self.refusal(file: "{\"gateway\": {\"bind\": \"loopback\"}}", bind: .custom)
        #expect(over.fix == option.fix)
    }

    @Test("a host without custom, and a host that is not a literal: the file's key when the file set it")
    func hostFromFile() throws {
        let without = try Self.refusal(file: "{\"gateway\": {\n\"customBindHost\": \"10.0.0.5\"}}")
        #expect(without.fix == "edit /state/openclaw.json: remove gateway.customBindHost (line 2); or use --bind custom", "\(without.fix)")
        let bothInFile = try Self.refusal(file: "{\"gateway\": {\"bind\": \"lan\",\n\"customBindHost\": \"10.0.0.5\"}}")
        #expect(bothInFile.fix.hasSuffix("or set gateway.bind to \"custom\" there"), "\(bothInFile.fix)")
        let name = try Self.refusal(file: "{\"gateway\": {\"bind\": \"custom\",\n\n\"customBindHost\": \"gateway.lan\"}}")
        #expect(name.message == "--bind-host gateway.lan is not an IP address literal.")
        #expect(name.fix.hasPrefix("edit /state/openclaw.json: set gateway.customBindHost (line 3) to an IP address literal"), "\(name.fix)")
        let fromOption = try Self.refusal(bindHost: "10.0.0.5")
        #expect(fromOption.fix == "drop --bind-host; or use --bind custom")
        let fromEnv = try Self.refusal(environment: ["OPENCLAW_GATEWAY_BIND_HOST": "10.0.0.5"])
        #expect(fromEnv.fix == "unset OPENCLAW_GATEWAY_BIND_HOST; or use --bind custom")
    }
}
