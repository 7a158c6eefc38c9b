import NetProbe

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
