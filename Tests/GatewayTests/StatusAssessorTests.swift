import NetProbe
import Testing
@testable import Gateway
@testable import GatewayServer

@Suite("Status assessment: lock and probe")
struct StatusAssessorTests {
    static func metadata(_ id: String = "holder1", status: InstanceStatus = .ready, addresses: [String] = ["127.0.0.1", "::1"]) -> InstanceMetadata {
        InstanceMetadata(pid: 4242, processStartTime: 1, bootId: "b", instanceId: id, port: 18789, bindAddresses: addresses,
                         strategy: "loopback-probe", version: "1", startedAt: "t", status: status)
    }

    static func gateway(_ host: String, _ id: String, isSelf: Bool, pid: Int32? = 4242) -> ProbeResult {
        ProbeResult(host: host, port: 18789, outcome: .gateway(identity: GatewayIdentity(instanceId: id, pid: pid), isSelf: isSelf),
                    elapsedMicros: 2500)
    }

    /// The socket tables: pid 4242 (the holder's identity claims it) listens on both loopback addresses.
    static let tables = ["127.0.0.1", "::1"].map { PortOwner(pid: 4242, comm: "openclaw", cmdline: [], uid: 0, inode: 7, localAddress: $0) }

    static func other(_ host: String, _ outcome: ProbeOutcome) -> ProbeResult {
        ProbeResult(host: host, port: 18789, outcome: outcome, elapsedMicros: 100)
    }

    @Test("lock held and the holder answers on both addresses: agrees, isLockHolder true")
    func holderAnswers() {
        let a = StatusAssessor.assess(lock: .held(metadata: Self.metadata()),
                                      probes: [Self.gateway("127.0.0.1", "holder1", isSelf: true), Self.gateway("::1", "holder1", isSelf: true)],
                                      port: 18789, lockHolder: nil, listeners: Self.tables)
        #expect(a.running && a.agreement == .agrees && a.agreement.agreesWithLock == true)
        #expect(a.probes.map(\.isLockHolder) == [true, true])
        #expect(a.probes[0].summary == "gateway, the lock holder (instance holder1, pid 4242)")
        #expect(a.probes[0].elapsedMs == 2)
        #expect(a.explanation.contains("127.0.0.1:18789 and [::1]:18789"))
    }

    @Test("no lock, no gateway, but a non-gateway program answers and listens on the port: still not running, and the explanation names it instead of implying the port is free")
    func notRunningButPortTaken() {
        let stranger = [PortOwner(pid: 5150, comm: "python3", cmdline: ["python3", "-m", "http.server"], uid: 1000, inode: 9, localAddress: "127.0.0.1")]
        let a = StatusAssessor.assess(lock: .absent, probes: [Self.other("127.0.0.1", .httpNotWebSocket(status: 404, server: "SimpleHTTP/0.6")), Self.other("::1", .refused)],
                                      port: 18789, lockHolder: nil, listeners: stranger)
        #expect(!a.running && a.agreement == .agrees, "\(a)")
        #expect(a.explanation.contains("127.0.0.1:18789 answered http-not-websocket") && a.explanation.contains("pid 5150 python3 on 127.0.0.1"), "\(a.explanation)")
        #expect(a.explanation.contains("in use by something that is not a gateway"), "\(a.explanation)")
        let quiet = StatusAssessor.assess(lock: .absent, probes: [Self.other("127.0.0.1", .refused), Self.other("::1", .refused)],
                                          port: 18789, lockHolder: nil, listeners: [])
        #expect(quiet.explanation == "no process holds the lock and no gateway answers on loopback", "\(quiet.explanation)")
    }

    @Test("isLockHolder compares instance ids, whatever isSelf the caller's selfInstanceId produced")
    func lockHolderFromIds() {
        let a = StatusAssessor.assess(lock: .held(metadata: Self.metadata()),
                                      probes: [Self.gateway("127.0.0.1", "stranger", isSelf: true)], port: 18789, lockHolder: nil, listeners: Self.tables)
        #expect(a.probes[0].isLockHolder == false)
        #expect(a.agreement == .otherGatewayAnswers)
        #expect(a.probes[0].summary.contains("not the lock holder"))
    }

