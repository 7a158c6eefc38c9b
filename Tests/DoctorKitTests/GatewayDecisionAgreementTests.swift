@testable import DoctorKit
@testable import Gateway
import NetProbe
import Testing
import TestSupport

/// For every capture fixture and a set of machine states, the doctor's `gateway.plan`, `gateway.port`,
/// `gateway.lock` and `gateway.probe` say what `gateway run` (its start path: `GatewayStartRules.plan`, then
/// `ClashDecider` over the inputs the start would see) and `gateway status` (`StatusAssessor` over the same probes)
/// decide; and no check contradicts the verdict (issue 18 items 5, 6 and 9).
@Suite("Gateway decisions: the doctor agrees with gateway run and gateway status on every fixture")
struct GatewayDecisionAgreementTests {
    typealias T = DoctorTestInputs
    static let port: UInt16 = 18789

    /// A machine state, as `gateway run` would meet it: what answers, who listens, and what its own bind would get.
    enum Scene: CaseIterable {
        /// Nothing anywhere.
        case quiet
        /// A Linux HTTP server on 127.0.0.1.
        case linuxStranger
        /// Our gateway runs (holds the lock, listens on the planned addresses, answers both probes).
        case ourGateway
        /// EADDRINUSE with no Linux listener (a Windows program or reservation where loopback reaches Windows).
        case heldOutsideLinux
        /// Our gateway holds the lock and answers on ::1, while something that is not a Linux process answers 127.0.0.1.
        case foreignAnswer
        /// Our gateway holds the lock but binds 127.0.0.2 only (`--bind custom --bind-host 127.0.0.2`): both loopback
        /// probes are refused, where it does not listen (issue 18 item 4: status said "may be hung", the doctor "not
        /// expected there").
        case holderElsewhere
        /// Our gateway holds the lock, its metadata says `starting`, and it does not listen yet: both probes refused
        /// (status said "disagrees" where the doctor said info).
        case holderStarting

        /// Scenes in which our gateway holds the lock.
        var holdsLock: Bool { [.ourGateway, .foreignAnswer, .holderElsewhere, .holderStarting].contains(self) }
    }

    struct Truth {
        var plan: Result<StartPlan, PlanRefusal>
        /// `gateway run`'s exit, or nil when it would start.
        var runExit: Int32?
        var status: StatusAssessment
        var lock: LockState
    }

    static let lockPath = T.paths.lockFile(port: port)

    static func holder(_ binds: [String]) -> InstanceMetadata { T.metadata(pid: 4242, instance: "inst-ours", binds: binds) }

    static let http404 = ProbeOutcome.httpNotWebSocket(status: 404, server: "WindowsDevServer/1.0")
    static let ours = ProbeOutcome.gateway(identity: GatewayIdentity(instanceId: "inst-ours", pid: 4242), isSelf: false)

