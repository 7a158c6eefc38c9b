import NetProbe

/// One loopback probe, judged once for every consumer: its category, whether the lock holder answered, whether the
/// lock holder's binds cover the address, whether the connection may have reached Windows, and who answered.
public struct ProbeReading: Sendable, Equatable {
    /// Who answered a probe, as far as the observations tell.
    public enum Answerer: Sendable, Equatable {
        /// Nothing listens (refused, reset, unreachable, self-connect).
        case nobody
        /// No answer in time: unknown, and not proof that nothing listens.
        case noAnswer
        /// The gateway that holds this port's lock (same instance id as the lock metadata).
        case lockHolder
        /// A gateway that is not the lock holder (or the lock holder is unknown).
        case otherGateway(GatewayIdentity)
        /// Not a gateway; these Linux processes (not the lock holder) listen where the probe connects.
        case linuxProcess([PortOwner])
        /// Not a gateway, no Linux process but the lock holder listens there, and the connection goes through Windows
        /// here: a Windows program (named when `netstat.exe` answered; `nil`: not asked or not named).
        case windowsProgram([WindowsPortHolder]?)
        /// Not a gateway, and no Linux process but the lock holder listens there (loopback does not reach Windows,
        /// or that is unknown).
        case notALinuxProcess
        /// Not a gateway; the port owners were not read, so who answered is unknown.
        case unidentified
    }

    /// How an address stands against the lock holder, judged once for every consumer (the doctor's `gateway.probe`
    /// and `gateway.reach`, `gateway status`): the probe is one of its clients, so what it got is what clients of that
    /// address get, whatever the path (under WSL2 mirrored networking 127.0.0.1 goes through Windows and back).
    public enum HolderStanding: Sendable, Equatable {
        /// The lock holder answered here.
        case answers
        /// The lock holder binds this address and is ready, yet the probe got no answer in time (`noAnswer`) or was
        /// refused (`noListener`): clients of this address do not reach it.
        case unreached(ProbeCategory)
        /// The lock holder binds this address but is still starting (or stopping) and did not answer.
        case notReady
        /// The lock holder binds this address and something else answered (`holderShadowed`).
        case shadowed
        /// The lock holder does not bind this address.
        case notBound
    }

    public var result: ProbeResult
    public var category: ProbeCategory
    /// For a gateway answer: whether it is the lock holder; `nil` when not a gateway, or when no lock holder's
    /// instance id is known.
    public var isLockHolder: Bool?
    /// Whether the lock holder's bind addresses cover this address (`BindCoverage`): its listener should answer here.
    /// `nil`: no lock holder metadata.
    public var holderBinds: Bool?
    /// Whether a connection to this address may be answered by a Windows listener
    /// (`LoopbackCrossing.crossesToWindows(host:)`).
    public var reachesWindows: Bool?
    /// Whether the connection goes out through Windows and back, so a refusal or a hang proves nothing
    /// (`LoopbackCrossing.routedThroughWindows(host:)`).
    public var routedThroughWindows: Bool?
    public var answeredBy: Answerer
    /// How this address stands against the lock holder; `nil` when no lock holder's metadata is known.
    public var holderStanding: HolderStanding?

    public init(result: ProbeResult, category: ProbeCategory, isLockHolder: Bool?, holderBinds: Bool?,
                reachesWindows: Bool?, routedThroughWindows: Bool?, answeredBy: Answerer, holderStanding: HolderStanding? = nil) {
        self.result = result
        self.category = category
        self.isLockHolder = isLockHolder
        self.holderBinds = holderBinds
        self.reachesWindows = reachesWindows
        self.routedThroughWindows = routedThroughWindows
        self.answeredBy = answeredBy
        self.holderStanding = holderStanding
    }

    public var host: String { result.host }

    /// The lock holder binds this address but something else answers there: its clients reach that instead.
    public var holderShadowed: Bool {
        guard holderBinds == true else { return false }
        switch answeredBy {
        case .otherGateway, .linuxProcess, .windowsProgram, .notALinuxProcess, .unidentified: return true
        case .nobody, .noAnswer, .lockHolder: return false
        }
    }

