import ArgumentParser
import FoundationEssentials
import Gateway
import GatewayLive
import NetProbe
import NetProbeLive
#if canImport(Glibc)
import Glibc
#endif

/// `openclaw gateway status`: what the lock says about the port, checked against a loopback probe
/// (exit 0 running, 3 not running, 1 error).
public struct GatewayStatusCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show whether a gateway runs on the port, from its lock and a loopback probe.",
        discussion: """
            Running means a live process holds the port's lock. The probe of 127.0.0.1 and ::1 says whether \
            the lock holder answers, whether another gateway does, and whether something else (under WSL2 mirrored \
            networking: a Windows program) answers where the lock holder binds. \
            Exit codes: 0 running; 3 not running (whatever answers on loopback); 1 the lock cannot be read; 64 bad arguments; \
            78 a malformed configuration (docs/configuration.md).
            """)

    @OptionGroup public var port: PortOption
    @OptionGroup public var stateDir: StateDirOption
    @OptionGroup public var json: JSONOption

    @OptionGroup public var probeTimeout: ProbeTimeoutOption

    @Flag(name: .customLong("no-probe"), help: "Report from the lock only.")
    public var noProbe = false

    @Flag(name: .customLong("reach"),
          help: "Also show who reaches the gateway from Linux, from Windows and from the LAN, and why not (the doctor's gateway.reach).")
    public var reach = false

    public init() {}

    public func validate() throws {
        if reach && noProbe { throw ValidationError("--reach probes; it cannot be combined with --no-probe.") }
    }

    struct Report: Encodable {
        var schemaVersion = 1
        var running: Bool
        var port: UInt16
        var lockPath: String
        var lock: String
        var instance: InstanceMetadata?
        var processVerified: Bool?
        /// Why the holder is not verified (with `processVerified: false`), as `gateway stop` would say it.
        var processVerifiedReason: String?
        var probe: ProbeReport?
        /// The systemd user unit for the port (`null`: none, or no user manager; `serviceSkipped` says which).
        var service: ServiceStatus?
        var serviceSkipped: String?
        /// With `--reach`: the reachability matrix (docs/doctor.md "Reachability").
        var reach: JSONValue?
        var error: String?
    }

    struct ProbeReport: Encodable {
        var timeoutMs: Int
        var agreement: ProbeAgreement
        /// Encoded as `null` when there is nothing to compare.
        var agreesWithLock: Bool?
        var explanation: String
        var results: [StatusProbe]

        enum CodingKeys: String, CodingKey { case timeoutMs, agreement, agreesWithLock, explanation, results }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(timeoutMs, forKey: .timeoutMs)
            try c.encode(agreement, forKey: .agreement)
            try c.encode(agreesWithLock, forKey: .agreesWithLock)
            try c.encode(explanation, forKey: .explanation)
            try c.encode(results, forKey: .results)
        }
    }

    public func run() async throws {
        let resolved = try GatewayEnvironment.pathsAndPort(port, stateDir: stateDir, command: "status")
        let (paths, settings, portNumber) = (resolved.paths, resolved.settings, resolved.port)
        let lockPath = paths.lockFile(port: portNumber)
        let windowsOptions = try GatewayEnvironment.windowsToolOptions(command: "status")
        let state: LockState
        do {
            state = try LockInspector.inspect(paths: paths, port: portNumber)
        } catch {
            if json.json {
                GatewayOutput.json(Report(running: false, port: portNumber, lockPath: lockPath, lock: "error", error: error.description))
            } else {
                GatewayOutput.err("openclaw gateway status: \(error.description)")
            }
            throw ExitCode(GatewayExit.failure)
        }
        var holder: InstanceMetadata?
        var lockWord = "absent"
        switch state {
        case .held(let metadata): holder = metadata; lockWord = "held"
        case .free: lockWord = "free"
        case .absent: break
        }
        // The same verification as `gateway stop` (StopVerification: the kernel's lock holder from /proc/locks, a
        // gateway executable, start time and boot id), so status never calls verified what stop would refuse, and
        // names the holder's pid only when it is verified (the metadata's pid is a claim).
        var verification: GatewayStopper.HolderVerification?
        var verified: Bool?
        var notVerifiedReason: String?
        if holder != nil {
            let found = Self.verification(paths: paths, port: portNumber)
            verification = found
            switch found {
            case .verified: verified = true
            case .notHeld: verified = false; notVerifiedReason = "the lock is no longer held"
            case .unverifiable(let why), .mismatch(let why): verified = false; notVerifiedReason = why
            }
        }
        let results = noProbe ? nil : await LoopbackStatusProbe.run(
            port: portNumber, timeout: probeTimeout.duration, lockHolderInstanceId: holder?.instanceId)
        // The derived view's reading of each probe: who answered, and whether it answers where the holder binds.
        let judged = results.map { GatewayWindowsAnswer.judge($0, port: portNumber, lock: state, windowsOptions: windowsOptions) }
        var assessment = StatusAssessor.assess(lock: state, probes: results, port: portNumber, lockHolder: verification,
                                               listeners: LoopbackStatusProbe.listeners(for: results, port: portNumber),
                                               readings: judged?.readings ?? [], loopback: judged?.loopback)
        for (index, reading) in (judged?.readings ?? []).enumerated() where index < assessment.probes.count {
            if let windows = GatewayWindowsAnswer.name(reading) {
                assessment.probes[index].summary += ", answered by \(windows)"
            }
        }

        let (service, serviceSkipped) = Self.service(port: portNumber, paths: paths)
        let matrix = reach
            ? try await GatewayReach.matrix(port: portNumber, paths: paths, settings: settings, lock: state,
                                            timeout: probeTimeout.duration, probes: results)
            : nil
        if json.json {
            GatewayOutput.json(Report(
                running: assessment.running, port: portNumber, lockPath: lockPath, lock: lockWord,
                instance: assessment.running ? holder : nil, processVerified: verified, processVerifiedReason: notVerifiedReason,
                probe: ProbeReport(
                    timeoutMs: probeTimeout.milliseconds, agreement: assessment.agreement,
                    agreesWithLock: assessment.agreement.agreesWithLock, explanation: assessment.explanation,
                    results: assessment.probes),
                service: service, serviceSkipped: serviceSkipped, reach: matrix?.json))
        } else {
            if assessment.running, let m = holder {
                let addresses = m.bindAddresses.map { IPAddressText.hostPort($0, portNumber) }.joined(separator: ", ")
                if case .verified(let pid, _)? = verification {
                    GatewayOutput.out("Runtime: running (pid \(pid), instance \(m.instanceId), status \(m.status.rawValue))")
                } else {
                    GatewayOutput.out("Runtime: running (instance \(m.instanceId), status \(m.status.rawValue); pid unverified, see Process)")
                }
                GatewayOutput.out("Listening: \(addresses)")
                GatewayOutput.out("Started: \(m.startedAt), version \(m.version), strategy \(m.strategy)")
                GatewayOutput.out("Lock: \(lockPath)")
                if let notVerifiedReason { GatewayOutput.out("Process: not verified: \(notVerifiedReason)") }
            } else if assessment.running {
                GatewayOutput.out("Runtime: running (lock \(lockPath) held; metadata not written yet)")
            } else {
                GatewayOutput.out("Runtime: not running (port \(portNumber); lock \(lockPath) \(lockWord))")
            }
            for probe in assessment.probes {
                GatewayOutput.out("Probe \(IPAddressText.hostPort(probe.host, portNumber)): \(probe.summary)")
            }
            GatewayOutput.out("\(Self.agreementHeading(assessment.agreement)): \(assessment.explanation)")
            if let service { GatewayOutput.out("Service: \(service.line)") }
            for line in matrix.map(GatewayReach.text) ?? [] { GatewayOutput.out(line) }
        }
        if !assessment.running { throw ExitCode(GatewayExit.notRunning) }
    }

    /// The unit for the port as systemd sees it (`ServiceStatus`), or why it was not asked / none exists.
    static func service(port: UInt16, paths: GatewayPaths) -> (ServiceStatus?, String?) {
        let facts = ServiceEdge.facts(port: port, paths: paths, advice: false)
        if case .unavailable(let reason, _) = facts.availability { return (nil, reason) }
        guard let unit = facts.installed ?? facts.units.first(where: { $0.state?.isLoaded == true }) else {
            return (nil, "no gateway unit for port \(port) in \(facts.directory)")
        }
        var rows: [TCPSocketRow] = []
        var read = false
        for (path, family) in [("/proc/net/tcp", AddressFamily.inet), ("/proc/net/tcp6", AddressFamily.inet6)] {
            guard case .success(let data) = SmallFileReader.whole(path, limit: PortOwners.socketTableLimit) else { continue }
            read = true
            rows += ProcNetTCP.parse(String(decoding: data, as: UTF8.self), family: family).rows
        }
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let micros = UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1000
        return (ServiceStatus.from(unit, monotonicNow: micros,
                                   openConnections: read ? ServiceStatus.openConnections(rows, port: port) : nil), nil)
    }

    /// `GatewayStopper.verifyHolder`, with a lock that became unreadable meanwhile as a reason.
    static func verification(paths: GatewayPaths, port: UInt16) -> GatewayStopper.HolderVerification {
        do {
            return try GatewayStopper.verifyHolder(paths: paths, port: port)
        } catch {
            return .unverifiable(error.description)
        }
    }

    /// The text line's heading for an agreement.
    static func agreementHeading(_ agreement: ProbeAgreement) -> String {
        switch agreement.agreesWithLock {
        case true?: return "Probe agrees with the lock"
        case false?: return "Probe disagrees with the lock"
        case nil: return "Probe not compared with the lock"
        }
    }
}