    @Test("lock held, nothing answers: holder-starting while the metadata says starting, else holder-not-answering (hung or stopping)")
    func holderSilent() {
        let silent = [Self.other("127.0.0.1", .refused), Self.other("::1", .timeout)]
        let starting = StatusAssessor.assess(lock: .held(metadata: Self.metadata(status: .starting)), probes: silent, port: 1, lockHolder: nil, listeners: Self.tables)
        // Still starting is not a disagreement (the doctor's gateway.probe says info for the same state).
        #expect(starting.agreement == .holderStarting && starting.agreement.agreesWithLock == nil, "\(starting)")
        #expect(starting.explanation.contains("still starting"))
        let custom = StatusAssessor.assess(lock: .held(metadata: Self.metadata(addresses: ["10.1.2.3"])), probes: silent, port: 1, lockHolder: nil, listeners: Self.tables)
        #expect(custom.explanation.contains("10.1.2.3 only"))
        // Not a silent holder: it listens where the loopback probe does not look (nothing to compare).
        #expect(custom.agreement == .holderNotProbed && custom.agreement.agreesWithLock == nil, "\(custom)")
        let wildcard = StatusAssessor.assess(lock: .held(metadata: Self.metadata(addresses: ["0.0.0.0"])), probes: silent, port: 1, lockHolder: nil, listeners: Self.tables)
        #expect(wildcard.explanation.contains("hung"))
        #expect(starting.probes.map(\.verdict) == ["refused", "timeout"] && starting.probes.allSatisfy { $0.isLockHolder == nil })
    }

    @Test("the holder answers on ::1 but 127.0.0.1, which it binds, hangs (mirrored closed-port hang): holder-unreached, never agrees; the reading decides, as for gateway.probe and gateway.reach")
    func holderUnreachedOnOneAddress() {
        let holder = Self.metadata()
        let probes = [Self.other("127.0.0.1", .timeout), Self.gateway("::1", "holder1", isSelf: true)]
        let mirrored = LoopbackCrossing.judge(EnvironmentVerdict(kind: .wsl2, wslNetworkingMode: .mirrored, confidence: .high, evidence: []))
        let readings = probes.map {
            ProbeReading.judge($0, holder: holder, lockHeld: true, owners: [], loopback: mirrored, windows: nil)
        }
        #expect(readings.map(\.holderUnreached) == [true, false])
        let a = StatusAssessor.assess(lock: .held(metadata: holder), probes: probes, port: 18789, lockHolder: nil, listeners: Self.tables, readings: readings, loopback: mirrored)
        #expect(a.agreement == .holderUnreached && a.agreement.agreesWithLock == false, "\(a)")
        #expect(a.explanation.contains("answers on [::1]:18789, but 127.0.0.1:18789 gave no answer in time although it binds that address"), "\(a.explanation)")
        #expect(a.explanation.contains("goes through Windows"), "\(a.explanation)")
        // Refused where it binds, the same; still starting is not "unreached" (it answers once it listens).
        let refused = [Self.other("127.0.0.1", .refused), Self.gateway("::1", "holder1", isSelf: true)]
        let native = LoopbackCrossing.judge(EnvironmentVerdict(kind: .native, confidence: .high, evidence: []))
        let r = StatusAssessor.assess(lock: .held(metadata: holder), probes: refused, port: 18789, lockHolder: nil, listeners: Self.tables, readings: refused.map {
            ProbeReading.judge($0, holder: holder, lockHeld: true, owners: [], loopback: native, windows: nil)
        })
        #expect(r.agreement == .holderUnreached && r.explanation.contains("127.0.0.1:18789 refused the connection"), "\(r)")
        let starting = Self.metadata(status: .starting)
        let s = StatusAssessor.assess(lock: .held(metadata: starting), probes: refused, port: 18789, lockHolder: nil, listeners: Self.tables, readings: refused.map {
            ProbeReading.judge($0, holder: starting, lockHeld: true, owners: [], loopback: native, windows: nil)
        })
        #expect(s.agreement == .agrees, "\(s)")
    }

