import Gateway
import NetProbe

/// `gateway.probe`: the identity-verified loopback probes of 127.0.0.1 and ::1, and whether they agree with the lock.
///
/// Reads `view.probes` (`ProbeReading`: category, lock holder, the lock holder's bind coverage, who answered, whether
/// the connection goes through Windows), never the raw outcomes.
///
/// ok: no answers and no lock holder, or the lock holder answers with its own instance id wherever it binds;
/// ok too when the lock holder binds none of the probed addresses (`--bind custom --bind-host 127.0.0.2`), titled
/// "nothing to compare" (as `gateway status`'s `holder-not-probed`), never "agree";
/// info: a non-gateway listener answers, or a probe hangs, where no gateway is expected (or where 127.0.0.1 is
/// routed through Windows and the lock holder does not bind it), or the lock holder is still starting (`gateway status`'s `holder-starting`);
/// warn: a gateway answers that does not hold our lock, or the ready lock holder gets no answer or a refusal where it
/// binds (`ProbeReading.holderStanding` `.unreached`, whatever the path: the probe is one of that address's clients, and
/// `gateway.reach` and `gateway status` read the same reading), or something else answers where it binds;
/// fail: where loopback reaches Windows, a Windows program answers on an address the lock holder binds: clients of
/// that address (Windows clients among them) reach it instead of the gateway (upstream issue 53877's situation).
enum ProbeCheck {
    static let id = "gateway.probe"

    static let check = DoctorCheck(
        id: id, summary: "The identity-verified loopback probe of 127.0.0.1 and ::1, and whether it agrees with the lock",
        liveSources: [.probes, .portOwners, .lock]
    ) { inputs in
        guard inputs.live.probes.value != nil else {
            let why = inputs.live.probes.problem ?? "not gathered"
            return CheckResult(id: id, status: .fail, title: "the probe did not run: \(why)", data: ["error": .string(why)])
        }
        let view = inputs.view
        let held = view.holder
        let port = inputs.port
        var detail = view.probes.map { reading in
            let ms = reading.result.elapsedMicros / 1000
            // The lock holder answering is the gateway itself: never word it as "other".
            if reading.answeredBy == .lockHolder, let held {
                return "\(reading.host): gateway (the lock holder, instance \(held.instanceId)\(inputs.live.verifiedLockHolderPid.map { ", pid \($0)" } ?? ", pid unverified")) in \(ms) ms"
            }
            return "\(reading.host): \(reading.result.outcome.summary) in \(ms) ms"
        }
        var status: CheckStatus = .ok
        var fix: String?
        var failure: String?
        func rank(_ s: CheckStatus) -> Int { [CheckStatus.ok, .info, .warn, .fail].firstIndex(of: s) ?? 0 }
        func raise(_ to: CheckStatus) {
            if rank(to) > rank(status) { status = to }
        }
        for reading in view.probes {
            let host = reading.host
            let routed = reading.routedThroughWindows == true
            switch reading.category {
            case .gateway:
                if reading.answeredBy == .lockHolder { continue }
                guard case .otherGateway(let identity) = reading.answeredBy else { continue }
                raise(.warn)
                detail.append("\(host) answers as gateway instance \(identity.instanceId), which does not hold this lock "
                              + "(a gateway with another state directory, another user's, or one outside Linux)")
                fix = fix ?? "openclaw gateway status --state-dir DIR for each state directory in use; stop the one you do not want"
            case .notAGateway:
                switch reading.answeredBy {
                case .windowsProgram, .notALinuxProcess:
                    detail.append("\(host) is answered by \(answerer(reading, inputs.environment.loopback))")
                default:
                    break
                }
                if reading.holderShadowed, reading.reachesWindows == true, case .windowsProgram = reading.answeredBy, let held {
                    raise(.fail)
                    let endpoint = IPAddressText.hostPort(host, port)
                    failure = "\(endpoint) is answered by \(answerer(reading, inputs.environment.loopback)), not by the gateway that holds the lock (\(inputs.live.lockHolderWords(held)))"
                    detail.insert(contentsOf: [
                        "\(endpoint) answered \(reading.result.outcome.summary): \(inputs.environment.loopback.reason)",
                        "Windows clients of \(endpoint) (and Linux clients: the probe is one) reach that program instead of the gateway",
                    ], at: 0)
                    fix = windowsFix(reading, port: port, inputs: inputs)
                    continue
                }
                if reading.holderStanding == .shadowed {
                    raise(.warn)
                    detail.append("the lock holder (\(held.map(inputs.live.lockHolderWords) ?? "unknown")) binds \(host) but something else answers there")
                } else if routed && held != nil {
                    // Routed through Windows and the lock holder does not bind it: says nothing against the lock.
                    continue
                } else {
                    raise(.info)
                }
            case .noAnswer:
                detail.append("\(host) hangs: \(hangContext(reading, inputs.environment.loopback)); this is not \"free\"")
                if let held, reading.holderUnreached {
                    // The probe is a client of this address: what it got, clients of it get (the reach matrix's Linux
                    // cell reads the same reading).
                    raise(.warn)
                    detail.append(unreachedSentence(reading, holder: inputs.live.lockHolderWords(held), port: port, readings: view.probes,
                                                    loopback: inputs.environment.loopback))
                    fix = fix ?? "openclaw-doctor --only gateway.reach (who reaches the gateway, and by which path)"
                } else if reading.holderStanding == .notReady, let held {
                    raise(.info)
                    detail.append("the lock holder is \(held.status.rawValue); \(host) does not answer yet")
                } else if !(routed && held != nil) {
                    raise(.info)
                }
            case .noListener:
                guard let held else { continue }
                if reading.holderUnreached {
                    raise(.warn)
                    detail.append(unreachedSentence(reading, holder: inputs.live.lockHolderWords(held), port: port, readings: view.probes,
                                                    loopback: inputs.environment.loopback))
                    fix = fix ?? "openclaw gateway status"
                } else if reading.holderStanding == .notReady {
                    raise(.info)
                    detail.append("the lock holder is \(held.status.rawValue); \(host) does not answer yet")
                }
            }
        }
        let title: String
        if let failure {
            title = failure
        } else if let held, status == .ok, !view.probes.isEmpty, view.probes.allSatisfy({ $0.holderStanding == .notBound }) {
            // The lock holder binds none of the probed addresses: nothing is wrong, but nothing here to compare with
            // the lock either (`gateway status` says the same: `holder-not-probed`), which is not agreement.
            title = "the lock holder (gateway \(inputs.live.lockHolderWords(held))) listens on "
                + held.bindAddresses.joined(separator: ", ") + " only, which the loopback probe does not reach: nothing to compare"
            detail.append("gateway.reach probes the addresses it binds")
        } else if let held, case let unreached = view.probes.filter(\.holderUnreached), !unreached.isEmpty {
            title = "the lock holder (gateway \(inputs.live.lockHolderWords(held))) is not reached on "
                + unreached.map { IPAddressText.hostPort($0.host, port) }.joined(separator: " and ") + ", which it binds"
        } else if let held, status == .info, view.probes.contains(where: { $0.holderStanding == .notReady }),
                  view.probes.allSatisfy({ $0.holderStanding == .notReady || $0.holderStanding == .notBound }) {
            // Still starting (or stopping) where it binds: nothing to compare yet (`gateway status`'s `holder-starting`).
            title = "the lock holder (gateway \(inputs.live.lockHolderWords(held))) is \(held.status.rawValue) and does not answer yet: nothing to compare"
        } else if let held {
            title = status == .ok ? "probes agree with the lock (gateway \(inputs.live.lockHolderWords(held)))"
                : "probes do not simply confirm the lock holder (gateway \(inputs.live.lockHolderWords(held)))"
        } else {
            title = view.probes.map { "\($0.host) \($0.result.outcome.name)" }.joined(separator: ", ")
        }
        return CheckResult(id: id, status: status, title: title, detail: detail,
                           fix: status == .warn || status == .fail ? fix : nil,
                           data: JSONValue(encoding: view.probes.map(\.result)))
    }

