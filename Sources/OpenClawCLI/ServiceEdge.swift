import DoctorKit
import FoundationEssentials
import Gateway
import NetProbe
import NetProbeLive
#if canImport(Glibc)
import Glibc
#endif

/// The edge of the lifecycle commands: gathers `ServiceFacts` (the unit files, `systemctl --user show`,
/// `loginctl show-user`) and carries out a `ServicePlan` (files, `systemctl --user`, the lock path of `stop`).
/// Every program runs through `TimedProcess` (own process group, killed at its deadline).
enum ServiceEdge {
    /// Properties asked of `systemctl --user show` for the candidates.
    static let showProperties = [
        "LoadState", "ActiveState", "SubState", "Result", "MainPID", "NRestarts", "ExecMainStatus",
        "ExecMainStartTimestamp", "ExecMainStartTimestampMonotonic", "UnitFileState",
    ]

    static var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// The account running the command (for the linger check and the advice).
    static var userName: String {
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return environment["USER"] ?? "uid \(geteuid())"
    }

    /// `advice`: read the machine for the advice when systemd is absent (not for `stop`, which works without it).
    static func facts(port: UInt16, paths: GatewayPaths, advice: Bool = true) -> ServiceFacts {
        let env = environment
        let home = DoctorEnvironment.home(env)
        let presence = SystemdPresence.read(environment: env)
        let user = userName
        let availability: ServiceAvailability
        if presence.systemBooted && presence.userManagerReachable {
            availability = .available
        } else if !advice {
            availability = .unavailable(reason: SystemdPresence.notBooted, advice: "")
        } else {
            // Only on this path is the machine read: the advice differs for WSL and containers.
            let verdict = Classifier.classify(GatewayEnvironment.liveFacts())
            availability = ServiceAvailability.judge(presence: presence, kind: verdict.kind, container: verdict.container, user: user,
                                                     run: "openclaw gateway run --port \(port)")
        }
        let directory = ServiceUnitName.directory(environment: env, home: home)
        var units = ServiceUnitName.candidates(port: port).map { name in
            ServiceUnitFile(name: name, path: directory + "/" + name, text: readUnit(directory + "/" + name))
        }
        var linger = LingerState.unknown("systemd is not running")
        if availability == .available {
            let states = show(units.map(\.name))
            for index in units.indices { units[index].state = states[units[index].name] }
            linger = self.linger(user: user)
        }
        return ServiceFacts(
            availability: availability, port: port, directory: directory, units: units, linger: linger, user: user,
            stateDirectory: paths.stateDirectory)
    }

