import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Issue 9, items 8 and 11 (stop): every command reads `gateway.port` from `<state>/openclaw.json` through one
/// loader with one precedence, a malformed file is a clear error, and `stop` says what `status` says when a
/// gateway of another state directory serves the port.
@Suite("gateway configuration end to end", .serialized)
struct GatewayConfigurationEndToEndTests {
    static func requireBinaries() throws {
        try #require(FileManager.default.isExecutableFile(atPath: DoctorTestSupport.doctorBinary), "build first")
        try #require(FileManager.default.isExecutableFile(atPath: DoctorTestSupport.openclawBinary), "build first")
    }

    static func openclaw(_ arguments: [String], extra: [String: String] = [:]) async throws -> DoctorTestSupport.Run {
        try await DoctorTestSupport.run(DoctorTestSupport.openclawBinary, arguments,
                                        environment: ChildEnvironment.clean(extra: extra))
    }

    static func writeConfig(_ text: String, stateDir: String) throws {
        try FileManager.default.createDirectory(atPath: stateDir, withIntermediateDirectories: true)
        try text.write(toFile: stateDir + "/openclaw.json", atomically: true, encoding: .utf8)
    }

    @Test("gateway.port from openclaw.json: run listens there; status, probe, the doctor and stop find it; environment and option override it")
    func portFromFile() async throws {
        try Self.requireBinaries()
        let port = TestPorts.free()
        let state = TestDirectory.make("cfg-port")
        try Self.writeConfig("{\n  \"gateway\": { \"port\": \(port) },\n  \"agents\": {}\n}\n", stateDir: state)
        let gateway = try SpawnedChild.start(GatewayTestSupport.openclawBinary, ["gateway", "run", "--state-dir", state],
                                       environment: ChildEnvironment.clean())
        defer { gateway.terminate() }
        #expect(await gateway.waitForOutput("listening on ws://127.0.0.1:\(port)"), "stdout: \(gateway.stdout) stderr: \(gateway.stderr)")

        let status = try await Self.openclaw(["gateway", "status", "--state-dir", state])
        #expect(status.code == 0 && status.stdout.contains("Runtime: running (pid \(gateway.pid)"), "\(status.stdout) \(status.stderr)")
        let probe = try await Self.openclaw(["gateway", "probe", "--state-dir", state])
        #expect(probe.code == 0 && probe.stdout.contains("127.0.0.1:\(port): gateway instance"), "\(probe.stdout) \(probe.stderr)")
        let doctor = try await DoctorTestSupport.run(
            DoctorTestSupport.doctorBinary, ["--state-dir", state, "--json", "--only", "gateway.lock"],
            environment: ChildEnvironment.clean())
        #expect(doctor.stdout.contains("held by gateway pid \(gateway.pid)"), "\(doctor.stdout) \(doctor.stderr)")

        // The environment overrides the file, an option overrides both: both look at another (free) port.
        let other = TestPorts.free()
        let env = try await Self.openclaw(["gateway", "status", "--no-probe", "--state-dir", state],
                                          extra: ["OPENCLAW_GATEWAY_PORT": String(other)])
        #expect(env.code == 3 && env.stdout.contains("port \(other)"), "\(env.stdout) \(env.stderr)")
        let option = try await Self.openclaw(["gateway", "status", "--no-probe", "--state-dir", state, "--port", String(other)],
                                             extra: ["OPENCLAW_GATEWAY_PORT": String(port)])
        #expect(option.code == 3 && option.stdout.contains("port \(other)"), "\(option.stdout) \(option.stderr)")

        let stop = try await Self.openclaw(["gateway", "stop", "--state-dir", state])
        #expect(stop.code == 0 && stop.stdout.contains("Stopped the gateway on port \(port) (pid \(gateway.pid))"), "\(stop.stdout) \(stop.stderr)")
        #expect(await gateway.waitForExit(timeout: .seconds(30)) == 0)
    }

