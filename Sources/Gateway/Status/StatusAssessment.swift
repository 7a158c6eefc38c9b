import NetProbe

/// What `gateway status` concludes from the lock and the loopback probe.
public struct StatusAssessment: Sendable, Equatable {
    /// From the lock alone: a live process holds it. Decides the exit code (0 running, 3 not running).
    public var running: Bool
    /// Per address, in probe order; empty when not probed.
    public var probes: [StatusProbe]
    public var agreement: ProbeAgreement
    /// One sentence for humans on the agreement.
    public var explanation: String

    public init(running: Bool, probes: [StatusProbe], agreement: ProbeAgreement, explanation: String) {
        self.running = running
        self.probes = probes
        self.agreement = agreement
        self.explanation = explanation
    }
}

/// Compares the lock with the loopback probe. Pure.
public enum StatusAssessor {
    /// - Parameters:
    ///   - lock: the lock as `LockInspector` read it;
    ///   - probes: NetProbe's results for 127.0.0.1 and ::1 (nil with `--no-probe`);
    ///   - port: for the wording;
    ///   - lockHolder: the lock holder as `gateway stop` judges it (`GatewayStopper.verifyHolder`: the kernel's lock
    ///     holder, a gateway executable, start time and boot id as in the metadata); its pid is named only when
    ///     `.verified` (the metadata's pid is a claim); nil: not checked;
    ///   - listeners: the port's LISTEN rows with their visible owners (`PortOwners.listeners`), read whenever a
    ///     gateway answered: a pid an answer claims is named only when `ListenerConfirmation` confirms it against
    ///     them (otherwise "holder unverified" and what they show); nil: not read (then no claimed pid is named);
    ///   - readings: the derived view's judgement of the same probes (`ProbeReading.judge`, with the lock, the port
    ///     owners and `LoopbackCrossing`), in the same order; a reading whose `holderShadowed` is true makes the
    ///     agreement `foreignAnswer`, one whose `holderUnreached` is true (while the holder answers elsewhere)
    ///     `holderUnreached`. Empty: not judged (then only gateway answers are compared with the lock);
    ///   - loopback: the crossing the readings were judged with, for the wording.
    public static func assess(
        lock: LockState, probes results: [ProbeResult]?, port: UInt16, lockHolder: GatewayStopper.HolderVerification?,
        listeners: [PortOwner]?, readings: [ProbeReading] = [],
        loopback: LoopbackCrossing? = nil
    ) -> StatusAssessment {
        let holder: InstanceMetadata?
        let running: Bool
        switch lock {
        case .held(let metadata): holder = metadata; running = true
        case .free, .absent: holder = nil; running = false
        }
        guard let results else {
            return StatusAssessment(running: running, probes: [], agreement: .notProbed, explanation: "not probed (--no-probe)")
        }
        let holderKnown = running ? holder != nil : true
        let probes = results.map { probe($0, holderInstanceId: holder?.instanceId, holderKnown: holderKnown, port: port, listeners: listeners) }
        let gateways = probes.filter { $0.category == .gateway }
        let holderAnswers = gateways.filter { $0.isLockHolder == true }
        let others = gateways.filter { $0.isLockHolder == false }

        func addresses(_ list: [StatusProbe]) -> String {
            list.map { IPAddressText.hostPort($0.host, port) }.joined(separator: " and ")
        }
        // The lock holder in words: its pid only once `gateway stop`'s verification confirms it.
        func held(_ m: InstanceMetadata) -> String {
            if case .verified(let pid, _)? = lockHolder { return "pid \(pid), instance \(m.instanceId)" }
            return "instance \(m.instanceId), pid unverified"
        }
        func who(_ p: StatusProbe) -> String {
            "instance \(p.instanceId ?? "?")\(p.holder.map { (p.pid == nil ? "; " : ", ") + $0 } ?? "")"
        }

        if running && holder == nil {
            return StatusAssessment(running: true, probes: probes, agreement: .unverifiable, explanation:
                "the lock is held but its metadata is not written yet, so the answers cannot be compared with the holder")
        }
        if let other = others.first {
            let tail = running
                ? "it is not the lock holder (\(holder.map(held) ?? "instance ?"))"
                : "no process holds this port's lock"
            return StatusAssessment(running: running, probes: probes, agreement: .otherGatewayAnswers, explanation:
                "\(addresses(others)) answered as OpenClaw gateway (\(who(other))) but \(tail): it uses another state or "
                + "runtime directory, or runs outside this Linux (under WSL2 mirrored networking: on Windows)")
        }
        guard running, let holder else {
            // No gateway, as the lock says; but the port may still be taken by something that is not a gateway (what
            // answered, and the socket tables' LISTEN rows): named, never "free" (`gateway run` would meet it).
            let strangers = probes.filter { $0.category == .notAGateway }.map { "\(IPAddressText.hostPort($0.host, port)) answered \($0.verdict)" }
            let rows = (listeners ?? []).map { "listening: \($0.pid.map { "pid \($0) " } ?? "")\(TerminalText.oneLine($0.comm ?? "?")) on \($0.localAddress)" }
            let taken = strangers + rows
            return StatusAssessment(running: false, probes: probes, agreement: .agrees, explanation:
                "no process holds the lock and no gateway answers on loopback"
                + (taken.isEmpty ? "" : "; but the port is in use by something that is not a gateway (\(taken.joined(separator: "; "))): "
                   + "`openclaw gateway run` on this port would meet it; `openclaw-doctor --only gateway.port` names the holder"))
        }
        if let shadowed = readings.first(where: { $0.holderShadowed && $0.category == .notAGateway }) {
            let endpoint = IPAddressText.hostPort(shadowed.host, port)
            let phrase = loopback.map { shadowed.answererPhrase($0) } ?? "something that is not the gateway"
            let clients = shadowed.reachesWindows == true ? "Windows clients of \(endpoint) (and Linux ones)" : "clients of \(endpoint)"
            let elsewhere = holderAnswers.isEmpty ? "" : "; the lock holder answers on \(addresses(holderAnswers))"
            return StatusAssessment(running: true, probes: probes, agreement: .foreignAnswer, explanation:
                "\(endpoint) is answered by \(phrase) (\(shadowed.result.outcome.summary)), not by the lock holder "
                + "(\(held(holder))), which binds it: \(clients) reach that instead of the "
                + "gateway\(elsewhere); `openclaw-doctor --only gateway.probe` says what to do")
        }
        let unreached = readings.filter(\.holderUnreached)
        if !unreached.isEmpty && !holderAnswers.isEmpty {
            // Answering on one address does not hide an address it binds where clients get nothing.
            let words = unreached.map { reading in
                "\(IPAddressText.hostPort(reading.host, port)) " + (reading.category == .noAnswer ? "gave no answer in time" : "refused the connection")
            }.joined(separator: ", ")
            let path = unreached.contains { $0.routedThroughWindows == true }
                ? "; \(loopback?.context ?? "under WSL2 mirrored networking") 127.0.0.1 goes through Windows, which did not hand the connection back (WSL issues 10855, 12245)" : ""
            return StatusAssessment(running: true, probes: probes, agreement: .holderUnreached, explanation:
                "the lock holder (\(held(holder))) answers on \(addresses(holderAnswers)), but \(words) "
                + "although it binds \(unreached.count == 1 ? "that address" : "those addresses"): its clients there do not reach it\(path); "
                + "`openclaw gateway status --reach` shows who reaches it from where")
        }
        if !holderAnswers.isEmpty {
            return StatusAssessment(running: true, probes: probes, agreement: .agrees, explanation:
                "the lock holder (\(held(holder))) answers on \(addresses(holderAnswers))")
        }
        // The lock holder binds none of the probed addresses: nothing to compare (the readings' `.notBound`, the
        // rule the doctor's `gateway.probe` reads; `BindCoverage` when not judged).
        let bindsNone = readings.count == results.count && !readings.isEmpty
            ? readings.allSatisfy { $0.holderStanding == .notBound }
            : !results.contains(where: { BindCoverage.covers(holder.bindAddresses, $0.host) })
        if bindsNone && !results.isEmpty {
            return StatusAssessment(running: true, probes: probes, agreement: .holderNotProbed, explanation:
                "the lock holder (\(held(holder))) listens on \(holder.bindAddresses.joined(separator: ", ")) "
                + "only, which the loopback probe does not reach: nothing to compare; `openclaw gateway status --reach` probes where it listens")
        }
        if holder.status == .starting {
            return StatusAssessment(running: true, probes: probes, agreement: .holderStarting, explanation:
                "the lock holder (\(held(holder))) does not answer on loopback yet: it is still starting (it answers once it listens); nothing to compare")
        }
        return StatusAssessment(running: true, probes: probes, agreement: .holderNotAnswering, explanation:
            "the lock holder (\(held(holder))) does not answer on loopback: it may be hung, or stopping")
    }

