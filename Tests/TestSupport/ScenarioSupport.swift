import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The built executables the end-to-end scenarios run inside simulated machines.
public enum ScenarioBinaries {
    /// `.build/debug/openclaw`.
    public static var openclaw: String { GatewayTestSupport.openclawBinary }
    /// `.build/debug/openclaw-doctor` (a link to `openclaw`: `BuiltExecutables.doctor`).
    public static var doctor: String { BuiltExecutables.doctor }

    /// Both binaries exist (else: build first).
    public static var built: Bool {
        FileManager.default.isExecutableFile(atPath: openclaw) && FileManager.default.isExecutableFile(atPath: doctor)
    }

    /// `env` arguments that drop the variables which would move the lock or set a token behind the test's back.
    public static let cleanEnvironment = ["/usr/bin/env", "-u", "XDG_RUNTIME_DIR", "-u", "OPENCLAW_GATEWAY_TOKEN",
                                          "-u", "OPENCLAW_STATE_DIR"]

    /// `openclaw ARGS` with a clean environment, as a guest command line.
    public static func openclawCommand(_ arguments: [String]) -> [String] {
        cleanEnvironment + [openclaw] + arguments
    }

    /// `openclaw-doctor ARGS` with a clean environment plus `environment` (`NAME=VALUE`), as a guest command line.
    public static func doctorCommand(_ arguments: [String], environment: [String] = []) -> [String] {
        cleanEnvironment + environment + [doctor] + arguments
    }
}

/// `openclaw-doctor --json` output, parsed loosely (JSON objects) so the tests read what users' tools read.
public struct ScenarioDoctorReport: @unchecked Sendable {
    /// The whole report.
    public let root: [String: Any]
    /// The doctor's exit status.
    public let status: Int32

    public init(json: String, status: Int32) throws {
        guard let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else {
            throw ScenarioError("doctor output is not a JSON object: \(json.prefix(400))")
        }
        root = object
        self.status = status
    }

    /// `environment` (kind, wslNetworkingMode, confidence, ...).
    public var environment: [String: Any] { root["environment"] as? [String: Any] ?? [:] }

    /// The `checks[]` entry with this id.
    public func check(_ id: String) throws -> ScenarioCheck {
        let checks = root["checks"] as? [[String: Any]] ?? []
        guard let entry = checks.first(where: { $0["id"] as? String == id }) else {
            throw ScenarioError("no check \(id) in the report")
        }
        return ScenarioCheck(entry)
    }

    /// Every check's title and detail lines, for "never says X" assertions.
    public var allMessages: [String] {
        let checks = root["checks"] as? [[String: Any]] ?? []
        return checks.flatMap { ScenarioCheck($0).messages }
    }
}

/// One doctor check as JSON.
public struct ScenarioCheck: @unchecked Sendable, CustomStringConvertible {
    public let raw: [String: Any]
    init(_ raw: [String: Any]) { self.raw = raw }

    public var status: String { raw["status"] as? String ?? "?" }
    public var title: String { raw["title"] as? String ?? "" }
    public var detail: [String] { raw["detail"] as? [String] ?? [] }
    public var data: Any? { raw["data"] }
    /// Title and detail lines.
    public var messages: [String] { [title] + detail }

    public var description: String { "\(raw["id"] ?? "?") [\(status)] \(title) | \(detail.joined(separator: " | "))" }
}

/// Runs the doctor in a simulated guest.
public enum ScenarioDoctor {
    /// `openclaw-doctor --json --port PORT --state-dir DIR EXTRA` in the guest (exit 0 or 1 expected).
    public static func report(
        _ session: SimSession, port: UInt16, stateDir: String, extra: [String] = [], environment: [String] = []
    ) async throws -> ScenarioDoctorReport {
        let result = try await session.exec(
            ScenarioBinaries.doctorCommand(["--json", "--port", String(port), "--state-dir", stateDir] + extra,
                                           environment: environment),
            timeout: .seconds(60))
        guard result.status == 0 || result.status == 1 else { throw ScenarioError("doctor failed: \(result)") }
        return try ScenarioDoctorReport(json: result.stdout, status: result.status)
    }
}

/// A gateway started in the background inside a simulated guest; its output goes to `$SIM_DIR/NAME.log` and its exit
/// status to `$SIM_DIR/NAME.rc`, both read from the host file system.
public struct ScenarioGuestGateway: Sendable {
    public let session: SimSession
    public let name: String

    public var logPath: String { session.stateDirectory + "/\(name).log" }
    public var statusPath: String { session.stateDirectory + "/\(name).rc" }

