import NetProbe
import Testing
@testable import Gateway

/// The derived view's pure parts: `ProbeReading.judge` (every probe outcome's category, who answered, the lock
/// holder's coverage, the Windows crossing) and `SituationView.derive` (per environment and mode: the one crossing,
/// the `::1` rule, the plan and its refusal, what `gateway run` would decide).
@Suite("Derived view: ProbeReading and SituationView.derive")
struct SituationViewTests {
    static let port: UInt16 = 18789

    static func verdict(_ kind: EnvironmentKind, _ mode: WSLNetworkingMode? = nil) -> EnvironmentVerdict {
        EnvironmentVerdict(kind: kind, wslNetworkingMode: mode, confidence: .high, evidence: [])
    }

    static func holder(_ binds: [String] = ["127.0.0.1", "::1"], pid: Int32 = 4242, id: String = "ours") -> InstanceMetadata {
        InstanceMetadata(pid: pid, processStartTime: 1, bootId: "b", instanceId: id, port: port, bindAddresses: binds,
                         strategy: "pidfile", version: "1", startedAt: "t", status: .ready)
    }

    static func result(_ host: String, _ outcome: ProbeOutcome) -> ProbeResult {
        ProbeResult(host: host, port: port, outcome: outcome, elapsedMicros: 1000)
    }

    static func owner(_ address: String, pid: Int32? = 77, comm: String = "python3") -> PortOwner {
        PortOwner(pid: pid, comm: comm, cmdline: [comm], uid: 1000, inode: 9, localAddress: address)
    }

    static func judge(
        _ result: ProbeResult, holder: InstanceMetadata? = nil, lockHeld: Bool? = nil, owners: [PortOwner]? = [],
        _ verdict: EnvironmentVerdict = verdict(.native), windows: WindowsPortFinding? = nil
    ) -> ProbeReading {
        ProbeReading.judge(result, holder: holder, lockHeld: lockHeld, owners: owners, loopback: LoopbackCrossing.judge(verdict),
                           windows: windows)
    }

    static let gatewayOurs = ProbeOutcome.gateway(identity: GatewayIdentity(instanceId: "ours", pid: 4242), isSelf: false)
    static let gatewayOther = ProbeOutcome.gateway(identity: GatewayIdentity(instanceId: "theirs", pid: 9), isSelf: false)

    @Test("every probe outcome: its category and, with no Linux listener and nothing crossing to Windows, who answered")
    func categories() {
        let rows: [(ProbeOutcome, ProbeCategory, ProbeReading.Answerer)] = [
            (.refused, .noListener, .nobody), (.selfConnect, .noListener, .nobody), (.reset, .noListener, .nobody),
            (.unreachable(error: "EADDRNOTAVAIL"), .noListener, .nobody), (.timeout, .noAnswer, .noAnswer),
            (.notHTTP(preview: "SSH-2.0"), .notAGateway, .notALinuxProcess),
            (.httpNotWebSocket(status: 404, server: nil), .notAGateway, .notALinuxProcess),
            (.websocketNotGateway(reason: "no challenge"), .notAGateway, .notALinuxProcess),
            (Self.gatewayOurs, .gateway, .lockHolder),
        ]
        for (outcome, category, answerer) in rows {
            let reading = Self.judge(Self.result("127.0.0.1", outcome), holder: Self.holder(), lockHeld: true)
            #expect(reading.category == category, "\(outcome.name)")
            #expect(reading.answeredBy == answerer, "\(outcome.name): \(reading.answeredBy)")
            #expect(reading.holderShadowed == (category == .notAGateway), "\(outcome.name)")
        }
        #expect(Set(rows.map(\.1)) == Set(ProbeCategory.allCases))
    }