    @Test("another gateway answers: other-gateway-answers whether the lock is held, free or absent; the pid it claims is named only when the socket tables confirm it")
    func otherGateway() {
        let probes = [Self.gateway("127.0.0.1", "holder1", isSelf: true), Self.gateway("::1", "intruder", isSelf: false, pid: 9)]
        let held = StatusAssessor.assess(lock: .held(metadata: Self.metadata()), probes: probes, port: 5, lockHolder: nil, listeners: Self.tables)
        #expect(held.running && held.agreement == .otherGatewayAnswers)
        // pid 9 is only claimed: the socket tables show pid 4242 on the port, so pid 9 is never printed.
        #expect(held.explanation.contains("[::1]:5") && held.explanation.contains("instance intruder; holder unverified: the socket tables show"), "\(held.explanation)")
        #expect(!held.explanation.contains("pid 9") && held.probes[1].pid == nil && held.probes[1].summary.contains("holder unverified"), "\(held)")
        for lock in [LockState.absent, .free(metadata: Self.metadata())] {
            let a = StatusAssessor.assess(lock: lock, probes: [Self.gateway("127.0.0.1", "holder1", isSelf: false)], port: 5, lockHolder: nil, listeners: Self.tables)
            #expect(!a.running && a.agreement == .otherGatewayAnswers && a.agreement.agreesWithLock == false)
            #expect(a.probes[0].isLockHolder == false)
            #expect(a.explanation.contains("no process holds this port's lock"))
        }
    }

    @Test("a gateway's claimed pid: confirmed by the socket tables it is named; not shown there, or tables not read, it is 'holder unverified' with what they show")
    func claimedPid() {
        let claims1 = [Self.gateway("127.0.0.1", "deadbeef", isSelf: false, pid: 1)]
        let peer = [PortOwner(pid: 5150, comm: "python3", user: "bob", uid: 1001, inode: 88, localAddress: "127.0.0.1")]
        let hidden = [PortOwner(pid: nil, uid: 1001, inode: 88, localAddress: "127.0.0.1")]
        for (listeners, shown) in [(peer, "127.0.0.1:5 inode 88 (uid 1001 bob): pid 5150 python3"),
                                   (hidden, "127.0.0.1:5 inode 88 (uid 1001): process not visible to this user"),
                                   (nil, "were not read")] as [([PortOwner]?, String)] {
            let a = StatusAssessor.assess(lock: .absent, probes: claims1, port: 5, lockHolder: nil, listeners: listeners)
            #expect(a.probes[0].pid == nil && a.probes[0].holder?.contains(shown) == true, "\(a.probes[0])")
            #expect(!a.explanation.contains("pid 1") && !a.probes[0].summary.contains("pid 1)") && !a.probes[0].summary.contains("pid 1,"), "\(a)")
            #expect(a.explanation.contains("instance deadbeef; holder unverified: ") && a.explanation.contains(shown), "\(a.explanation)")
        }
        let confirmed = StatusAssessor.assess(lock: .absent, probes: [Self.gateway("127.0.0.1", "deadbeef", isSelf: false, pid: 5150)],
                                              port: 5, lockHolder: nil, listeners: peer)
        #expect(confirmed.probes[0].pid == 5150 && confirmed.explanation.contains("instance deadbeef, pid 5150"), "\(confirmed)")
    }

    @Test("sec2 re-attack: a claimed pid is confirmed only by a LISTEN row that accepts connections to the address that answered (127.0.0.2:P does not confirm an answer on 127.0.0.1:P; 0.0.0.0 and :: do)")
    func claimedPidOnAnotherAddress() {
        func owner(_ address: String) -> [PortOwner] {
            [PortOwner(pid: 5150, comm: "python3", user: "bob", uid: 1001, inode: 88, localAddress: address)]
        }
        for (address, host, confirmed) in [("127.0.0.2", "127.0.0.1", false), ("::1", "127.0.0.1", false), ("127.0.0.1", "::1", false),
                                           ("127.0.0.1", "127.0.0.1", true), ("0.0.0.0", "127.0.0.1", true), ("::", "::1", true),
                                           ("::", "127.0.0.1", true), ("0.0.0.0", "::1", false)] {
            let judged = ListenerConfirmation.judge(claimedPid: 5150, answeredOn: host, port: 5, listeners: owner(address))
            #expect((judged.pid == 5150) == confirmed, "listener \(address), answer on \(host): \(judged)")
            if !confirmed { #expect(judged.words.contains("holder unverified") && judged.words.contains("pid 5150 python3"), "\(judged.words)") }
            let a = StatusAssessor.assess(lock: .absent, probes: [Self.gateway(host, "deadbeef", isSelf: false, pid: 5150)], port: 5,
                                          lockHolder: nil, listeners: owner(address))
            #expect((a.probes[0].pid == 5150) == confirmed, "status: listener \(address), answer on \(host): \(a.probes[0])")
        }
    }

    @Test("the lock holder's pid (from its metadata, a claim) is named only when gateway stop's verification confirms it")
    func lockHolderPid() {
        let verified = Self.shadowed(Self.crossing(.native))
        #expect(verified.explanation.contains("not by the lock holder (pid 4242, instance holder1)"), "\(verified.explanation)")
        for holder in [nil, GatewayStopper.HolderVerification.mismatch("the lock holder, pid 9, runs /usr/bin/python3, not an OpenClaw gateway"),
                       .unverifiable("/proc/locks cannot be read")] {
            let a = Self.shadowed(Self.crossing(.native), lockHolder: holder)
            #expect(a.explanation.contains("not by the lock holder (instance holder1, pid unverified)") && !a.explanation.contains("pid 4242"),
                    "\(String(describing: holder)): \(a.explanation)")
        }
        let silent = [Self.other("127.0.0.1", .refused), Self.other("::1", .refused)]
        let unverified = StatusAssessor.assess(lock: .held(metadata: Self.metadata()), probes: silent, port: 1, lockHolder: nil, listeners: [])
        #expect(unverified.explanation.hasPrefix("the lock holder (instance holder1, pid unverified) does not answer"), "\(unverified.explanation)")
    }

