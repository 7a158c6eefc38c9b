import Gateway
import Testing

/// The one configuration loader (issue 9, item 8): option > environment > `openclaw.json` > default, and a file
/// or value that cannot be used is an error naming the file, the line and the key.
@Suite("GatewaySettings: precedence and errors")
struct GatewaySettingsTests {
    static let file = "/state/openclaw.json"

    static func settings(_ text: String?, _ environment: [String: String] = [:]) throws -> GatewaySettings {
        try GatewaySettings(environment: environment, filePath: file, fileText: text)
    }

    @Test("option > environment > file > default, for every key")
    func precedence() throws {
        let text = """
            {
              "gateway": { "port": 20001, "bind": "lan", "customBindHost": "10.0.0.5", "auth": { "token": "from-file" } },
              "agents": { "anything": [1, 2, 3] }
            }
            """
        let none = try Self.settings(nil)
        #expect(try none.resolve(GatewayConfigKeys.port, option: nil) == 18789)
        #expect(try none.resolve(GatewayConfigKeys.bind, option: nil) == .loopback)
        #expect(try none.resolve(GatewayConfigKeys.customBindHost, option: nil) == nil)
        #expect(try none.resolve(GatewayConfigKeys.token, option: nil) == nil)

        let file = try Self.settings(text)
        #expect(try file.resolveWithSource(GatewayConfigKeys.port, option: nil).value == 20001)
        #expect(try file.resolveWithSource(GatewayConfigKeys.port, option: nil).source == ConfigSource.file(path: Self.file, line: 2))
        #expect(try file.resolve(GatewayConfigKeys.bind, option: nil) == .lan)
        #expect(try file.resolve(GatewayConfigKeys.customBindHost, option: nil) == "10.0.0.5")
        #expect(try file.resolve(GatewayConfigKeys.token, option: nil) == "from-file")

        let env = try Self.settings(text, ["OPENCLAW_GATEWAY_PORT": "20002", "OPENCLAW_GATEWAY_BIND": "auto",
                                           "OPENCLAW_GATEWAY_TOKEN": "from-env", "OPENCLAW_GATEWAY_BIND_HOST": "10.0.0.6"])
        #expect(try env.resolveWithSource(GatewayConfigKeys.port, option: nil).value == 20002)
        #expect(try env.resolveWithSource(GatewayConfigKeys.port, option: nil).source == ConfigSource.environment(variable: "OPENCLAW_GATEWAY_PORT"))
        #expect(try env.resolve(GatewayConfigKeys.bind, option: nil) == .auto)
        #expect(try env.resolve(GatewayConfigKeys.token, option: nil) == "from-env")
        #expect(try env.resolve(GatewayConfigKeys.customBindHost, option: nil) == "10.0.0.6")

        #expect(try env.resolveWithSource(GatewayConfigKeys.port, option: 20003).value == 20003)
        #expect(try env.resolveWithSource(GatewayConfigKeys.port, option: 20003).source == ConfigSource.option)
        #expect(try env.resolve(GatewayConfigKeys.bind, option: .custom) == .custom)
        #expect(try env.resolve(GatewayConfigKeys.customBindHost, option: "10.0.0.7") == "10.0.0.7")
        #expect(try env.resolve(GatewayConfigKeys.token, option: "from-option") == "from-option")
        // An empty variable is unset, as before.
        #expect(try Self.settings(text, ["OPENCLAW_GATEWAY_PORT": ""]).resolve(GatewayConfigKeys.port, option: nil) == 20001)
        // null in the file is the same as absent.
        #expect(try Self.settings(#"{"gateway":{"port":null}}"#).resolve(GatewayConfigKeys.port, option: nil) == 18789)
    }

    func error(_ body: () throws -> Void) -> String? {
        do { try body() } catch { return (error as? ConfigError)?.message ?? "not a ConfigError: \(error)" }
        return nil
    }