    /// The lock holder binds `reading`'s address and is ready, yet it got no answer or a refusal there (`ProbeReading
    /// .holderUnreached`), in words: what clients of that address get, whether the gateway answers elsewhere (so it is
    /// not hung), and the path when the connection goes through Windows.
    /// `holder`: the lock holder in words (`LiveObservations.lockHolderWords`: its pid only when verified).
    static func unreachedSentence(_ reading: ProbeReading, holder: String, port: UInt16, readings: [ProbeReading],
                                  loopback: LoopbackCrossing) -> String {
        let endpoint = IPAddressText.hostPort(reading.host, port)
        let got = reading.category == .noAnswer ? "gave no answer in time" : "refused the connection"
        var sentence = "the lock holder (\(holder)) binds \(reading.host) but \(endpoint) \(got): clients of \(endpoint) do not reach it"
        let elsewhere = readings.filter { $0.answeredBy == .lockHolder }.map { IPAddressText.hostPort($0.host, port) }
        if !elsewhere.isEmpty { sentence += "; it answers on \(elsewhere.joined(separator: " and ")), so it is not a hung gateway" }
        if reading.routedThroughWindows == true {
            sentence += "; \(loopback.context) 127.0.0.1 goes through Windows, which did not hand the connection back to Linux (WSL issues 10855, 12245; gateway.reach shows the path)"
        }
        return sentence
    }

    /// Why a hang proves nothing, by the crossing's path: routed through Windows (the mode named), maybe (the mode is
    /// unknown), or not at all (a hang inside Linux is a firewall dropping, or a listener that does not accept).
    static func hangContext(_ reading: ProbeReading, _ loopback: LoopbackCrossing) -> String {
        switch reading.routedThroughWindows {
        case true?: return "a closed port can hang \(loopback.context) (the connection goes through Windows)"
        case nil: return "a closed port can hang under WSL2 mirrored or virtioproxy networking, and the mode is unknown here"
        case false?: return "no answer in time although the connection stays in Linux (a firewall rule dropping it, or a listener that does not accept)"
        }
    }

    /// Who answered a non-gateway probe, in words (`ProbeReading.answererPhrase`).
    static func answerer(_ reading: ProbeReading, _ loopback: LoopbackCrossing) -> String {
        reading.answererPhrase(loopback)
    }

    /// What to do about a Windows program answering where the gateway binds.
    private static func windowsFix(_ reading: ProbeReading, port: UInt16, inputs: DoctorInputs) -> String {
        var fix: String
        if case .windowsProgram(let holders?) = reading.answeredBy {
            fix = "stop it on Windows (`taskkill /PID \(holders.map { String($0.pid) }.joined(separator: " "))`)"
        } else {
            fix = "find it on Windows (`netstat -ano | findstr :\(port)`, then `tasklist /fi \"pid eq PID\"`) and stop it"
        }
        fix += ", or move the gateway to another port (`openclaw gateway stop`, then `openclaw gateway run --port N`)"
        if inputs.environment.loopback.ignoredPortsApplies {
            fix += "; both can listen only when the Linux bind skipped Windows' port reservation (`ignoredPorts=\(port)` in .wslconfig, another network namespace): remove that too"
        }
        return fix
    }
}
