import FoundationEssentials
import NetProbe
import NetProbeLive

extension ProbeFinding {
    /// The start's view of one NetProbe `ProbeResult`.
    public init(_ result: ProbeResult) {
        let outcome: Outcome
        switch result.outcome {
        case .refused, .timeout, .selfConnect, .reset, .unreachable:
            outcome = .noListener(result.outcome.summary)
        case .notHTTP, .httpNotWebSocket, .websocketNotGateway:
            outcome = .otherService(result.outcome.summary)
        case .gateway(let identity, let isSelf):
            outcome = .gateway(IdentityDocument(identity), isSelf: isSelf)
        }
        self.init(host: result.host, outcome: outcome)
    }
}

extension IdentityDocument {
    /// A probed gateway's identity (missing fields become empty text).
    public init(_ identity: GatewayIdentity) {
        self.init(
            service: identity.service, instanceId: identity.instanceId, pid: identity.pid,
            version: identity.version ?? "unknown", startedAt: identity.startedAt ?? "unknown",
            bootId: identity.bootId ?? "", port: identity.port.flatMap { UInt16(exactly: $0) } ?? 0)
    }
}

extension PortHolderFinding {
    /// Who holds the port after an `EADDRINUSE`, from NetProbe's port-owner table (this process excluded).
    public init(owners: [PortOwner]) {
        let others = owners.filter { !$0.isSelf }
        switch PortHolder.classify(bindResult: .addressInUse, owners: others) {
        case .linuxProcesses(let list):
            self = .processes(list.compactMap { owner in
                guard let pid = owner.pid else { return nil }
                let command = owner.cmdline.flatMap { $0.isEmpty ? nil : $0.joined(separator: " ") } ?? owner.comm ?? "?"
                return PortHolderProcess(pid: pid, command: command, uid: owner.uid, localAddress: owner.localAddress)
            })
        case .hiddenLinuxProcess(let uid):
            self = .hiddenProcess(uid: uid)
        case .outsideLinux, .free, .bindFailed:
            self = .noLinuxListener
        }
    }
}

extension StartDependencies {
    /// The real machine: NetProbe's `LoopbackProbe` (run on its own threads, it blocks), `PortOwners`
    /// (`/proc/net/tcp{,6}` and `/proc/*/fd`, also as `listeners`), and the real bind of `[::1]:0`.
    public static var live: StartDependencies {
        var live = StartDependencies(
            probeLoopback: { hosts, port, timeout, selfInstanceId in
                await BlockingWork.value {
                    let results: [ProbeResult]
                    if hosts == ["127.0.0.1", "::1"] {
                        results = LoopbackProbe.probeBoth(port: port, timeout: timeout, selfInstanceId: selfInstanceId)
                    } else {
                        results = hosts.map {
                            LoopbackProbe.probe(host: $0, port: port, timeout: timeout, selfInstanceId: selfInstanceId)
                        }
                    }
                    return results.map(ProbeFinding.init)
                }
            },
            portHolder: { port in PortHolderFinding(owners: PortOwners.listeners(port: port)) },
            ipv6LoopbackBinds: { LoopbackAvailability.ipv6() })
        live.listeners = { port in PortOwners.listeners(port: port) }
        return live
    }
}