    @Test("lock free and only non-gateways answer: agrees (an HTTP answer is not a gateway)")
    func freeAgrees() {
        let probes = [Self.other("127.0.0.1", .httpNotWebSocket(status: 200, server: "python")), Self.other("::1", .refused)]
        let a = StatusAssessor.assess(lock: .free(metadata: nil), probes: probes, port: 5, lockHolder: nil, listeners: Self.tables)
        #expect(!a.running && a.agreement == .agrees)
        #expect(a.probes[0].summary == "http-not-websocket (HTTP 200, server python)")
    }

    @Test("lock held without metadata: unverifiable, gateway answers have isLockHolder nil; --no-probe: not-probed")
    func unverifiableAndNotProbed() {
        let a = StatusAssessor.assess(lock: .held(metadata: nil), probes: [Self.gateway("127.0.0.1", "x", isSelf: false)], port: 5, lockHolder: nil, listeners: Self.tables)
        #expect(a.running && a.agreement == .unverifiable && a.agreement.agreesWithLock == nil)
        #expect(a.probes[0].isLockHolder == nil && a.probes[0].summary.contains("lock holder unknown"))
        let b = StatusAssessor.assess(lock: .absent, probes: nil, port: 5, lockHolder: nil, listeners: Self.tables)
        #expect(!b.running && b.agreement == .notProbed && b.probes.isEmpty)
    }