    @Test("a gateway answer: the lock holder by instance id; another gateway; unknown when the lock holder is unknown")
    func gatewayAnswers() {
        let holder = Self.holder()
        #expect(Self.judge(Self.result("::1", Self.gatewayOurs), holder: holder, lockHeld: true).isLockHolder == true)
        let other = Self.judge(Self.result("::1", Self.gatewayOther), holder: holder, lockHeld: true)
        #expect(other.isLockHolder == false && other.holderShadowed)
        guard case .otherGateway(let identity) = other.answeredBy else {
            Issue.record("\(other.answeredBy)"); return
        }
        #expect(identity.instanceId == "theirs")
        // No lock held: any gateway is not the lock holder. Held without metadata: unknown.
        #expect(Self.judge(Self.result("::1", Self.gatewayOurs), lockHeld: false).isLockHolder == false)
        let unknown = Self.judge(Self.result("::1", Self.gatewayOurs), lockHeld: true)
        #expect(unknown.isLockHolder == nil && unknown.holderBinds == nil && !unknown.holderShadowed)
    }

    @Test("coverage: 127.0.0.2 does not cover 127.0.0.1; 0.0.0.0 covers IPv4 only; :: covers both; canonical IPv6 text")
    func coverage() {
        func binds(_ bound: [String], _ host: String) -> Bool? {
            Self.judge(Self.result(host, .refused), holder: Self.holder(bound), lockHeld: true).holderBinds
        }
        #expect(binds(["127.0.0.2"], "127.0.0.1") == false && binds(["127.0.0.2"], "::1") == false)
        #expect(binds(["127.0.0.1"], "127.0.0.1") == true)
        #expect(binds(["0.0.0.0"], "127.0.0.1") == true && binds(["0.0.0.0"], "::1") == false)
        #expect(binds(["::"], "127.0.0.1") == true && binds(["::"], "::1") == true)
        #expect(binds(["0:0::1"], "::1") == true)
        // A Linux listener on 127.0.0.2 is not who answered 127.0.0.1; one on 0.0.0.0 is.
        let notHTTP = Self.result("127.0.0.1", .notHTTP(preview: "x"))
        #expect(Self.judge(notHTTP, owners: [Self.owner("127.0.0.2")]).answeredBy == .notALinuxProcess)
        #expect(Self.judge(notHTTP, owners: [Self.owner("0.0.0.0")]).answeredBy == .linuxProcess([Self.owner("0.0.0.0")]))
        // The lock holder's own socket is not a foreign listener.
        #expect(Self.judge(notHTTP, holder: Self.holder(pid: 77), lockHeld: true, owners: [Self.owner("127.0.0.1", pid: 77)]).answeredBy
                == .notALinuxProcess)
        // A holder on 127.0.0.2 is not shadowed by a stranger on 127.0.0.1.
        #expect(!Self.judge(notHTTP, holder: Self.holder(["127.0.0.2"]), lockHeld: true).holderShadowed)
    }

    @Test("per mode: 127.0.0.1 reaches Windows under mirrored and virtioproxy (routed), WSL1 (shared); ::1 only on WSL1")
    func windowsCrossing() {
        let windows = WindowsPortFinding(port: Self.port, holders: [WindowsPortHolder(pid: 4242, image: "node.exe", endpoints: [])],
                                         excludedRanges: nil, dynamicRange: nil)
        let answer = ProbeOutcome.httpNotWebSocket(status: 404, server: "WindowsDevServer/1.0")
        let rows: [(EnvironmentVerdict, Bool?, Bool?, Bool?)] = [  // v4 reaches, v4 routed, v6 reaches
            (Self.verdict(.wsl2, .mirrored), true, true, false), (Self.verdict(.wsl2, .virtioproxy), true, true, false),
            (Self.verdict(.wsl1), true, false, true), (Self.verdict(.wsl2, .nat), false, false, false),
            (Self.verdict(.wsl2, .bridged), false, false, false), (Self.verdict(.wsl2, WSLNetworkingMode.none), false, false, false),
            (Self.verdict(.native), false, false, false), (Self.verdict(.container), false, false, false),
            (Self.verdict(.wsl2, .unknown), nil, nil, nil), (Self.verdict(.unknown), nil, nil, nil),
        ]
        for (verdict, v4Reaches, v4Routed, v6Reaches) in rows {
            let label = "\(verdict.kind) \(verdict.wslNetworkingMode?.rawValue ?? "-")"
            let v4 = Self.judge(Self.result("127.0.0.1", answer), verdict, windows: windows)
            let v6 = Self.judge(Self.result("::1", answer), verdict, windows: windows)
            #expect(v4.reachesWindows == v4Reaches && v4.routedThroughWindows == v4Routed, "\(label)")
            #expect(v6.reachesWindows == v6Reaches, "\(label)")
            // Who answered follows: a Windows program (named by netstat) only where the address reaches Windows.
            if v4Reaches == true {
                #expect(v4.answeredBy == .windowsProgram(windows.holders), "\(label): \(v4.answeredBy)")
                #expect(v4.answererPhrase(LoopbackCrossing.judge(verdict)) == "a Windows program (node.exe (pid 4242))")
            } else {
                #expect(v4.answeredBy == .notALinuxProcess, "\(label): \(v4.answeredBy)")
            }
        }
        // Port owners not read: a Windows holder named is still who answered where 127.0.0.1 reaches Windows.
        let unread = Self.judge(Self.result("127.0.0.1", answer), owners: nil, Self.verdict(.wsl2, .mirrored), windows: windows)
        #expect(unread.answeredBy == .windowsProgram(windows.holders))
        #expect(Self.judge(Self.result("127.0.0.1", answer), owners: nil).answeredBy == .unidentified)
    }

    static let facts = CaptureReader.parse(text: """
        ### ip-addr
        1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
            inet 127.0.0.1/8 scope host lo
            inet6 ::1/128 scope host
        """, file: "/t/view.txt")

    static func derive(
        _ verdict: EnvironmentVerdict, facts: MachineFacts = facts, configuration: StartConfiguration = StartConfiguration(),
        observations: SituationObservations = SituationObservations(lockPath: "/run/openclaw/gateway-18789.lock"),
        tokenRefusal: PlanRefusal? = nil
    ) -> SituationView {
        SituationView.derive(facts: facts, verdict: verdict, configuration: configuration, tokenRefusal: tokenRefusal,
                             observations: observations)
    }

    @Test("derive per environment and mode: the crossing, the strategy, the ::1 rule are the one judgement each")
    func perMode() throws {
        let verdicts = [Self.verdict(.native), Self.verdict(.container), Self.verdict(.wsl1), Self.verdict(.unknown)]
            + [WSLNetworkingMode.nat, .bridged, .mirrored, .virtioproxy, WSLNetworkingMode.none, .unknown].map { Self.verdict(.wsl2, $0) }
        for verdict in verdicts {
            let view = Self.derive(verdict, configuration: StartConfiguration(ipv6LoopbackAvailable: false))
            let label = "\(verdict.kind) \(verdict.wslNetworkingMode?.rawValue ?? "-")"
            #expect(view.environment.loopback == LoopbackCrossing.judge(verdict), "\(label)")
            let plan = try view.plan.get()
            #expect(plan.strategy == StartPlanner.automaticStrategy(for: verdict).0, "\(label)")
            // The caller's ::1 answer is replaced by the facts' rule: lo holds ::1 here.
            #expect(view.configuration.ipv6Loopback == IPv6LoopbackAvailability.judge(Self.facts), "\(label)")
            #expect(plan.bindAddresses == ["127.0.0.1", "::1"], "\(label)")
            #expect(view.probes.isEmpty && view.run.decision == nil && view.run.exitCode == nil, "\(label)")
        }
        var disabled = Self.facts
        disabled.sysctls = ["net.ipv6.conf.all.disable_ipv6": "1"]
        #expect(try Self.derive(Self.verdict(.native), facts: disabled).plan.get().bindAddresses == ["127.0.0.1"])
    }

    @Test("derive: a refusal is the plan (token refusal first), and gateway run would exit 78 with its sentence")
    func refusals() {
        let custom = Self.derive(Self.verdict(.native), configuration: StartConfiguration(bindMode: .custom))
        #expect(custom.refusal?.message == "--bind custom needs --bind-host ADDRESS.")
        #expect(custom.plannedAddresses.isEmpty && custom.run.exitCode == GatewayExit.config)
        let blank = PlanRefusal("Refusing a blank token from OPENCLAW_GATEWAY_TOKEN", fix: "unset OPENCLAW_GATEWAY_TOKEN")
        let both = Self.derive(Self.verdict(.native), configuration: StartConfiguration(bindMode: .custom), tokenRefusal: blank)
        #expect(both.refusal == blank)
    }

    @Test("derive: the readings use the lock and the owners; run's prediction: a held lock exits 78, a Linux listener 75")
    func observations() {
        let lockPath = "/run/openclaw/gateway-18789.lock"
        let probes = [Self.result("127.0.0.1", .httpNotWebSocket(status: 404, server: nil)), Self.result("::1", Self.gatewayOurs)]
        let held = Self.derive(Self.verdict(.wsl2, .mirrored), observations: SituationObservations(
            lockPath: lockPath, lock: .held(metadata: Self.holder()), probes: probes, portOwners: []))
        #expect(held.probes.map(\.host) == ["127.0.0.1", "::1"])
        #expect(held.probes[0].answeredBy == .windowsProgram(nil) && held.probes[0].holderShadowed)
        #expect(held.probes[1].answeredBy == .lockHolder)
        #expect(held.run.exitCode == GatewayExit.config, "\(String(describing: held.run.decision))")

        let stranger = Self.derive(Self.verdict(.native), observations: SituationObservations(
            lockPath: lockPath, lock: .absent, probes: [Self.result("127.0.0.1", .notHTTP(preview: "x")), Self.result("::1", .refused)],
            portOwners: [Self.owner("127.0.0.1")]))
        #expect(stranger.probes[0].answeredBy == .linuxProcess([Self.owner("127.0.0.1")]))
        #expect(stranger.run.collidingOwners == [Self.owner("127.0.0.1")])
        #expect(stranger.run.exitCode == GatewayExit.portHeld, "\(String(describing: stranger.run.decision))")

        let free = Self.derive(Self.verdict(.native), observations: SituationObservations(
            lockPath: lockPath, lock: .absent, probes: [Self.result("127.0.0.1", .refused), Self.result("::1", .refused)],
            portOwners: [], bindAttempt: .succeeded))
        #expect(free.run.exitCode == nil)
        if case .proceed? = free.run.decision {} else { Issue.record("\(String(describing: free.run.decision))") }
    }

    @Test("run's prediction reads the same socket tables as the port owners: a claimed pid they show is named, one they do not is 'unverified' with what they show, never 'not read'")
    func predictionReadsSocketTables() throws {
        let lockPath = "/run/openclaw/gateway-18789.lock"
        let claims77 = ProbeOutcome.gateway(identity: GatewayIdentity(instanceId: "theirs", pid: 77), isSelf: false)
        let probes = [Self.result("127.0.0.1", claims77), Self.result("::1", .refused)]
        for check in [InstanceCheck.loopbackProbe, .pidfile] {
            let confirmed = Self.derive(Self.verdict(.native), configuration: StartConfiguration(instanceCheck: check),
                                        observations: SituationObservations(lockPath: lockPath, lock: .absent, probes: probes,
                                                                            portOwners: [Self.owner("127.0.0.1", pid: 77)]))
            guard case .stop(let code, let message)? = confirmed.run.port else { Issue.record("\(check): \(String(describing: confirmed.run.port))"); continue }
            #expect(code == GatewayExit.config && message.contains("pid 77") && message.contains("kill -TERM 77"), "\(check): \(message)")
            #expect(!message.contains("not read"), "\(check): \(message)")
        }
        let other = Self.derive(Self.verdict(.native), configuration: StartConfiguration(instanceCheck: .loopbackProbe),
                                observations: SituationObservations(lockPath: lockPath, lock: .absent, probes: probes,
                                                                    portOwners: [Self.owner("127.0.0.1", pid: 78)]))
        guard case .stop(_, let message)? = other.run.port else { Issue.record("\(String(describing: other.run.port))"); return }
        #expect(message.contains("unverified") && message.contains("pid 78 python3") && !message.contains("pid 77")
                && !message.contains("not read"), "\(message)")
    }
}