    /// Who answered, in words, for every consumer (the doctor's `gateway.probe` and `gateway.bind`, `gateway
    /// status`): `a Windows program (node.exe (pid 4242))`, `a Linux process (pid 5: python3)`, `something that is
    /// not a Linux process here (under mirrored networking: a Windows program)`.
    public func answererPhrase(_ loopback: LoopbackCrossing) -> String {
        switch answeredBy {
        case .windowsProgram(let holders?):
            return "a Windows program (\(holders.map(\.label).joined(separator: ", ")))"
        case .windowsProgram(nil):
            return "something that is not a Linux process here (\(loopback.briefContext): a Windows program)"
        case .linuxProcess(let owners):
            return "a Linux process (" + owners.map { owner in
                owner.pid.map { "pid \($0): \(owner.comm ?? "?")" } ?? owner.uidText
            }.joined(separator: ", ") + ")"
        case .notALinuxProcess:
            return "something that is not a Linux process here"
        case .otherGateway(let identity):
            return "another gateway (instance \(identity.instanceId))"
        case .unidentified:
            return "something the port owners do not name"
        case .lockHolder:
            return "the gateway"
        case .nobody, .noAnswer:
            return "nothing"
        }
    }

    /// Judges one probe result. Pure.
    public static func judge(
        _ result: ProbeResult, holder: InstanceMetadata?, lockHeld: Bool?, owners: [PortOwner]?,
        loopback: LoopbackCrossing, windows: WindowsPortFinding?
    ) -> ProbeReading {
        let host = result.host
        let category = result.outcome.category
        let holderBinds = holder.map { BindCoverage.covers($0.bindAddresses, host) }
        let reachesWindows = loopback.crossesToWindows(host: host)
        var isLockHolder: Bool?
        let answeredBy: Answerer
        switch category {
        case .noListener:
            answeredBy = .nobody
        case .noAnswer:
            answeredBy = .noAnswer
        case .gateway:
            let identity = result.outcome.gatewayIdentity ?? GatewayIdentity(instanceId: "?")
            if let holder {
                isLockHolder = identity.instanceId == holder.instanceId
            } else if lockHeld == false {
                isLockHolder = false
            }
            answeredBy = isLockHolder == true ? .lockHolder : .otherGateway(identity)
        case .notAGateway:
            if let owners {
                let others = owners.filter { owner in
                    !owner.isSelf && BindCoverage.covers(owner.localAddress, host) && (holder == nil || owner.pid != holder?.pid)
                }
                if !others.isEmpty {
                    answeredBy = .linuxProcess(others)
                } else if reachesWindows == true {
                    answeredBy = .windowsProgram(windows?.holders.flatMap { $0.isEmpty ? nil : $0 })
                } else {
                    answeredBy = .notALinuxProcess
                }
            } else {
                answeredBy = reachesWindows == true && windows?.holders?.isEmpty == false
                    ? .windowsProgram(windows?.holders) : .unidentified
            }
        }
        var reading = ProbeReading(result: result, category: category, isLockHolder: isLockHolder, holderBinds: holderBinds,
                                   reachesWindows: reachesWindows, routedThroughWindows: loopback.routedThroughWindows(host: host),
                                   answeredBy: answeredBy)
        reading.holderStanding = holder.map { standing(reading, holderStatus: $0.status) }
        return reading
    }

    /// The one rule for `holderStanding`. Pure.
    static func standing(_ reading: ProbeReading, holderStatus: InstanceStatus) -> HolderStanding {
        if reading.answeredBy == .lockHolder { return .answers }
        guard reading.holderBinds == true else { return .notBound }
        if reading.holderShadowed { return .shadowed }
        switch reading.category {
        case .noAnswer, .noListener:
            return holderStatus == .ready ? .unreached(reading.category) : .notReady
        case .gateway, .notAGateway:
            return .shadowed
        }
    }

    /// The lock holder binds this address and is ready, but the probe got no answer or a refusal there.
    public var holderUnreached: Bool {
        if case .unreached? = holderStanding { return true }
        return false
    }
}