    @Test("running follows the lock alone, for every probe combination")
    func runningFollowsLock() {
        let outcomes: [ProbeResult] = [Self.gateway("127.0.0.1", "holder1", isSelf: true), Self.gateway("127.0.0.1", "z", isSelf: false),
                                       Self.other("127.0.0.1", .refused), Self.other("127.0.0.1", .notHTTP(preview: "x"))]
        for lock in [LockState.absent, .free(metadata: nil), .held(metadata: nil), .held(metadata: Self.metadata())] {
            for probe in outcomes {
                let a = StatusAssessor.assess(lock: lock, probes: [probe], port: 1, lockHolder: nil, listeners: Self.tables)
                if case .held = lock { #expect(a.running) } else { #expect(!a.running) }
            }
        }
    }

    static func crossing(_ kind: EnvironmentKind, _ mode: WSLNetworkingMode? = nil) -> LoopbackCrossing {
        LoopbackCrossing.judge(EnvironmentVerdict(kind: kind, wslNetworkingMode: mode, confidence: .high, evidence: []))
    }

    /// The status of a held lock whose holder answers on ::1 while 127.0.0.1 gets an HTTP 404, judged with the view's
    /// `ProbeReading` under `loopback` (no Linux process listens but the holder).
    static func shadowed(_ loopback: LoopbackCrossing, holderBinds: [String] = ["127.0.0.1", "::1"],
                         lockHolder: GatewayStopper.HolderVerification? = .verified(pid: 4242, startTime: 1)) -> StatusAssessment {
        let holder = metadata(addresses: holderBinds)
        let probes = [other("127.0.0.1", .httpNotWebSocket(status: 404, server: "WindowsDevServer/1.0")),
                      gateway("::1", "holder1", isSelf: true)]
        let readings = probes.map {
            ProbeReading.judge($0, holder: holder, lockHeld: true, owners: [], loopback: loopback, windows: nil)
        }
        return StatusAssessor.assess(lock: .held(metadata: holder), probes: probes, port: 18789, lockHolder: lockHolder, listeners: Self.tables, readings: readings,
                                     loopback: loopback)
    }

    @Test("the holder binds none of the probed addresses (127.0.0.2): holder-not-probed, nothing to compare, from the readings as from BindCoverage")
    func holderNotProbed() {
        let holder = Self.metadata(addresses: ["127.0.0.2"])
        let probes = [Self.other("127.0.0.1", .refused), Self.other("::1", .refused)]
        let native = LoopbackCrossing.judge(EnvironmentVerdict(kind: .native, confidence: .high, evidence: []))
        let readings = probes.map { ProbeReading.judge($0, holder: holder, lockHeld: true, owners: [], loopback: native, windows: nil) }
        #expect(readings.allSatisfy { $0.holderStanding == .notBound })
        for judged in [readings, []] {
            let a = StatusAssessor.assess(lock: .held(metadata: holder), probes: probes, port: 18789, lockHolder: nil, listeners: Self.tables,
                                          readings: judged, loopback: native)
            #expect(a.agreement == .holderNotProbed && a.agreement.agreesWithLock == nil, "\(a)")
            #expect(a.explanation.contains("listens on 127.0.0.2 only, which the loopback probe does not reach: nothing to compare"), "\(a.explanation)")
            #expect(!a.explanation.contains("hung"), "\(a.explanation)")
        }
        // Where it binds one probed address and is silent there, it is not answering (never "not probed").
        let both = Self.metadata(addresses: ["127.0.0.2", "127.0.0.1"])
        let silent = StatusAssessor.assess(lock: .held(metadata: both), probes: probes, port: 18789, lockHolder: nil, listeners: Self.tables)
        #expect(silent.agreement == .holderNotAnswering, "\(silent)")
    }

    @Test("a foreign answer where the holder binds is a disagreement naming who answered and who reaches it")
    func foreignAnswer() {
        for mode in [WSLNetworkingMode.mirrored, .virtioproxy] {
            let a = Self.shadowed(Self.crossing(.wsl2, mode))
            #expect(a.running && a.agreement == .foreignAnswer && a.agreement.agreesWithLock == false, "\(mode): \(a)")
            #expect(a.explanation.hasPrefix("127.0.0.1:18789 is answered by something that is not a Linux process here (under \(mode.rawValue) networking: a Windows program) (http-not-websocket (HTTP 404"),
                    "\(mode): \(a.explanation)")
            #expect(a.explanation.contains("not by the lock holder (pid 4242, instance holder1)"), "\(a.explanation)")
            #expect(a.explanation.contains("Windows clients of 127.0.0.1:18789 (and Linux ones) reach that instead of the gateway"),
                    "\(a.explanation)")
            #expect(a.explanation.contains("the lock holder answers on [::1]:18789"), "\(a.explanation)")
        }
        // Where loopback stays in Linux it is still a foreign answer where the holder binds, but no Windows wording.
        let native = Self.shadowed(Self.crossing(.native))
        #expect(native.agreement == .foreignAnswer, "\(native)")
        #expect(!native.explanation.contains("Windows clients") && !native.explanation.contains("a Windows program"),
                "\(native.explanation)")
        #expect(native.explanation.contains("something that is not a Linux process here"), "\(native.explanation)")
        // The holder does not bind 127.0.0.1 (custom 127.0.0.2 covers nothing probed but ::1 here): not its clients.
        let elsewhere = Self.shadowed(Self.crossing(.wsl2, .mirrored), holderBinds: ["127.0.0.2", "::1"])
        #expect(elsewhere.agreement == .agrees, "\(elsewhere)")
        // Not judged (no readings): the old comparison of gateway answers only.
        let unjudged = StatusAssessor.assess(
            lock: .held(metadata: Self.metadata()),
            probes: [Self.other("127.0.0.1", .httpNotWebSocket(status: 404, server: nil)), Self.gateway("::1", "holder1", isSelf: true)],
            port: 18789, lockHolder: nil, listeners: Self.tables)
        #expect(unjudged.agreement == .agrees)
    }
}
