import Gateway
import NetProbe

/// `gateway.port`: who holds the port, checked without disturbing a running gateway.
enum PortCheck {
    static let id = "gateway.port"

    static let check = DoctorCheck(
        id: id, summary: "Who holds the gateway port: free, our gateway, another Linux process, or something outside Linux",
        needsLive: true
    ) { inputs in
        let port = inputs.port
        guard let owners = inputs.live.portOwners.value else {
            return CheckResult(id: id, status: .fail, title: "could not read the port owners: \(inputs.live.portOwners.problem ?? "")")
        }
        let gatewayPid = heldLockMetadata(inputs)?.pid
        let bind = inputs.live.bindAttempt.value ?? (owners.isEmpty ? .succeeded : .addressInUse)
        let holder = PortHolder.classify(bindResult: bind, owners: owners)
        let data = JSONValue.from(holder)
        switch holder {
        case .free:
            return CheckResult(id: id, status: .ok, title: "port \(port) is free", data: data)
        case .linuxProcesses(let owners):
            if let pid = gatewayPid, owners.allSatisfy({ $0.pid == pid || $0.pid == nil }) {
                let m = heldLockMetadata(inputs)
                return CheckResult(id: id, status: .ok,
                                   title: "held by our gateway (pid \(pid), instance \(m?.instanceId ?? "?"))",
                                   detail: owners.map(\.summary), data: data)
            }
            return CheckResult(id: id, status: .fail, title: "port \(port) is held by another Linux process",
                               detail: owners.map(\.summary),
                               fix: "stop it (`kill \(owners.compactMap(\.pid).map(String.init).joined(separator: " "))`) or run the gateway with --port",
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
                                   : "ss -tlnp 'sport = :\(port)'",
                               data: data)
        case .bindFailed(let code):
            return CheckResult(id: id, status: .warn, title: "a trial bind of port \(port) failed (errno \(code))", data: data)
        }
    }

    static func heldLockMetadata(_ inputs: DoctorInputs) -> InstanceMetadata? {
        if case .value(.held(let m)) = inputs.live.lock { return m }
        return nil
    }
}

/// `gateway.probe`: the loopback probe verdicts for 127.0.0.1 and ::1, and whether they agree with the lock.
enum ProbeCheck {
    static let id = "gateway.probe"

    static let check = DoctorCheck(
        id: id, summary: "The identity-verified loopback probe of 127.0.0.1 and ::1, and whether it agrees with the lock",
        needsLive: true
    ) { inputs in
        guard let probes = inputs.live.probes.value else {
            return CheckResult(id: id, status: .fail, title: "the probe did not run: \(inputs.live.probes.problem ?? "")")
        }
        let held = PortCheck.heldLockMetadata(inputs)
        let owners = inputs.live.portOwners.value ?? []
        var detail = probes.map { result in
            // The lock holder answering is the gateway itself: never word it as "other".
            if case .gateway(let identity, _) = result.outcome, let held, identity.instanceId == held.instanceId {
                return "\(result.host): gateway (the lock holder, instance \(identity.instanceId), pid \(held.pid)) in \(result.elapsedMicros / 1000) ms"
            }
            return "\(result.host): \(result.outcome.summary) in \(result.elapsedMicros / 1000) ms"
        }
        var status: CheckStatus = .ok
        var fix: String?
        for result in probes {
            switch result.outcome {
            case .gateway(let identity, _):
                if let held, identity.instanceId == held.instanceId { continue }
                status = .warn
                detail.append("\(result.host) answers as gateway instance \(identity.instanceId), which does not hold this lock (another state directory, another user, or outside Linux)")
            case .httpNotWebSocket, .notHTTP, .websocketNotGateway:
                let linuxListener = owners.contains { $0.localAddress == result.host || $0.localAddress == "0.0.0.0" || $0.localAddress == "::" }
                if !linuxListener {
                    detail.append("\(result.host) is answered by something that is not a Linux process here"
                                  + (inputs.isMirrored ? " (under mirrored networking: a Windows program)" : ""))
                }
                if held != nil && result.host == "127.0.0.1" && inputs.isMirrored { continue }
                status = status == .ok ? .info : status
            case .timeout:
                detail.append("\(result.host) hangs: a closed port can hang under WSL2 mirrored networking; this is not \"free\"")
                // Under mirrored networking 127.0.0.1 goes through Windows: its hang says nothing against the lock.
                if held != nil && result.host == "127.0.0.1" && inputs.isMirrored { continue }
                status = status == .ok ? .info : status
            case .refused, .selfConnect, .unreachable, .reset:
                if held != nil && result.host == "127.0.0.1" && !inputs.isMirrored {
                    status = .warn
                    detail.append("the lock is held but 127.0.0.1 does not answer: the gateway may be starting, stuck, or bound elsewhere")
                    fix = "openclaw gateway status"
                }
            }
        }
        let title: String
        if let held {
            title = status == .ok ? "probes agree with the lock (gateway pid \(held.pid))" : "probes and lock disagree"
        } else {
            title = probes.map { "\($0.host) \($0.outcome.name)" }.joined(separator: ", ")
        }
        return CheckResult(id: id, status: status, title: title, detail: detail, fix: fix, data: .from(probes))
    }
}