    @Test("malformed JSON names the file and the line")
    func malformed() {
        let broken = "{\n  \"gateway\": {\n    \"port\" 20001\n  }\n}\n"
        let message = error { _ = try Self.settings(broken) }
        #expect(message == "\(Self.file): line 3: expected ':' after \"port\", found '2' (the file must be JSON; comments and trailing commas are accepted)",
                "\(message ?? "no error")")
        #expect(error { _ = try Self.settings("{\n  \"gateway\": {\n    port: 1\n  }\n}") }?.hasPrefix("\(Self.file): line 3: ") == true,
                "other JSON5 syntax (an unquoted key) stays an error")
        #expect(error { _ = try Self.settings("[1, 2]") }?.contains("must be a JSON object") == true)
        #expect(error { _ = try Self.settings("") }?.contains("line 1") == true)
        #expect(error { _ = try Self.settings(#"{"a":1} {"b":2}"#) }?.contains("after the end of the JSON value") == true)
    }

    @Test("comments and trailing commas are accepted, line numbers unchanged; a comment marker inside a string is text")
    func relaxed() throws {
        let text = """
            // upstream's file, edited by hand
            {
              /* the gateway */
              "gateway": {
                "customBindHost": "10.0.0.1", // not a comment: "//" below is inside a string
                "auth": { "token": "a//b/*c*/" },
                "port": 20004,
              },
            }
            """
        let settings = try Self.settings(text)
        #expect(try settings.resolveWithSource(GatewayConfigKeys.port, option: nil).source == ConfigSource.file(path: Self.file, line: 7))
        #expect(try settings.resolve(GatewayConfigKeys.port, option: nil) == 20004)
        #expect(try settings.resolve(GatewayConfigKeys.token, option: nil) == "a//b/*c*/")
        #expect(error { _ = try Self.settings("{ /* never closed ") }?.contains("line 1") == true)
    }

    @Test("a value of the wrong type or range names the key and its line; a secret's value is never shown")
    func wrongValues() throws {
        let port0 = try Self.settings("{\n\"gateway\": {\"port\": 0}}")
        #expect(error { _ = try port0.resolve(GatewayConfigKeys.port, option: nil) }
                == "\(Self.file): line 2: \"gateway.port\" must be a whole number from 1 to 65535 (got 0)")
        let text = try Self.settings(#"{"gateway": {"port": "18789"}}"#)
        #expect(error { _ = try text.resolve(GatewayConfigKeys.port, option: nil) }?.contains("\"gateway.port\" must be a whole number") == true)
        let fraction = try Self.settings(#"{"gateway": {"port": 18789.5}}"#)
        #expect(error { _ = try fraction.resolve(GatewayConfigKeys.port, option: nil) } != nil)
        let tailnet = try Self.settings(#"{"gateway": {"bind": "tailnet"}}"#)
        #expect(error { _ = try tailnet.resolve(GatewayConfigKeys.bind, option: nil) }?.contains(#"one of "loopback", "lan", "auto", "custom""#) == true)
        let notObject = try Self.settings(#"{"gateway": 5}"#)
        #expect(error { _ = try notObject.resolve(GatewayConfigKeys.port, option: nil) }?.contains("\"gateway\" must be an object") == true)
        let secret = try Self.settings(#"{"gateway": {"auth": {"token": 12345678}}}"#)
        let secretError = error { _ = try secret.resolve(GatewayConfigKeys.token, option: nil) }
        #expect(secretError?.contains("gateway.auth.token") == true && secretError?.contains("12345678") == false, "\(secretError ?? "")")
        let env = try Self.settings(nil, ["OPENCLAW_GATEWAY_PORT": "0x10"])
        #expect(error { _ = try env.resolve(GatewayConfigKeys.port, option: nil) } == "OPENCLAW_GATEWAY_PORT must be a whole number from 1 to 65535 (got \"0x10\")")
        // A wrong value is an error only for a key that is used: unknown keys are upstream's business.
        #expect(try Self.settings(#"{"gateway": {"mode": 5, "port": 20001}}"#).resolve(GatewayConfigKeys.port, option: nil) == 20001)
    }

    @Test("a string-list key (the shape allowedOrigins will use) reads arrays and comma-separated variables")
    func stringList() throws {
        let key: ConfigKey<[String]> = .textList("gateway.test.list", variable: "OPENCLAW_TEST_LIST")
        #expect(try Self.settings(#"{"gateway":{"test":{"list":["a","b"]}}}"#).resolve(key, option: nil) == ["a", "b"])
        #expect(try Self.settings(nil, ["OPENCLAW_TEST_LIST": "a, b,,c"]).resolve(key, option: nil) == ["a", "b", "c"])
        #expect(error { _ = try Self.settings(#"{"gateway":{"test":{"list":["a",1]}}}"#).resolve(key, option: nil) }?.contains("an array of strings") == true)
    }
}
