import NetProbe
import Foundation
import Gateway

/// `supervisor.systemd`: installed user units without `RestartPreventExitStatus=78`, or two units for one port.
enum SupervisorCheck {
    static let id = "supervisor.systemd"

    static let check = DoctorCheck(
        id: id, summary: "systemd user units for the gateway: RestartPreventExitStatus=78, one unit per port",
        needsLive: true
    ) { inputs in
        guard let units = inputs.live.units.value else {
            return CheckResult(id: id, status: .skip, title: inputs.live.units.problem ?? "not gathered")
        }
        let gatewayUnits = units.compactMap(GatewayUnit.init)
        guard !gatewayUnits.isEmpty else {
            return CheckResult(id: id, status: .ok, title: "no systemd user unit runs the gateway",
                               data: ["units": []])
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
            detail.append("port \(port) has \(group.count) units: \(group.map(\.path).joined(separator: ", ")); only one can run")
        }
        let forPort = gatewayUnits.filter { $0.port == inputs.port }
        let title = status == .ok
            ? "\(gatewayUnits.count) gateway unit\(gatewayUnits.count == 1 ? "" : "s"), restart loop prevented"
            : "gateway units need attention"
        return CheckResult(
            id: id, status: status, title: title, detail: detail,
            fix: status == .ok ? nil : "openclaw gateway unit > ~/.config/systemd/user/openclaw-gateway.service && systemctl --user daemon-reload  (or: openclaw-doctor --fix)",
            data: ["units": .array(gatewayUnits.map { ["path": .string($0.path), "port": .number(Double($0.port)),
                                                        "restartPreventExitStatus78": .bool($0.preventsRestartOn78)] }),
                   "forPort": .number(Double(forPort.count))],
            path: gatewayUnits.first { !$0.preventsRestartOn78 }?.path)
    }
}

/// A systemd unit whose `ExecStart` runs `openclaw gateway`.
struct GatewayUnit: Equatable {
    var path: String
    var port: UInt16
    var preventsRestartOn78: Bool

    init?(_ file: UnitFile) {
        var execStart: String?
        var prevent: [String] = []
        for raw in file.text.split(separator: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard !line.hasPrefix("#"), !line.hasPrefix(";"), let eq = line.firstIndex(of: "=") else { continue }
            let key = line[..<eq].trimmingCharacters(in: .whitespaces)
            let value = String(line[line.index(after: eq)...]).trimmingCharacters(in: .whitespaces)
            if key == "ExecStart" { execStart = value }
            if key == "RestartPreventExitStatus" { prevent += value.split(separator: " ").map(String.init) }
        }
        guard let exec = execStart, exec.contains("openclaw"), exec.contains("gateway") else { return nil }
        let words = exec.split(separator: " ").map(String.init)
        var port: UInt16 = 18789
        for (i, w) in words.enumerated() {
            if w == "--port", i + 1 < words.count, let p = UInt16(words[i + 1]) { port = p }
            if w.hasPrefix("--port="), let p = UInt16(w.dropFirst(7)) { port = p }
        }
        path = file.path
        self.port = port
        preventsRestartOn78 = prevent.contains("78") || prevent.contains("EX_CONFIG")
    }
}