    /// The unit file's text (`SmallFileReader`: at most `GatewayUnitReading.fileLimit`; a masked unit, a symlink to
    /// `/dev/null`, reads as ""); `nil` when absent, unreadable or longer (a unit this command cannot read it cannot own).
    static func readUnit(_ path: String) -> String? {
        guard case .success(let data) = SmallFileReader.whole(path, limit: GatewayUnitReading.fileLimit, nullDeviceIsEmpty: true) else {
            return nil
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// The environment for `systemctl`/`loginctl`: a fixed PATH and locale, no pager, the user manager's sockets.
    static var childEnvironment: [String] {
        var env = ["PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin", "LC_ALL=C.UTF-8", "SYSTEMD_COLORS=0", "SYSTEMD_PAGER="]
        for key in ["XDG_RUNTIME_DIR", "DBUS_SESSION_BUS_ADDRESS", "HOME"] {
            if let value = environment[key], !value.isEmpty { env.append("\(key)=\(value)") }
        }
        return env
    }

    static func executable(_ name: String) -> String {
        ["/usr/bin/" + name, "/bin/" + name].first { access($0, X_OK) == 0 } ?? "/usr/bin/" + name
    }

    /// `systemctl --user show` of every unit, by name; units not answered are absent.
    static func show(_ units: [String]) -> [String: SystemdUnitState] {
        let arguments = ["--user", "show", "--no-pager", "-p", showProperties.joined(separator: ","), "--"] + units
        guard case .success(let outcome) = TimedProcess.run(
            executable("systemctl"), arguments: arguments, timeout: .seconds(5), environment: childEnvironment),
            outcome.exitStatus == 0 else { return [:] }
        let blocks = SupervisorSections.parseShowBlocks(outcome.text(outcome.stdout))
        guard blocks.count == units.count else { return [:] }
        var states: [String: SystemdUnitState] = [:]
        for (unit, block) in zip(units, blocks) { states[unit] = SystemdUnitState(scope: .user, unit: unit, properties: block) }
        return states
    }

    /// `loginctl show-user USER -p Linger`. logind answers "not logged in or lingering" for a user with neither: off.
    static func linger(user: String) -> LingerState {
        switch TimedProcess.run(executable("loginctl"), arguments: ["show-user", user, "-p", "Linger"],
                                timeout: .seconds(3), environment: childEnvironment) {
        case .failure(let failure):
            return .unknown("loginctl could not be started: \(failure)")
        case .success(let outcome):
            if outcome.timedOut { return .unknown("loginctl did not answer within 3 s") }
            let stderr = outcome.text(outcome.stderr)
            if outcome.exitStatus == 0 { return LingerState.parse(outcome.text(outcome.stdout)) }
            if stderr.contains("not logged in or lingering") { return .disabled }
            return .unknown(stderr.split(separator: "\n").first.map(String.init) ?? "loginctl failed")
        }
    }

    /// What a run of the plan did: the exit code and, on failure, why.
    struct Result {
        var exitCode: Int32
        var error: String?
        var done: [String]
        /// The file the old unit was copied to (`.bak`, or `.bak.N` when that name is taken).
        var backup: String? = nil
    }

    /// Carries the steps out in order; the first failing (untolerated) step ends the run.
    /// `stopTimeout`: how long the lock path of `stop` waits for the holder to exit (`gateway stop --stop-timeout`).
    static func execute(_ plan: ServicePlan, port: UInt16, paths: GatewayPaths, stopTimeout: Duration = .seconds(15)) async -> Result {
        if let refusal = plan.refusal { return Result(exitCode: plan.exitCode, error: refusal, done: []) }
        var done: [String] = []
        var backup: String?
        for step in plan.steps {
            switch step {
            case .createDirectory(let path):
                do {
                    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
                } catch {
                    return Result(exitCode: GatewayExit.failure, error: "cannot create \(path): \(FileErrorText.describe(error))", done: done)
                }
                done.append("mkdir -p \(path)")
            case .backup(let from, _):
                // The doctor's --fix naming: PATH.bak, else PATH.bak.1, ...; never over an existing name.
                guard let to = FixFiles.backupName(for: from) else {
                    return Result(exitCode: GatewayExit.failure, error: "no unused backup name for \(from); not replaced", done: done)
                }
                do {
                    try FileManager.default.copyItem(atPath: from, toPath: to)
                } catch {
                    return Result(exitCode: GatewayExit.failure, error: "cannot back up \(from) to \(to): \(FileErrorText.describe(error))", done: done)
                }
                backup = to
                done.append("cp \(from) \(to)")
            case .write(let path, let text):
                do {
                    try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
                } catch {
                    return Result(exitCode: GatewayExit.failure, error: "cannot write \(path): \(FileErrorText.describe(error))", done: done)
                }
                done.append("write \(path)")
            case .remove(let path):
                do {
                    try FileManager.default.removeItem(atPath: path)
                } catch {
                    return Result(exitCode: GatewayExit.failure, error: "cannot remove \(path): \(FileErrorText.describe(error))", done: done)
                }
                done.append("rm \(path)")
            case .systemctl(let arguments, let tolerated):
                let line = "systemctl --user " + arguments.joined(separator: " ")
                if let failure = systemctl(arguments), !tolerated {
                    return Result(exitCode: GatewayExit.failure, error: "\(line) failed: \(failure)", done: done)
                }
                done.append(line)
            case .stopLockHolder(let afterUnitStop):
                let code = await GatewayStopCommand.stopByLock(paths: paths, port: port, timeout: stopTimeout, quietWhenFree: afterUnitStop)
                if code != GatewayExit.ok { return Result(exitCode: code, error: nil, done: done) }
            }
        }
        return Result(exitCode: plan.exitCode, error: nil, done: done, backup: backup)
    }

    /// Runs `systemctl --user ARGS` (deadline 45 s: a stop may wait `TimeoutStopSec=10` and more); `nil` on
    /// success, else its first line of standard error or how it ended.
    static func systemctl(_ arguments: [String]) -> String? {
        switch TimedProcess.run(executable("systemctl"), arguments: ["--user"] + arguments, timeout: .seconds(45),
                                environment: childEnvironment) {
        case .failure(let failure):
            return "systemctl could not be started: \(failure)"
        case .success(let outcome):
            if outcome.timedOut { return "no answer within 45 s; killed" }
            if outcome.exitStatus == 0 { return nil }
            let first = outcome.text(outcome.stderr).split(separator: "\n").first.map(String.init)
            return first ?? "exit status \(outcome.exitStatus.map(String.init) ?? "?")"
        }
    }
}
