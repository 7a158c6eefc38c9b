import FoundationEssentials
import Gateway
import NetProbe

/// `supervisor.systemd`: installed systemd user units that run the gateway.
///
/// ok: none, or each has `RestartPreventExitStatus=78` and no port has two units; warn: a unit without it (a
/// duplicate start, exit 78, would be restarted in a loop), or two units for one port (only one can run);
/// fail: systemd says a gateway unit loops now (`JournalAnalysis.isLoop` over the live `systemctl show` and journal:
/// three restarts in the window, the start limit hit, or auto-restart with NRestarts >= 3), whatever the file says
/// (upstream's unit has `RestartPreventExitStatus=78` and still loops: its failed start exits 1);
/// skip: the unit directories were not read.
enum SupervisorCheck {
    static let id = "supervisor.systemd"

    static let check = DoctorCheck(
        id: id, summary: "systemd user units for the gateway: RestartPreventExitStatus=78, one unit per port",
        liveSources: [.units]
    ) { inputs in
        guard let units = inputs.live.units.value else {
            let why = inputs.live.units.problem ?? "not gathered"
            return CheckResult(id: id, status: .skip, title: "unit files not read: \(why)", data: ["reason": .string(why)])
        }
        let gatewayUnits = GatewayUnit.effective(units)
        guard !gatewayUnits.isEmpty else {
            return CheckResult(id: id, status: .ok, title: "no systemd user unit runs the gateway",
                               data: ["units": [], "forPort": 0])
        }
        var detail: [String] = []
        var status: CheckStatus = .ok
        for unit in gatewayUnits where !unit.preventsRestartOn78 {
            status = .warn
            detail.append("\(unit.path): no RestartPreventExitStatus=78: a duplicate start (exit 78) would be restarted in a loop")
        }
        let byPort = Dictionary(grouping: gatewayUnits, by: \.port)
        for (port, group) in byPort.sorted(by: { $0.key < $1.key }) where group.count > 1 {
            status = .warn
            detail.append("port \(port) has \(group.count) units: \(group.map(\.path).joined(separator: ", ")); only one can run, the others exit 78 or crash-loop")
        }
        // What systemd does with the units now (the one loop judgement: JournalAnalysis.isLoop).
        let live = JournalAnalysis.analyze(show: inputs.facts.systemdShow, journal: inputs.facts.journal)
        var loop: [String: JSONValue] = ["looping": .bool(false)]
        if live.isLoop {
            status = .fail
            let signature = JournalSignature.allCases.first { $0.isError && live.signatures[$0] != nil }
            let exits = live.exitStatuses.keys.sorted().map { "status \($0) x\(live.exitStatuses[$0] ?? 0)" }.joined(separator: ", ")
            var line = "systemd restarts \(live.loadedUnits.map { $0.split(separator: " ").last.map(String.init) ?? $0 }.joined(separator: ", ")) in a loop:"
            line += " restart counter \(live.restartCounter.map(String.init) ?? "?")"
            if live.startLimitHit { line += ", start limit hit" }
            if !exits.isEmpty { line += "; exits: \(exits)" }
            if let signature { line += "; [\(signature.rawValue)] \(SecretMasking.mask(live.signatures[signature]?.last ?? ""))" }
            detail.insert(line, at: 0)
            loop = ["looping": .bool(true), "restartCounter": live.restartCounter.map { .number(Double($0)) } ?? .null,
                    "signature": signature.map { .string($0.rawValue) } ?? .null, "startLimitHit": .bool(live.startLimitHit)]
        }
        let forPort = gatewayUnits.filter { $0.port == inputs.port }
        let title = live.isLoop ? "a gateway unit is in a restart loop now" : status == .ok
            ? "\(gatewayUnits.count) gateway unit\(gatewayUnits.count == 1 ? "" : "s"), restart loop prevented"
            : "gateway units need attention"
        var fixes: [String] = []
        if gatewayUnits.contains(where: { !$0.preventsRestartOn78 }) {
            fixes.append("add RestartPreventExitStatus=78 under [Service], or regenerate: openclaw gateway unit --port N > ~/.config/systemd/user/openclaw-gateway.service (openclaw-doctor --fix does this for that file)")
        }
        if byPort.values.contains(where: { $0.count > 1 }) {
            fixes.append("keep one unit per port: systemctl --user disable --now UNIT for the others")
        }
        if !fixes.isEmpty { fixes.append("then: systemctl --user daemon-reload") }
        if live.isLoop {
            fixes.insert("replace the looping unit with this toolkit's (it exits 78 for a running gateway and names the port's holder): openclaw gateway install --force --port \(inputs.port)", at: 0)
        }
        return CheckResult(
            id: id, status: status, title: title, detail: detail,
            fix: fixes.isEmpty ? nil : fixes.joined(separator: "; "),
            data: ["units": .array(gatewayUnits.map { ["path": .string($0.path), "port": .number(Double($0.port)),
                                                        "restartPreventExitStatus78": .bool($0.preventsRestartOn78)] }),
                   "forPort": .number(Double(forPort.count)), "live": .object(loop)],
            path: gatewayUnits.first { !$0.preventsRestartOn78 }?.path)
    }
}