    @Test("a malformed openclaw.json: run exits 78, status/stop/probe/unit 78, the doctor 2 (config-invalid), each naming the file and line")
    func malformedFile() async throws {
        try Self.requireBinaries()
        let state = TestDirectory.make("cfg-bad")
        let path = state + "/openclaw.json"
        try Self.writeConfig("{\n  \"gateway\": {\n    \"port\": 18789\n    \"bind\": \"lan\"\n  }\n}\n", stateDir: state)
        let port = String(TestPorts.free())
        for command in [["gateway", "run"], ["gateway", "status"], ["gateway", "stop"], ["gateway", "probe"], ["gateway", "unit"]] {
            let run = try await Self.openclaw(command + ["--state-dir", state, "--port", port])
            #expect(run.code == 78, "\(command): \(String(describing: run.code)) \(run.stderr)")
            #expect(run.stderr.contains("\(path): line 4: "), "\(command): \(run.stderr)")
            #expect(!run.stdout.contains("listening"))
        }
        let doctor = try await DoctorTestSupport.run(DoctorTestSupport.doctorBinary, ["--state-dir", state, "--json"],
                                                     environment: ChildEnvironment.clean())
        #expect(doctor.code == 2 && doctor.stdout.contains("config-invalid") && doctor.stderr.contains("\(path): line 4"),
                "\(doctor.stdout) \(doctor.stderr)")

        try Self.writeConfig(#"{"gateway": {"port": 0}}"#, stateDir: state)
        let zero = try await Self.openclaw(["gateway", "run", "--state-dir", state])
        #expect(zero.code == 78 && zero.stderr.contains("\"gateway.port\" must be a whole number from 1 to 65535 (got 0)"), "\(zero.stderr)")

        // The file's token is used, and never printed when it is wrong.
        try Self.writeConfig(#"{"gateway": {"auth": {"token": 987654321}}}"#, stateDir: state)
        let token = try await Self.openclaw(["gateway", "run", "--state-dir", state, "--port", port])
        #expect(token.code == 78 && token.stderr.contains("gateway.auth.token") && !token.stderr.contains("987654321"), "\(token.stderr)")
    }

    @Test("a refused bind from openclaw.json: run exits 78 and its fix names the file and the line, as the doctor's gateway.plan does")
    func refusedBindFromFile() async throws {
        try Self.requireBinaries()
        let state = TestDirectory.make("cfg-custom")
        let path = state + "/openclaw.json"
        try Self.writeConfig("{\n  \"gateway\": {\n    \"bind\": \"custom\"\n  }\n}\n", stateDir: state)
        let run = try await Self.openclaw(["gateway", "run", "--state-dir", state, "--port", String(TestPorts.free())])
        #expect(run.code == 78 && run.stderr.contains("--bind custom needs --bind-host ADDRESS."), "\(run.stderr)")
        #expect(run.stderr.contains("openclaw gateway: fix: edit \(path): add gateway.customBindHost") && run.stderr.contains("(line 3)"),
                "\(run.stderr)")
        let doctor = try await DoctorTestSupport.run(DoctorTestSupport.doctorBinary, ["--state-dir", state, "--only", "gateway.plan", "--json"],
                                                     environment: ChildEnvironment.clean())
        let fix = run.stderr.components(separatedBy: "openclaw gateway: fix: ").last?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        #expect(doctor.stdout.contains(fix.replacingOccurrences(of: "\"", with: "\\\"")), "doctor: \(doctor.stdout)\nrun: \(fix)")
    }

