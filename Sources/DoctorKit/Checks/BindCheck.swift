import Gateway
import NetProbe

/// `gateway.bind`: the configured bind against the environment.
///
/// ok: loopback only, nothing to add; info: listening beyond loopback with a token, WSL2 mirrored advice for
/// Windows clients, or a container bound to loopback only (fine for clients inside the container, the usual dev
/// container; a published port would not reach it, so the hint says how to publish); skip: the plan is refused
/// (judged once, by `gateway.plan`). Under mirrored networking the Windows-client advice is not given when
/// 127.0.0.1 is answered by something other than the gateway (`gateway.probe` fails then).
enum BindCheck {
    static let id = "gateway.bind"

    static let check = DoctorCheck(
        id: id, summary: "The configured bind against the environment (token, containers, Windows clients under mirrored)"
    ) { inputs in
        let start = inputs.configuration.start
        let port = inputs.port
        var data: [String: JSONValue] = ["bind": .string(start.bindMode.rawValue), "token": .bool(start.tokenPresent)]
        let plan: StartPlan
        switch inputs.plan {
        case .success(let p): plan = p
        case .failure(let refusal):
            // One refusal, judged once: by `gateway.plan`, with its one fix.
            data["refusal"] = .string(refusal.message)
            data["reason"] = "plan refused"
            return CheckResult(id: id, status: .skip, title: "no bind to judge: the configuration is refused (see gateway.plan)",
                               data: .object(data))
        }
        data["addresses"] = .array(plan.bindAddresses.map { .string($0) })
        let loopbackOnly = plan.bindAddresses.allSatisfy { IPAddress($0)?.isLoopback == true }
        var detail: [String] = []
        var status: CheckStatus = .ok
        var fix: String?
        var title = loopbackOnly ? "loopback only" : "beyond loopback, with a token"
        if inputs.verdict.kind == .container && loopbackOnly {
            // Not a problem by itself: clients inside the container (a dev container's usual set-up) reach it.
            status = .info
            title = "in a container, loopback only: reachable from inside the container only"
            detail.append("in a container: a port published with `docker run -p \(port):\(port)` reaches the container's eth0, not its loopback")
            fix = "only if clients outside the container need it: openclaw gateway run --bind auto with OPENCLAW_GATEWAY_TOKEN set (0.0.0.0 inside the container)"
        }
        if inputs.environment.mirrored.applies {
            if status == .ok { status = .info }
            if let shadow = inputs.view.probes.first(where: { $0.holderShadowed && $0.reachesWindows == true }) {
                // Item of issue 18: 127.0.0.1 is answered by something else; advising it would send clients there.
                detail.append("Windows clients of \(IPAddressText.hostPort(shadow.host, port)) reach \(ProbeCheck.answerer(shadow, inputs.environment.loopback)) instead of the gateway (see gateway.probe); do not point them there until it is gone")
            } else if let taken = inputs.view.probes.first(where: { Self.answeredByAnother($0, binds: plan.bindAddresses) }) {
                // No gateway holds the lock, yet something answers where it would bind: the same advice would send
                // Windows clients to that program.
                detail.append("Windows clients of \(IPAddressText.hostPort(taken.host, port)) would reach \(ProbeCheck.answerer(taken, inputs.environment.loopback)), which answers there now, not a gateway started here (see gateway.probe and gateway.port); do not point them there until it is gone")
            } else {
                detail.append("Windows clients: use ws://127.0.0.1:\(port), not localhost (Windows may resolve localhost to ::1, which mirrored mode does not bridge)")
                // The same reading gateway.probe and gateway.reach read: this advice is for Windows' clients, and Linux's
                // own 127.0.0.1 gets nothing now.
                for unreached in inputs.view.probes where unreached.holderUnreached {
                    let endpoint = IPAddressText.hostPort(unreached.host, port)
                    detail.append("Linux clients of \(endpoint) do not reach the gateway now (see gateway.probe); what Windows' clients get there is gateway.reach's row from Windows")
                }
            }
        }
        if !loopbackOnly {
            if status == .ok { status = .info }
            detail.append("listening beyond loopback on \(plan.bindAddresses.joined(separator: ", ")); clients must present the token")
        }
        return CheckResult(id: id, status: status, title: title, detail: detail, fix: fix, data: .object(data))
    }

    /// No lock holder is known (`holderBinds == nil`), the plan binds the probed address, and a program that is not
    /// a gateway, or another gateway, answers there.
    static func answeredByAnother(_ reading: ProbeReading, binds: [String]) -> Bool {
        guard reading.holderBinds == nil, BindCoverage.covers(binds, reading.host) else { return false }
        switch reading.answeredBy {
        case .otherGateway, .linuxProcess, .windowsProgram, .notALinuxProcess, .unidentified: return true
        case .nobody, .noAnswer, .lockHolder: return false
        }
    }
}
