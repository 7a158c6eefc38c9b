import Gateway
import NetProbe

/// `gateway.port`: who holds the port, checked without disturbing a running gateway (a trial bind happens
/// only when no Linux socket listens on the port).
///
/// ok: free, or held by the gateway that holds our lock; fail: another Linux process, another user's hidden
/// process, or a holder outside Linux (EADDRINUSE with no Linux listener); warn: the trial bind failed for another
/// reason, or could not be made.
enum PortCheck {
    static let id = "gateway.port"

    static let check = DoctorCheck(
        id: id, summary: "Who holds the gateway port: free, our gateway, another Linux process, or something outside Linux",
        liveSources: [.portOwners, .lock]
    ) { inputs in
        let port = inputs.port
        guard let owners = inputs.live.portOwners.value else {
            let why = inputs.live.portOwners.problem ?? "not gathered"
            return CheckResult(id: id, status: .fail, title: "could not read the port owners: \(why)",
                               data: ["error": .string(why)])
        }
        let bind: BindAttempt
        if let attempt = inputs.live.bindAttempt.value {
            bind = attempt
        } else if owners.isEmpty {
            // Nothing listens in Linux, and the trial bind that would tell "free" from "held outside Linux" is missing.
            let why = inputs.live.bindAttempt.problem ?? "not gathered"
            return CheckResult(id: id, status: .warn,
                               title: "no Linux process listens on port \(port), but the trial bind did not run: \(why)",
                               detail: ["without the bind, a holder outside Linux (a Windows program under mirrored networking) cannot be seen"],
                               data: ["error": .string(why)])
        } else {
            bind = .addressInUse
        }
        let holder = PortHolder.classify(bindResult: bind, owners: owners)
        let data = JSONValue.from(holder)
        let held = heldLockMetadata(inputs)
        switch holder {
        case .free:
            return CheckResult(id: id, status: .ok, title: "port \(port) is free", data: data)
        case .linuxProcesses(let owners):
            if let held, owners.contains(where: { $0.pid == held.pid }),
               owners.allSatisfy({ $0.pid == held.pid || $0.pid == nil }) {
                return CheckResult(id: id, status: .ok,
                                   title: "held by our gateway (pid \(held.pid), instance \(held.instanceId))",
                                   detail: owners.map(\.summary), data: data)
            }
            let pids = owners.compactMap(\.pid).map(String.init)
            return CheckResult(id: id, status: .fail, title: "port \(port) is held by another Linux process",
                               detail: owners.map(\.summary),
                               fix: "stop it (`kill \(pids.joined(separator: " "))`) or run the gateway with --port",
                               data: data)
        case .hiddenLinuxProcess(let uid):
            return CheckResult(id: id, status: .fail, title: "port \(port) is held by uid \(uid), process not visible",
                               detail: ["another user's process listens on it; `sudo ss -tlnp 'sport = :\(port)'` names it"],
                               fix: "sudo ss -tlnp 'sport = :\(port)'", data: data)
        case .outsideLinux:
            var detail = ["the kernel refuses the bind (EADDRINUSE) but no Linux socket listens on the port"]
            if inputs.isMirrored {
                detail.append("under WSL2 mirrored networking a Windows program or a Windows port reservation holds it")
            }
            return CheckResult(id: id, status: .fail, title: "port \(port) is in use with no Linux holder", detail: detail,
                               fix: inputs.verdict.kind == .wsl2
                                   ? "in Windows: netstat -ano | findstr :\(port)  (and: netsh interface ipv4 show excludedportrange protocol=tcp)"
                                   : "ss -tanp 'sport = :\(port)'",
                               data: data)
        case .bindFailed(let code):
            return CheckResult(id: id, status: .warn, title: "a trial bind of 127.0.0.1:\(port) failed: \(ErrnoText.describe(code))",
                               data: data)
        }
    }

    /// The metadata of the gateway holding our lock, when one does.
    static func heldLockMetadata(_ inputs: DoctorInputs) -> InstanceMetadata? {
        if case .value(.held(let m)) = inputs.live.lock { return m }
        return nil
    }
}