    @Test("a bad OPENCLAW_WINDOWS_TIMEOUT_MS: run, status and probe exit 78, the live doctor 2 (config-invalid), naming it and the value; a replay ignores it")
    func badWindowsTimeout() async throws {
        try Self.requireBinaries()
        let state = TestDirectory.make("cfg-wintimeout")
        let port = String(TestPorts.free())
        for value in ["abc", "0", "-5", "99999999"] {
            let bad = ["OPENCLAW_WINDOWS_TIMEOUT_MS": value]
            let named = "OPENCLAW_WINDOWS_TIMEOUT_MS must be a whole number of milliseconds between 1 and 10000 (got \"\(value)\")"
            for command in [["gateway", "run"], ["gateway", "status"], ["gateway", "probe"]] {
                let run = try await Self.openclaw(command + ["--state-dir", state, "--port", port], extra: bad)
                #expect(run.code == 78, "\(command) \(value): \(String(describing: run.code)) \(run.stderr)")
                #expect(run.stderr.contains(named), "\(command) \(value): \(run.stderr)")
                #expect(!run.stdout.contains("listening"))
            }
            let doctor = try await DoctorTestSupport.run(
                DoctorTestSupport.doctorBinary, ["--state-dir", state, "--port", port, "--json"],
                environment: ChildEnvironment.clean(extra: bad))
            #expect(doctor.code == 2 && doctor.stdout.contains("config-invalid") && doctor.stdout.contains("got \\\"\(value)\\\""),
                    "\(value): \(doctor.stdout) \(doctor.stderr)")
            let replayArguments = ["--snapshot", Fixtures.path("captures/native-debian.txt"), "--state-dir", state, "--port", port]
            let replay = try await DoctorTestSupport.run(
                DoctorTestSupport.doctorBinary, replayArguments, environment: ChildEnvironment.clean(extra: bad))
            let plain = try await DoctorTestSupport.run(
                DoctorTestSupport.doctorBinary, replayArguments, environment: ChildEnvironment.clean())
            #expect(replay.code == plain.code && replay.stdout == plain.stdout && !replay.stdout.isEmpty,
                    "\(value): \(replay.stdout) \(replay.stderr)")
        }
        // A good value is taken: the status runs (nothing listens: exit 3).
        let good = try await Self.openclaw(["gateway", "status", "--state-dir", state, "--port", port], extra: ["OPENCLAW_WINDOWS_TIMEOUT_MS": "800"])
        #expect(good.code == 3, "\(good.stdout) \(good.stderr)")
    }

    @Test("gateway stop with another state directory's gateway on the port says so (exit 1) and leaves it running")
    func stopOtherStateDirectory() async throws {
        try Self.requireBinaries()
        let port = TestPorts.free()
        let mine = TestDirectory.make("stop-mine")
        let theirs = TestDirectory.make("stop-theirs")
        let gateway = try SpawnedChild.start(GatewayTestSupport.openclawBinary, ["gateway", "run", "--port", String(port), "--state-dir", theirs],
                                       environment: ChildEnvironment.clean())
        defer { gateway.terminate() }
        #expect(await gateway.waitForOutput("listening on ws://127.0.0.1:\(port)"), "stdout: \(gateway.stdout) stderr: \(gateway.stderr)")

        let status = try await Self.openclaw(["gateway", "status", "--port", String(port), "--state-dir", mine])
        #expect(status.code == 3 && status.stdout.contains("answered as OpenClaw gateway"), "\(status.stdout)")
        let stop = try await Self.openclaw(["gateway", "stop", "--port", String(port), "--state-dir", mine])
        #expect(stop.code == 1, "\(String(describing: stop.code)) \(stop.stdout) \(stop.stderr)")
        #expect(stop.stderr.contains("nothing stopped") && stop.stderr.contains("answered as OpenClaw gateway (instance "), "\(stop.stderr)")
        #expect(stop.stderr.contains("pid \(gateway.pid)"), "\(stop.stderr)")
        // One sentence, one "but": status's explanation already says "... but no process holds this port's lock".
        #expect(stop.stderr.components(separatedBy: " but ").count == 2, "\(stop.stderr)")
        #expect(!stop.stdout.contains("No gateway runs"))
        #expect(try GatewayWireClient.get(host: "127.0.0.1", port: port, path: "/healthz").status == 200, "still serving")

        // With nothing on the port at all, stop still says so and exits 0.
        let free = try await Self.openclaw(["gateway", "stop", "--port", String(TestPorts.free()), "--state-dir", mine])
        #expect(free.code == 0 && free.stdout.contains("No gateway runs on port"), "\(free.stdout) \(free.stderr)")
    }

    @Test("a blank OPENCLAW_GATEWAY_TOKEN is no token for the doctor either: --bind lan is refused in gateway.plan, as the gateway refuses it")
    func blankTokenInEnvironment() async throws {
        try Self.requireBinaries()
        let state = TestDirectory.make("cfg-blank-token")
        let arguments = ["--state-dir", state, "--json", "--only", "gateway.plan", "--bind", "lan",
                         "--port", String(TestPorts.free())]
        let blank = try await DoctorTestSupport.run(DoctorTestSupport.doctorBinary, arguments,
                                                    environment: ChildEnvironment.clean(extra: ["OPENCLAW_GATEWAY_TOKEN": "   "]))
        #expect(blank.code == 1 && (blank.stdout.contains("\"status\" : \"fail\"") || blank.stdout.contains("\"status\":\"fail\"")),
                "\(String(describing: blank.code)) \(blank.stdout) \(blank.stderr)")
        // 16 bytes or more: beyond loopback `gateway run` refuses a shorter one, and so does the doctor's plan now.
        let real = try await DoctorTestSupport.run(DoctorTestSupport.doctorBinary, arguments,
                                                   environment: ChildEnvironment.clean(extra: ["OPENCLAW_GATEWAY_TOKEN": "s3cret-token-0123456789"]))
        #expect(!real.stdout.contains("\"status\" : \"fail\"") && !real.stdout.contains("\"status\":\"fail\""),
                "\(real.stdout) \(real.stderr)")
    }
}
