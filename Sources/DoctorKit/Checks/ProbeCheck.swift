import Gateway
import NetProbe

/// `gateway.probe`: the identity-verified loopback probes of 127.0.0.1 and ::1, and whether they agree with the lock.
///
/// ok: no answers and no lock holder, or the lock holder answers with its own instance id wherever it binds;
/// info: a non-gateway listener answers, or a probe hangs, where no gateway is expected (or under mirrored networking,
/// where 127.0.0.1 may be answered from Windows), or the lock holder is still starting;
/// warn: a gateway answers that does not hold our lock, or the lock holder does not answer where it binds.
enum ProbeCheck {
    static let id = "gateway.probe"

    static let check = DoctorCheck(
        id: id, summary: "The identity-verified loopback probe of 127.0.0.1 and ::1, and whether it agrees with the lock",
        liveSources: [.probes, .portOwners, .lock]
    ) { inputs in
        guard let probes = inputs.live.probes.value else {
            let why = inputs.live.probes.problem ?? "not gathered"
            return CheckResult(id: id, status: .fail, title: "the probe did not run: \(why)", data: ["error": .string(why)])
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
        func raise(_ to: CheckStatus) {
            if to == .warn || (to == .info && status == .ok) { status = to }
        }
        for result in probes {
            let host = result.host
            // Under mirrored networking 127.0.0.1 goes through Windows: its answers prove nothing either way.
            let throughWindows = inputs.isMirrored && host == "127.0.0.1"
            let expected = held.map { Self.binds($0.bindAddresses, covering: host) } ?? false
            switch result.outcome {
            case .gateway(let identity, _):
                if let held, identity.instanceId == held.instanceId { continue }
                raise(.warn)
                detail.append("\(host) answers as gateway instance \(identity.instanceId), which does not hold this lock "
                              + "(a gateway with another state directory, another user's, or one outside Linux)")
                fix = "openclaw gateway status --state-dir DIR for each state directory in use; stop the one you do not want"
            case .httpNotWebSocket, .notHTTP, .websocketNotGateway:
                let linuxListener = owners.contains { $0.localAddress == host || $0.localAddress == "0.0.0.0" || $0.localAddress == "::" }
                if !linuxListener {
                    detail.append("\(host) is answered by something that is not a Linux process here"
                                  + (inputs.isMirrored ? " (under mirrored networking: a Windows program)" : ""))
                }
                // Under mirrored networking a Windows answer on 127.0.0.1 says nothing against a held lock.
                if throughWindows && held != nil { continue }
                if expected && !throughWindows {
                    raise(.warn)
                    detail.append("the lock holder (pid \(held?.pid ?? 0)) binds \(host) but something else answers there")
                } else {
                    raise(.info)
                }
            case .timeout:
                detail.append("\(host) hangs: a closed port can hang under WSL2 mirrored networking; this is not \"free\"")
                if throughWindows && held != nil { continue }
                if expected && !throughWindows && held?.status == .ready {
                    raise(.warn)
                    fix = "openclaw gateway status"
                } else {
                    raise(.info)
                }
            case .refused, .selfConnect, .unreachable, .reset:
                guard expected && !throughWindows, let held else { continue }
                if held.status == .ready {
                    raise(.warn)
                    detail.append("the lock is held by gateway pid \(held.pid), which binds \(host), but \(host) does not answer: it may be stuck or bound elsewhere")
                    fix = "openclaw gateway status"
                } else {
                    raise(.info)
                    detail.append("the lock holder is \(held.status.rawValue); \(host) does not answer yet")
                }
            }
        }
        let title: String
        if let held {
            title = status == .ok ? "probes agree with the lock (gateway pid \(held.pid))"
                : "probes do not simply confirm the lock holder (gateway pid \(held.pid))"
        } else {
            title = probes.map { "\($0.host) \($0.outcome.name)" }.joined(separator: ", ")
        }
        return CheckResult(id: id, status: status, title: title, detail: detail, fix: status == .warn ? fix : nil,
                           data: .from(probes))
    }

    /// Whether a listener on `addresses` accepts connections to `host` (a wildcard covers its family's loopback).
    static func binds(_ addresses: [String], covering host: String) -> Bool {
        addresses.contains { a in
            a == host || (a == "0.0.0.0" && !host.contains(":")) || a == "::"
        }
    }
}
