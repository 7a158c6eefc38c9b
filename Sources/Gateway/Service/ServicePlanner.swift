/// The lifecycle commands as plans: what `openclaw gateway install | start | stop | restart | uninstall` write and
/// run, decided from `ServiceFacts` alone. Pure; `ServiceEdge` (CLI) gathers the facts and carries the steps out.
///
/// The rules (docs/lifecycle.md): `install` writes `openclaw-gateway.service` (or `openclaw-gateway-PORT.service`
/// beside one serving another port), replaces a unit only when this toolkit wrote it unless `--force` (the old file
/// kept as `.bak`), enables and starts it, restarts it when the text changed, and warns when linger is off. `start`
/// reports a running unit instead of restarting it. `stop` stops the unit through systemd when it runs (so
/// `Restart=always` does not bring it back), then the lock holder. `uninstall` disables, stops and removes the unit
/// and keeps the state directory. Without a user manager each says so and what to do, exit 69.
public enum ServicePlanner {
    public static func install(_ facts: ServiceFacts, unitText: String, force: Bool) -> ServicePlan {
        let command = "install"
        if case .unavailable(let reason, let advice) = facts.availability {
            return .refused(command, "\(reason); \(advice)", exit: ServiceExit.noSystemd)
        }
        let target: ServiceUnitFile
        var backup: String?
        if let installed = facts.installed {
            target = installed
            if installed.reading?.writtenByInstall != true {
                guard force else {
                    return .refused(
                        command, "\(installed.path) runs a gateway on port \(facts.port) but was not written by "
                            + "'openclaw gateway install'; not replacing it. Run 'openclaw gateway install --force' to "
                            + "replace it (the old file is kept as \(installed.path).bak)",
                        exit: ServiceExit.foreignUnit, unit: installed)
                }
                backup = installed.path + ".bak"
            }
        } else {
            // The standard name when free; beside it (the port's own name) when it holds something else.
            guard let free = facts.units.first(where: { $0.text == nil }) ?? facts.units.last else {
                return .refused(command, "no unit name to use", exit: GatewayExit.failure)
            }
            target = free
            if free.text != nil {
                guard force else {
                    let what = free.reading.map { "a gateway on port \($0.port)" } ?? "something that is not a gateway"
                    return .refused(
                        command, "\(free.path) exists and runs \(what); not replacing it. Run 'openclaw gateway "
                            + "install --force' to replace it (the old file is kept as \(free.path).bak)",
                        exit: ServiceExit.foreignUnit, unit: free)
                }
                backup = free.path + ".bak"
            }
        }
        let changes = target.text != unitText
        var steps: [ServiceStep] = [.createDirectory(facts.directory)]
        if let backup { steps.append(.backup(from: target.path, to: backup)) }
        if changes { steps.append(.write(path: target.path, text: unitText)) }
        steps += [
            .systemctl(["daemon-reload"], tolerated: false),
            .systemctl(["enable", target.name], tolerated: false),
            // Clears a failed state and the start rate limit (StartLimitBurst) left by an earlier loop.
            .systemctl(["reset-failed", target.name], tolerated: true),
        ]
        var notes = [changes ? "Wrote \(target.path)." : "\(target.path) is already up to date."]
        if backup != nil { notes.append("Kept the old unit as \(backup!).") }
        if target.isRunningOrRestarting && !changes {
            notes.append("\(target.name) is enabled and already running; not restarted.")
        } else {
            steps.append(.systemctl([target.isRunningOrRestarting ? "restart" : "start", target.name], tolerated: false))
            notes.append("\(target.name) is enabled and \(target.isRunningOrRestarting ? "restarted" : "started") (port \(facts.port)).")
        }
        return ServicePlan(
            command: command, unit: target.name, unitPath: target.path, steps: steps, notes: notes,
            warnings: lingerWarnings(facts), backupPath: backup, writesUnit: changes)
    }

