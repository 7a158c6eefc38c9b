import NetProbe
import Testing
@testable import Gateway

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

    static func other(_ host: String, _ outcome: ProbeOutcome) -> ProbeResult {
        ProbeResult(host: host, port: 18789, outcome: outcome, elapsedMicros: 100)
    }

    @Test("lock held and the holder answers on both addresses: agrees, isLockHolder true")
    func holderAnswers() {
        let a = StatusAssessor.assess(lock: .held(metadata: Self.metadata()),
                                      probes: [Self.gateway("127.0.0.1", "holder1", isSelf: true), Self.gateway("::1", "holder1", isSelf: true)],
                                      port: 18789)
        #expect(a.running && a.agreement == .agrees && a.agreement.agreesWithLock == true)
        #expect(a.probes.map(\.isLockHolder) == [true, true])
        #expect(a.probes[0].summary == "gateway, the lock holder (instance holder1, pid 4242)")
        #expect(a.probes[0].elapsedMs == 2)
        #expect(a.explanation.contains("127.0.0.1:18789 and [::1]:18789"))
    }

    @Test("isLockHolder compares instance ids, whatever isSelf the caller's selfInstanceId produced")
    func lockHolderFromIds() {
        let a = StatusAssessor.assess(lock: .held(metadata: Self.metadata()),
                                      probes: [Self.gateway("127.0.0.1", "stranger", isSelf: true)], port: 18789)
        #expect(a.probes[0].isLockHolder == false)
        #expect(a.agreement == .otherGatewayAnswers)
        #expect(a.probes[0].summary.contains("not the lock holder"))
    }

    @Test("lock held, nothing answers: holder-not-answering, with the reason from the metadata")
    func holderSilent() {
        let silent = [Self.other("127.0.0.1", .refused), Self.other("::1", .timeout)]
        let starting = StatusAssessor.assess(lock: .held(metadata: Self.metadata(status: .starting)), probes: silent, port: 1)
        #expect(starting.agreement == .holderNotAnswering && starting.agreement.agreesWithLock == false)
        #expect(starting.explanation.contains("still starting"))
        let custom = StatusAssessor.assess(lock: .held(metadata: Self.metadata(addresses: ["10.1.2.3"])), probes: silent, port: 1)
        #expect(custom.explanation.contains("10.1.2.3 only"))
        let wildcard = StatusAssessor.assess(lock: .held(metadata: Self.metadata(addresses: ["0.0.0.0"])), probes: silent, port: 1)
        #expect(wildcard.explanation.contains("hung"))
        #expect(starting.probes.map(\.verdict) == ["refused", "timeout"] && starting.probes.allSatisfy { $0.isLockHolder == nil })
    }

    @Test("another gateway answers: other-gateway-answers whether the lock is held, free or absent")
    func otherGateway() {
        let probes = [Self.gateway("127.0.0.1", "holder1", isSelf: true), Self.gateway("::1", "intruder", isSelf: false, pid: 9)]
        let held = StatusAssessor.assess(lock: .held(metadata: Self.metadata()), probes: probes, port: 5)
        #expect(held.running && held.agreement == .otherGatewayAnswers)
        #expect(held.explanation.contains("[::1]:5") && held.explanation.contains("instance intruder, pid 9"))
        for lock in [LockState.absent, .free(metadata: Self.metadata())] {
            let a = StatusAssessor.assess(lock: lock, probes: [Self.gateway("127.0.0.1", "holder1", isSelf: false)], port: 5)
            #expect(!a.running && a.agreement == .otherGatewayAnswers && a.agreement.agreesWithLock == false)
            #expect(a.probes[0].isLockHolder == false)
            #expect(a.explanation.contains("no process holds this port's lock"))
        }
    }

    @Test("lock free and only non-gateways answer: agrees (an HTTP answer is not a gateway)")
    func freeAgrees() {
        let probes = [Self.other("127.0.0.1", .httpNotWebSocket(status: 200, server: "python")), Self.other("::1", .refused)]
        let a = StatusAssessor.assess(lock: .free(metadata: nil), probes: probes, port: 5)
        #expect(!a.running && a.agreement == .agrees)
        #expect(a.probes[0].summary == "http-not-websocket (HTTP 200, server python)")
    }

    @Test("lock held without metadata: unverifiable, gateway answers have isLockHolder nil; --no-probe: not-probed")
    func unverifiableAndNotProbed() {
        let a = StatusAssessor.assess(lock: .held(metadata: nil), probes: [Self.gateway("127.0.0.1", "x", isSelf: false)], port: 5)
        #expect(a.running && a.agreement == .unverifiable && a.agreement.agreesWithLock == nil)
        #expect(a.probes[0].isLockHolder == nil && a.probes[0].summary.contains("lock holder unknown"))
        let b = StatusAssessor.assess(lock: .absent, probes: nil, port: 5)
        #expect(!b.running && b.agreement == .notProbed && b.probes.isEmpty)
    }

    @Test("running follows the lock alone, for every probe combination")
    func runningFollowsLock() {
        let outcomes: [ProbeResult] = [Self.gateway("127.0.0.1", "holder1", isSelf: true), Self.gateway("127.0.0.1", "z", isSelf: false),
                                       Self.other("127.0.0.1", .refused), Self.other("127.0.0.1", .notHTTP(preview: "x"))]
        for lock in [LockState.absent, .free(metadata: nil), .held(metadata: nil), .held(metadata: Self.metadata())] {
            for probe in outcomes {
                let a = StatusAssessor.assess(lock: lock, probes: [probe], port: 1)
                if case .held = lock { #expect(a.running) } else { #expect(!a.running) }
            }
        }
    }
}