    /// One probe result in `status` terms (`isSelf` read as "is the lock holder"); a gateway's claimed pid judged by
    /// `ListenerConfirmation` against `listeners`.
    static func probe(_ result: ProbeResult, holderInstanceId: String?, holderKnown: Bool, port: UInt16, listeners: [PortOwner]?) -> StatusProbe {
        let elapsed = result.elapsedMicros / 1000
        guard case .gateway(let identity, _) = result.outcome else {
            return StatusProbe(host: result.host, verdict: result.outcome.name, category: result.outcome.category,
                               summary: result.outcome.summary, elapsedMs: elapsed)
        }
        let isHolder: Bool? = holderKnown ? (holderInstanceId == identity.instanceId) : nil
        let role: String
        switch isHolder {
        case true?: role = "the lock holder"
        case false?: role = "not the lock holder"
        case nil: role = "lock holder unknown"
        }
        let confirmation = ListenerConfirmation.judge(claimedPid: identity.pid, answeredOn: result.host, port: port, listeners: listeners)
        let separator = confirmation.pid == nil ? "; " : ", "
        return StatusProbe(
            host: result.host, verdict: result.outcome.name, category: .gateway,
            summary: "gateway, \(role) (instance \(identity.instanceId)\(separator)\(confirmation.words))",
            instanceId: identity.instanceId, pid: confirmation.pid, holder: confirmation.words, isLockHolder: isHolder, elapsedMs: elapsed)
    }
}