    public static func start(_ facts: ServiceFacts) -> ServicePlan {
        let command = "start"
        if case .unavailable(let reason, let advice) = facts.availability {
            return .refused(command, "\(reason); \(advice)", exit: ServiceExit.noSystemd)
        }
        guard let unit = facts.installed else { return notInstalled(command, facts) }
        if unit.activeState == "active" {
            let pid = unit.state?.properties["MainPID"].flatMap { $0 == "0" ? nil : $0 }
            return ServicePlan(
                command: command, unit: unit.name, unitPath: unit.path,
                notes: ["\(unit.name) is already running\(pid.map { " (pid \($0))" } ?? ""); not restarted."],
                warnings: lingerWarnings(facts))
        }
        return ServicePlan(
            command: command, unit: unit.name, unitPath: unit.path,
            steps: [.systemctl(["reset-failed", unit.name], tolerated: true), .systemctl(["start", unit.name], tolerated: false)],
            notes: ["Started \(unit.name) (port \(facts.port))."], warnings: lingerWarnings(facts))
    }

    public static func stop(_ facts: ServiceFacts) -> ServicePlan {
        let command = "stop"
        if case .unavailable = facts.availability {
            // The lock path needs no systemd: without a user manager, stop is the signal to the verified holder.
            return ServicePlan(command: command, steps: [.stopLockHolder(afterUnitStop: false)])
        }
        guard let unit = facts.installed, unit.isRunningOrRestarting else {
            return ServicePlan(command: command, unit: facts.installed?.name, unitPath: facts.installed?.path,
                               steps: [.stopLockHolder(afterUnitStop: false)])
        }
        return ServicePlan(
            command: command, unit: unit.name, unitPath: unit.path,
            steps: [.systemctl(["stop", unit.name], tolerated: false), .stopLockHolder(afterUnitStop: true)],
            notes: ["Stopped \(unit.name) (it stays stopped until 'openclaw gateway start')."])
    }

    public static func restart(_ facts: ServiceFacts) -> ServicePlan {
        let command = "restart"
        if case .unavailable(let reason, let advice) = facts.availability {
            return .refused(command, "\(reason); \(advice)", exit: ServiceExit.noSystemd)
        }
        guard let unit = facts.installed else { return notInstalled(command, facts) }
        return ServicePlan(
            command: command, unit: unit.name, unitPath: unit.path,
            steps: [.systemctl(["reset-failed", unit.name], tolerated: true), .systemctl(["restart", unit.name], tolerated: false)],
            notes: ["Restarted \(unit.name) (port \(facts.port))."], warnings: lingerWarnings(facts))
    }

    public static func uninstall(_ facts: ServiceFacts, force: Bool) -> ServicePlan {
        let command = "uninstall"
        if case .unavailable(let reason, let advice) = facts.availability {
            return .refused(command, "\(reason); \(advice)", exit: ServiceExit.noSystemd)
        }
        guard let unit = facts.installed else {
            return ServicePlan(command: command, notes: ["No gateway unit for port \(facts.port) in \(facts.directory); nothing to remove."])
        }
        if unit.reading?.writtenByInstall != true && !force {
            return .refused(
                command, "\(unit.path) runs a gateway on port \(facts.port) but was not written by 'openclaw gateway "
                    + "install'; not removing it. Run 'openclaw gateway uninstall --force' to remove it",
                exit: ServiceExit.foreignUnit, unit: unit)
        }
        return ServicePlan(
            command: command, unit: unit.name, unitPath: unit.path,
            steps: [
                .systemctl(["disable", "--now", unit.name], tolerated: false),
                .remove(unit.path),
                .systemctl(["daemon-reload"], tolerated: false),
                .systemctl(["reset-failed", unit.name], tolerated: true),
            ],
            notes: ["Stopped, disabled and removed \(unit.name); the state in \(facts.stateDirectory) is kept."])
    }

    static func notInstalled(_ command: String, _ facts: ServiceFacts) -> ServicePlan {
        .refused(
            command, "no gateway unit for port \(facts.port) in \(facts.directory); install one with: openclaw gateway "
                + "install --port \(facts.port)",
            exit: ServiceExit.notInstalled)
    }

    /// Upstream's lint: without linger the user manager, and the gateway with it, stops with the last session.
    static func lingerWarnings(_ facts: ServiceFacts) -> [String] {
        switch facts.linger {
        case .enabled: return []
        case .disabled:
            return ["linger is off for \(facts.user): the gateway stops when \(facts.user)'s last session ends. "
                + "Keep it running with: loginctl enable-linger \(facts.user)"]
        case .unknown(let why):
            return ["could not tell whether linger is on for \(facts.user) (\(why)); without it the gateway stops with "
                + "the last session (loginctl enable-linger \(facts.user))"]
        }
    }
}