    /// The observations of a scene, for a plan's addresses.
    static func scene(_ scene: Scene, binds: [String]) -> (live: LiveObservations, lock: LockState, probes: [ProbeResult], owners: [PortOwner]) {
        func probes(_ v4: ProbeOutcome, _ v6: ProbeOutcome) -> [ProbeResult] {
            [ProbeResult(host: "127.0.0.1", port: port, outcome: v4, elapsedMicros: 1000),
             ProbeResult(host: "::1", port: port, outcome: v6, elapsedMicros: 1000)]
        }
        var live = T.quietLive(port: port)
        let lock: LockState
        let results: [ProbeResult]
        var owners: [PortOwner] = []
        switch scene {
        case .quiet:
            lock = .absent
            results = probes(.refused, .refused)
        case .linuxStranger:
            lock = .absent
            results = probes(.httpNotWebSocket(status: 404, server: "SimpleHTTP/0.6"), .refused)
            owners = [T.owner(pid: 5150, address: "127.0.0.1")]
            live.bindAttempt = .notGathered("Linux listeners found; no trial bind")
        case .ourGateway:
            lock = .held(metadata: holder(binds))
            results = probes(binds.contains("127.0.0.1") ? ours : .refused, binds.contains("::1") ? ours : .unreachable(error: "EADDRNOTAVAIL"))
            owners = binds.map { T.owner(pid: 4242, address: $0, comm: "openclaw") }
            live.bindAttempt = .notGathered("Linux listeners found; no trial bind")
        case .heldOutsideLinux:
            lock = .absent
            results = probes(.timeout, .refused)
            live.bindAttempt = .value(.addressInUse)
        case .foreignAnswer:
            lock = .held(metadata: holder(binds))
            results = probes(http404, binds.contains("::1") ? ours : .unreachable(error: "EADDRNOTAVAIL"))
            owners = binds.map { T.owner(pid: 4242, address: $0, comm: "openclaw") }
            live.bindAttempt = .notGathered("Linux listeners found; no trial bind")
        case .holderElsewhere:
            lock = .held(metadata: holder(["127.0.0.2"]))
            results = probes(.refused, .refused)
            owners = [T.owner(pid: 4242, address: "127.0.0.2", comm: "openclaw")]
            live.bindAttempt = .notGathered("Linux listeners found; no trial bind")
        case .holderStarting:
            lock = .held(metadata: T.metadata(pid: 4242, instance: "inst-ours", binds: binds, status: .starting))
            results = probes(.refused, .refused)
        }
        live.lock = .value(lock)
        // A held lock here is our gateway's, as gateway stop verifies it (the kernel's holder, pid 4242).
        if case .held = lock { live.lockHolder = .value(.verified(pid: 4242, startTime: 1)) }
        live.probes = .value(results)
        live.portOwners = .value(owners)
        return (live, lock, results, owners)
    }

    /// What `gateway run` and `gateway status` decide in a scene, computed the way they compute it, not through
    /// the doctor's view: the start's plan, then `ClashDecider` over the lock, the probes (a new instance: none is
    /// its own), the bind its listeners would get and who holds the port; status over the lock and the probes.
    static func truth(_ facts: MachineFacts, _ scene: Scene) -> (Truth, LiveObservations) {
        let verdict = Classifier.classify(facts)
        let options = GatewayStartOptions(configuration: T.configuration().start, token: nil, paths: T.paths)
        let rule = IPv6LoopbackAvailability.judge(facts)
        let plan = GatewayStartRules.plan(facts: facts, verdict: verdict, options: options, ipv6BindSucceeded: rule.available).plan
        let binds = (try? plan.get())?.bindAddresses ?? ["127.0.0.1"]
        let (live, lock, probes, owners) = Self.scene(scene, binds: binds)
        var runExit: Int32?
        if case .success(let p) = plan {
            var inputs = ClashInputs(port: port, verdict: verdict, strategy: p.strategy, lock: .acquired)
            if case .held(let metadata) = lock {
                inputs.lock = .held(path: lockPath, metadata: metadata)
            } else {
                inputs.probes = probes
            }
            var decision = ClashDecider.decide(inputs)
            if case .proceed = decision, case .acquired = inputs.lock {
                // The listeners bind: EADDRINUSE where a Linux socket collides, or (heldOutsideLinux) everywhere.
                if let address = p.bindAddresses.first(where: { a in owners.contains { BindCoverage.collide($0.localAddress, a) } }) {
                    inputs.bind = .addressInUse(address: address)
                    inputs.holder = PortHolder.afterAddressInUse(owners: owners)
                } else if scene == .heldOutsideLinux {
                    inputs.bind = .addressInUse(address: p.bindAddresses[0])
                    inputs.holder = .outsideLinux
                    if GatewayStartRules.consultsWindows(inputs) {
                        inputs.windows = facts.windows.map { WindowsConsult.from($0, port: port) } ?? .unavailable("not in the capture")
                    }
                } else {
                    inputs.bind = .succeeded
                }
                decision = inputs.bind == .succeeded ? decision : ClashDecider.decide(inputs)
            }
            if case .stop(let code, _) = decision { runExit = code }
        } else {
            runExit = GatewayExit.config
        }
        let loopback = LoopbackCrossing.judge(verdict)
        let holderMetadata: InstanceMetadata? = { if case .held(let m) = lock { return m } else { return nil } }()
        let readings = probes.map {
            ProbeReading.judge($0, holder: holderMetadata, lockHeld: holderMetadata != nil, owners: owners, loopback: loopback, windows: nil)
        }
        let status = StatusAssessor.assess(lock: lock, probes: probes, port: port, lockHolder: nil, listeners: owners, readings: readings, loopback: loopback)
        return (Truth(plan: plan, runExit: runExit, status: status, lock: lock), live)
    }