    /// Starts `openclaw gateway run ARGS` in the background in the guest.
    public static func start(_ session: SimSession, name: String, arguments: [String]) async throws -> ScenarioGuestGateway {
        let script = #"( "$@" > "$SIM_DIR/$GW_NAME.log" 2>&1; echo $? > "$SIM_DIR/$GW_NAME.rc.tmp"; "#
            + #"mv "$SIM_DIR/$GW_NAME.rc.tmp" "$SIM_DIR/$GW_NAME.rc" ) < /dev/null > /dev/null 2>&1 &"#
        let command = ["/usr/bin/env", "GW_NAME=\(name)", "/bin/sh", "-c", script, "sh"]
            + ScenarioBinaries.openclawCommand(["gateway", "run"] + arguments)
        let result = try await session.exec(command)
        guard result.status == 0 else { throw ScenarioError("could not start the gateway in the guest: \(result)") }
        return ScenarioGuestGateway(session: session, name: name)
    }

    /// What the gateway has written so far (standard output and error together).
    public var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// The exit status once the gateway has exited.
    public var exitStatus: Int32? {
        (try? String(contentsOfFile: statusPath, encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    /// Waits for the start line (`listening on ws://...`); returns the pid and instance id it names, or nil when the
    /// gateway exited or `timeout` passed first.
    public func waitUntilListening(timeout: Duration = TestDeadline.process) async -> (pid: Int32, instance: String)? {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while ContinuousClock.now < deadline {
            if let start = Self.startLine(log) { return start }
            if exitStatus != nil { return Self.startLine(log) }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return Self.startLine(log)  // a last look: the line may have come just before the deadline
    }

    /// Waits for the exit status (nil after `timeout`; a last look is taken at the deadline).
    public func waitForExit(timeout: Duration = TestDeadline.process) async -> Int32? {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while ContinuousClock.now < deadline {
            if let status = exitStatus { return status }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return exitStatus
    }

    /// pid and instance from `listening on ws://HOST:PORT (pid N, instance X, strategy S, env E)`.
    public static func startLine(_ log: String) -> (pid: Int32, instance: String)? {
        for line in log.split(separator: "\n") where line.hasPrefix("listening on ws://") {
            guard let open = line.range(of: "(pid ") else { continue }
            let fields = line[open.upperBound...].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count >= 2, let pid = Int32(fields[0]), fields[1].hasPrefix("instance ") else { continue }
            return (pid, String(fields[1].dropFirst("instance ".count)))
        }
        return nil
    }
}

/// What a WebSocket client saw up to `hello-ok` (or the close that refused it).
public struct ScenarioHandshake: Sendable, CustomStringConvertible {
    public var upgradeStatus: Int
    /// `instanceId` of the `connect.challenge` event.
    public var challengeInstanceId: String?
    /// `payload.type` of the answer to `connect` (`hello-ok`).
    public var helloType: String?
    /// `payload.server.instanceId` of `hello-ok`.
    public var helloInstanceId: String?
    /// Close code and reason when the server closed instead of answering.
    public var closeCode: UInt16?
    public var closeReason: String?

    public var description: String {
        "upgrade \(upgradeStatus), challenge \(challengeInstanceId ?? "-"), hello \(helloType ?? "-") "
            + "(\(helloInstanceId ?? "-")), close \(closeCode.map(String.init) ?? "-") \(closeReason ?? "")"
    }
}

/// A WebSocket client run from inside a network namespace (see `ScenarioNamespace`).
public enum ScenarioWebSocket {
    /// The first frame the protocol wants: `connect` with protocol range 4...4 and an optional token.
    public static func connectFrame(token: String?) -> String {
        let auth = token.map { ",\"auth\":{\"token\":\"\($0)\"}" } ?? ""
        return "{\"type\":\"req\",\"id\":\"c1\",\"method\":\"connect\",\"params\":{\"minProtocol\":4,\"maxProtocol\":4,"
            + "\"client\":{\"name\":\"scenario\"}\(auth)}}"
    }

    /// Upgrade, read the challenge, send `connect`, read `hello-ok` or the close frame.
    public static func handshake(
        networkNamespace: String?, host: String, port: UInt16, token: String? = nil
    ) async throws -> ScenarioHandshake {
        try await ScenarioNamespace.run(networkNamespace: networkNamespace) {
            let client = try GatewayWireClient(host: host, port: port)
            var result = ScenarioHandshake(upgradeStatus: try client.upgrade(host: host, port: port))
            guard result.upgradeStatus == 101 else { return result }
            let challenge = try client.readJSON()
            result.challengeInstanceId = (challenge["payload"] as? [String: Any])?["instanceId"] as? String
            try client.sendText(connectFrame(token: token))
            let frame = try client.readFrame()
            if frame.opcode == 8 {
                result.closeCode = frame.closeCode
                result.closeReason = frame.closeReason
                return result
            }
            let hello = try JSONSerialization.jsonObject(with: Data(frame.payload)) as? [String: Any]
            let payload = hello?["payload"] as? [String: Any]
            result.helloType = payload?["type"] as? String
            result.helloInstanceId = (payload?["server"] as? [String: Any])?["instanceId"] as? String
            return result
        }
    }
}

/// A scenario precondition or helper that failed, with the words saying why.
public struct ScenarioError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
