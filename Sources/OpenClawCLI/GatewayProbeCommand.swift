import ArgumentParser
import FoundationEssentials
import Gateway
import GatewayLive
import NetProbe
import NetProbeLive

/// `openclaw gateway probe`: ask an address whether an OpenClaw gateway answers there, and which one.
public struct GatewayProbeCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Probe HOST:PORT with the gateway identity handshake (exit 0 a gateway answered, 3 none).",
        discussion: """
            With --from windows: the Windows rows of the reachability matrix (127.0.0.1, ::1, localhost, and under WSL2 NAT \
            the VM's address, asked with Windows' own curl.exe through interop), each explained in WSL's terms (the \
            doctor's gateway.reach); where this is not WSL nothing is tried from Windows and the output says why (the \
            environment's verdict, and what would say WSL), exit 3. Exit codes: 0 a gateway answered; 3 none did (or \
            nothing could be tried); 64 bad arguments (e.g. a --host that \
            is not an IP address); 78 a malformed configuration.
            """)

    @Option(help: "Numeric IPv4 or IPv6 address to probe (default: 127.0.0.1 and ::1); names are not resolved.")
    public var host: String?
    @OptionGroup public var port: PortOption
    @OptionGroup public var stateDir: StateDirOption
    @OptionGroup public var json: JSONOption

    @OptionGroup public var probeTimeout: ProbeTimeoutOption

    /// The old spelling of `--probe-timeout` (the same milliseconds), still accepted; not in the help.
    @Option(name: .customLong("timeout"), parsing: .unconditional, help: ArgumentHelp(visibility: .hidden))
    public var legacyTimeout: String?

    @Option(name: .customLong("from"),
            help: "Probe from this side's point of view: windows (curl.exe through interop) or linux; shows the reachability matrix's rows.")
    public var from: ReachSource?

    public init() {}

    public func validate() throws {
        if let host, IPAddress(host) == nil {
            throw ValidationError(
                "--host must be a numeric IPv4 or IPv6 address, such as 127.0.0.1 or ::1 (got \"\(host)\"); "
                + "the probe does not resolve host names, because a name can mean either loopback address.")
        }
        if let legacyTimeout {
            if probeTimeout.wasGiven { throw ValidationError("--timeout is the old spelling of --probe-timeout; give one of them.") }
            _ = try MillisecondsValue.parse(legacyTimeout, option: "--timeout", range: ProbeTimeoutOption.range)
        }
        if from != nil && host != nil {
            throw ValidationError("--from probes the reachability matrix's own addresses; it cannot be combined with --host.")
        }
    }

    struct ReachReport: Encodable {
        var schemaVersion = 1
        var port: UInt16
        var from: String
        /// The matrix's rows from that side (docs/doctor.md "Reachability").
        var reach: JSONValue
    }

    struct Report: Encodable {
        var schemaVersion = 1
        var port: UInt16
        var results: [Entry]
    }

    struct Entry: Encodable {
        var host: String
        /// `ProbeCategory`: `gateway`, `not-a-gateway`, `no-listener`, or `timeout` (no answer in time: NOT proof that
        /// nothing listens).
        var outcome: String
        /// NetProbe's exact verdict (`refused`, `timeout`, `http-not-websocket`, ...).
        var verdict: String
        var detail: String?
        var elapsedMs: Int64
        /// The identity document the answerer sent: its claims (`pid` among them), as sent (a field it did not send
        /// is absent).
        var identity: GatewayIdentity?
        /// For a gateway answer, the pid it claims as the socket tables judge it (`ListenerConfirmation.words`):
        /// `pid N` when a process of that pid holds the port's listening socket, else `holder unverified: ...`.
        var holder: String?
        /// Where loopback reaches Windows (`LoopbackCrossing`), the Windows program behind a non-gateway answer.
        var windowsHolder: String?
    }

    /// `--probe-timeout` or the old `--timeout` (not both), else 500, in milliseconds (validated).
    var timeout: Int { legacyTimeout.flatMap { Int($0) } ?? probeTimeout.milliseconds }

    public func run() async throws {
        let resolved = try GatewayEnvironment.pathsAndPort(port, stateDir: stateDir, command: "probe")
        let (paths, settings, portNumber) = (resolved.paths, resolved.settings, resolved.port)
        if let from {
            try await probeFrom(from, port: portNumber, paths: paths, settings: settings)
            return
        }
        let hosts = host.map { [$0] } ?? ["127.0.0.1", "::1"]
        let windowsOptions = try GatewayEnvironment.windowsToolOptions(command: "probe")
        let results = await Self.probe(hosts: hosts, port: portNumber, timeout: .milliseconds(timeout))
        var entries = results.map { Self.entry($0, timeout: timeout) }
        // A pid an answer claims is named only once the socket tables confirm it (the one judgement of every command).
        let listeners = LoopbackStatusProbe.listeners(for: results, port: portNumber)
        for (index, result) in results.enumerated() where result.outcome.gatewayIdentity != nil {
            entries[index].holder = ListenerConfirmation.judge(
                claimedPid: result.outcome.gatewayIdentity?.pid, answeredOn: result.host, port: portNumber, listeners: listeners).words
        }
        // `gateway probe` reads no lock: it says who answers, not whether that agrees with a lock holder.
        for (index, reading) in GatewayWindowsAnswer.judge(results, port: portNumber, lock: nil, windowsOptions: windowsOptions).readings.enumerated() {
            entries[index].windowsHolder = GatewayWindowsAnswer.name(reading)
        }
        if json.json {
            GatewayOutput.json(Report(port: portNumber, results: entries))
        } else {
            for e in entries {
                let what = e.identity.map { "gateway instance \($0.instanceId), version \($0.version ?? "unknown")\(e.holder.map { "; \($0)" } ?? "")" }
                    ?? "\(e.outcome)\(e.detail.map { " (\($0))" } ?? "")\(e.windowsHolder.map { ", answered by \($0)" } ?? "")"
                GatewayOutput.out("\(IPAddressText.hostPort(e.host, portNumber)): \(what)")
            }
        }
        if !results.contains(where: { $0.outcome.category == .gateway }) { throw ExitCode(GatewayExit.notRunning) }
    }

    /// `--from SIDE`: that side's rows of the reachability matrix; exit 0 when a gateway answered one of them.
    func probeFrom(_ side: ReachSource, port: UInt16, paths: GatewayPaths, settings: GatewaySettings) async throws {
        // The lock is only read (never taken): it tells "this gateway" from another.
        let lock = try? LockInspector.inspect(paths: paths, port: port)
        let matrix = try await GatewayReach.matrix(port: port, paths: paths, settings: settings, lock: lock,
                                               timeout: .milliseconds(timeout), sources: [side])
        if json.json {
            GatewayOutput.json(ReachReport(port: port, from: side.rawValue, reach: matrix.json))
        } else {
            for line in GatewayReach.text(matrix) { GatewayOutput.out(line) }
        }
        let answered = matrix.cells.contains { cell in
            switch cell.answer {
            case .thisGateway, .otherGateway: return true
            default: return false
            }
        }
        if !answered { throw ExitCode(GatewayExit.notRunning) }
    }

    /// NetProbe's loopback probe (blocking) on its own thread.
    static func probe(hosts: [String], port: UInt16, timeout: Duration) async -> [ProbeResult] {
        await BlockingWork.value {
            hosts == ["127.0.0.1", "::1"]
                ? LoopbackProbe.probeBoth(port: port, timeout: timeout)
                : hosts.map { LoopbackProbe.probe(host: $0, port: port, timeout: timeout) }
        }
    }

    /// One result in the command's words. A timeout is its own outcome: under WSL2 mirrored networking a closed port
    /// can hang, so "no answer" must not read as "nothing listens".
    static func entry(_ result: ProbeResult, timeout: Int) -> Entry {
        let elapsed = result.elapsedMicros / 1000
        let category = result.outcome.category
        var entry = Entry(host: result.host, outcome: category.rawValue, verdict: result.outcome.name,
                          detail: result.outcome.summary, elapsedMs: elapsed)
        switch category {
        case .gateway:
            entry.detail = nil
            entry.identity = result.outcome.gatewayIdentity
        case .noAnswer:
            entry.detail = "no answer within \(timeout) ms, not proof that nothing listens: a closed port can hang under WSL2 mirrored networking"
        case .notAGateway, .noListener:
            break
        }
        return entry
    }
}