    @Test("every fixture and scene: gateway.plan, gateway.port, gateway.lock and gateway.probe say what run and status decide")
    func everyFixtureAgrees() throws {
        #expect(T.allFixtureNames.count >= 40, "\(T.allFixtureNames.count) fixtures")
        var runExits = Set<Int32?>()
        for name in T.allFixtureNames {
            let facts = try T.live(name)
            for scene in Scene.allCases {
                let label = "\(name) \(scene)"
                let (truth, live) = Self.truth(facts, scene)
                runExits.insert(truth.runExit)
                let inputs = T.inputs(facts, live: live)
                let results = CheckRunner.run(DoctorChecks.all, inputs: inputs,
                                              selection: CheckSelection(only: ["gateway.plan", "gateway.port", "gateway.lock", "gateway.probe"]))
                func result(_ id: String) -> CheckResult { results.first { $0.id == id } ?? CheckResult(id: id, status: .fail, title: "missing") }
                let plan = result("gateway.plan"), portCheck = result("gateway.port")
                let lock = result("gateway.lock"), probe = result("gateway.probe")

                // The plan: the same addresses and strategy as the start's, or the same refusal.
                switch truth.plan {
                case .success(let p):
                    let endpoints = p.bindAddresses.map { IPAddressText.hostPort($0, Self.port) }.joined(separator: ", ")
                    #expect(plan.status == .ok && plan.title == "\(p.strategy.rawValue) on \(endpoints)", "\(label): \(plan.title)")
                case .failure(let refusal):
                    #expect(plan.status == .fail && plan.title == refusal.message, "\(label): \(plan.title)")
                }

                // The port: never "free" where run stops on it; "held by our gateway" where run stops on our lock.
                switch scene {
                case .ourGateway, .foreignAnswer, .holderElsewhere, .holderStarting:
                    #expect(truth.runExit == GatewayExit.config, "\(label)")
                    if scene != .holderStarting {
                        #expect(portCheck.status == .ok && portCheck.title.hasPrefix("held by our gateway (pid 4242"), "\(label): \(portCheck.title)")
                    }
                    #expect(lock.title.hasPrefix("held by gateway pid 4242"), "\(label): \(lock.title)")
                case .quiet:
                    #expect(truth.runExit == nil, "\(label)")
                    #expect(portCheck.status == .ok && portCheck.title == "port \(Self.port) is free", "\(label): \(portCheck.title)")
                case .linuxStranger, .heldOutsideLinux:
                    #expect(truth.runExit == GatewayExit.portHeld, "\(label): \(String(describing: truth.runExit))")
                    #expect(portCheck.status == .fail, "\(label): \(portCheck.status) \(portCheck.title)")
                    #expect(portCheck.detail.contains("`openclaw gateway run` would exit \(GatewayExit.portHeld):"), "\(label): \(portCheck.detail)")
                }
                if truth.runExit == nil {
                    #expect(portCheck.status != .fail && !lock.title.hasPrefix("held"), "\(label)")
                }

                // The probe against status's assessment: a disagreement with the lock is a warning or a failure in
                // the doctor, an agreement never is.
                switch truth.status.agreement.agreesWithLock {
                case false?:
                    #expect(probe.status == .warn || probe.status == .fail, "\(label): status \(truth.status.agreement), probe \(probe.status) \(probe.title)")
                case true?:
                    #expect(probe.status == .ok || probe.status == .info, "\(label): status \(truth.status.agreement), probe \(probe.status) \(probe.title)")
                case nil:
                    break
                }
                #expect(truth.status.running == scene.holdsLock, "\(label)")
                if scene == .holderElsewhere {
                    // Nothing to compare where the holder does not listen: neither says "agrees", nor "hung".
                    #expect(truth.status.agreement == .holderNotProbed && truth.status.agreement.agreesWithLock == nil,
                            "\(label): \(truth.status.agreement) \(truth.status.explanation)")
                    #expect(!truth.status.explanation.contains("hung"), "\(label): \(truth.status.explanation)")
                    #expect(probe.status == .ok && !probe.title.contains("agree"), "\(label): \(probe.status) \(probe.title)")
                    #expect(probe.title.contains("127.0.0.2 only, which the loopback probe does not reach")
                                && truth.status.explanation.contains("127.0.0.2 only, which the loopback probe does not reach"),
                            "\(label): \(probe.title) | \(truth.status.explanation)")
                }
                if scene == .holderStarting {
                    // Still starting is not a disagreement in either: status compares nothing yet, the doctor says info.
                    #expect(truth.status.agreement == .holderStarting && truth.status.agreement.agreesWithLock == nil,
                            "\(label): \(truth.status.agreement) \(truth.status.explanation)")
                    #expect(probe.status == .info && probe.title.contains("starting"), "\(label): \(probe.status) \(probe.title)")
                }
                if scene == .foreignAnswer {
                    #expect(truth.status.agreement == .foreignAnswer, "\(label): \(truth.status.agreement)")
                    // Where 127.0.0.1 reaches Windows it is item 7's failure; elsewhere a warning.
                    let crossing = inputs.environment.loopback.crossesToWindows(host: "127.0.0.1")
                    #expect(probe.status == (crossing == true ? .fail : .warn), "\(label): \(probe.status) \(probe.title)")
                }
            }
        }
        #expect(runExits == [nil, GatewayExit.config, GatewayExit.portHeld], "\(runExits)")
    }

    /// `/proc/net/tcp` as the kernel prints it (`tcp4_seq_show`): the header, then one LISTEN row (`st` 0A) per local
    /// address (hex, host byte order) on `port`, uid 1000.
    static func procNetTCP(_ addresses: [String], port: UInt16) -> String {
        let hexPort = String(port, radix: 16, uppercase: true)
        return (["  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode"]
            + addresses.enumerated().map { index, address in
                "   \(index): \(address):\(hexPort) 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 \(31337 + index) 1 0000000000000000 100 0 0 10 0"
            }).joined(separator: "\n") + "\n"
    }

    @Test("every fixture replayed with captured /proc/net/tcp LISTEN rows: gateway.port reads them (never skipped) and says what gateway run decides over the same rows (item 8)")
    func replayedSocketTables() throws {
        let port = Self.port
        var decided = Set<Int32?>()
        for name in T.allFixtureNames {
            let base = try T.facts(name)
            #expect(!base.origin.isLive, "\(name)")
            if base.procNetTCP == nil && base.procNetTCP6 == nil && base.listeners == nil {
                // No socket table in the capture: unknown, never "free".
                let none = T.run("gateway.port", T.inputs(base))
                #expect(none.status == .skip && !none.title.contains("free"), "\(name): \(none.title)")
            }
            // 127.0.0.1 and 0.0.0.0 collide with the planned 127.0.0.1; 127.0.0.2 collides with nothing planned.
            for (row, address) in [("0100007F", "127.0.0.1"), ("00000000", "0.0.0.0"), ("0200007F", "127.0.0.2")] {
                var facts = base
                facts.procNetTCP = Self.procNetTCP([row], port: port)
                facts.procNetTCP6 = Self.procNetTCP([], port: port)
                let inputs = T.inputs(facts)
                let label = "\(name) LISTEN \(address)"
                let result = T.run("gateway.port", inputs)
                #expect(result.data["listening"] == .array([.string(IPAddressText.hostPort(address, port))]), "\(label): \(result.data)")
                // `gateway run` over the same rows, as the start builds its inputs: its plan, then the bind its
                // listeners would get against those rows and who holds the port.
                let options = GatewayStartOptions(configuration: T.configuration().start, token: nil, paths: T.paths)
                let plan = try GatewayStartRules.plan(facts: facts, verdict: inputs.verdict, options: options,
                                                      ipv6BindSucceeded: IPv6LoopbackAvailability.judge(facts).available).plan.get()
                let owners = CapturedPortOwners.owners(facts, port: port) ?? []
                #expect(owners.map(\.localAddress) == [address], "\(label): \(owners)")
                var clash = ClashInputs(port: port, verdict: inputs.verdict, strategy: plan.strategy, lock: .acquired)
                clash.listeners = owners
                if let bound = plan.bindAddresses.first(where: { a in owners.contains { BindCoverage.collide($0.localAddress, a) } }) {
                    clash.bind = .addressInUse(address: bound)
                    clash.holder = PortHolder.afterAddressInUse(owners: owners)
                } else {
                    clash.bind = .succeeded
                }
                switch ClashDecider.decide(clash) {
                case .stop(let code, let message):
                    decided.insert(code)
                    #expect(address != "127.0.0.2" && code == GatewayExit.portHeld, "\(label): \(code) \(message)")
                    #expect(result.status == .fail && result.title == "port \(port) was in use when the capture was taken", "\(label): \(result.title)")
                    #expect(result.detail.contains("`openclaw gateway run` would exit \(code) there:"), "\(label): \(result.detail)")
                    for line in message.split(separator: "\n") {
                        #expect(result.detail.contains(String(line)), "\(label): run says \(line); the check says \(result.detail)")
                    }
                case .proceed:
                    decided.insert(nil)
                    #expect(address == "127.0.0.2", "\(label)")
                    #expect(result.status == .info && result.title == "port \(port) was free for the gateway's addresses when the capture was taken",
                            "\(label): \(result.title)")
                }
            }
        }
        #expect(decided == [nil, GatewayExit.portHeld], "\(decided)")
    }

    @Test("every fixture: no check contradicts the verdict (no 'not WSL' under WSL or unknown, no 'not WSL2' under WSL2)")
    func noContradiction() throws {
        func words(_ r: CheckResult) -> [String] { [r.title] + r.detail + [r.fix ?? ""] }
        func says(_ text: String, _ claim: String) -> Bool {
            // "not WSL" as a claim, not the start of "not WSL2"; "not WSL2" not as the start of the mirrored claim.
            let longer = claim + " mirrored networking"
            var rest = claim == "not WSL2" ? Substring(text.replacingOccurrences(of: longer, with: "")) : Substring(text)
            while let range = rest.range(of: claim) {
                let next = rest[range.upperBound...].first
                if next == nil || !(next!.isLetter || next!.isNumber) { return true }
                rest = rest[range.upperBound...]
            }
            return false
        }
        for name in T.allFixtureNames {
            for facts in [try T.facts(name), try T.live(name)] {
                let inputs = T.inputs(facts, live: T.quietLive())
                let verdict = inputs.verdict
                let results = CheckRunner.run(DoctorChecks.all, inputs: inputs, selection: CheckSelection())
                let label = "\(name) (\(facts.origin.isLive ? "live" : "replay")): \(verdict.summary)"
                for result in results {
                    for text in words(result) {
                        switch verdict.kind {
                        case .wsl1, .wsl2, .unknown:
                            #expect(!says(text, "not WSL"), "\(label): \(result.id): \(text)")
                        default:
                            break
                        }
                        if verdict.kind == .wsl2 || verdict.kind == .unknown {
                            #expect(!says(text, "not WSL2"), "\(label): \(result.id): \(text)")
                        }
                        if verdict.kind == .unknown || verdict.wslNetworkingMode == .mirrored {
                            #expect(!says(text, "not WSL2 mirrored networking"), "\(label): \(result.id): \(text)")
                        }
                        if verdict.kind == .native || verdict.kind == .container {
                            #expect(!says(text, "unknown whether this is WSL"), "\(label): \(result.id): \(text)")
                        }
                    }
                }
            }
        }
    }
}
