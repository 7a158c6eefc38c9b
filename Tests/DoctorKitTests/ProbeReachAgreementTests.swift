@testable import DoctorKit
import Gateway
import NetProbe
import Testing
import TestSupport

/// One reading per address: `gateway.probe` and `gateway.reach` (and `gateway status`, through `StatusAssessor`) read
/// the same probe of 127.0.0.1 and ::1 and the same judgement of it (`ProbeReading.holderStanding`), so no check says
/// "the probes agree with the lock" while another warns that the lock holder is not reached on that address.
@Suite("gateway.probe and gateway.reach read one probe per address")
struct ProbeReachAgreementTests {
    static let ours = ProbeOutcome.gateway(identity: GatewayIdentity(instanceId: "inst-ours", pid: 4242), isSelf: false)
    static let theirs = ProbeOutcome.gateway(identity: GatewayIdentity(instanceId: "inst-theirs", pid: 9), isSelf: false)
    static let http404 = ProbeOutcome.httpNotWebSocket(status: 404, server: "WindowsDevServer/1.0")

    static func probe(_ host: String, _ outcome: ProbeOutcome, ms: Int64) -> ProbeResult {
        ProbeResult(host: host, port: 18789, outcome: outcome, elapsedMicros: ms * 1000)
    }

    static func seen(_ source: ReachSource, _ role: ReachRole, _ host: String, _ outcome: ProbeOutcome) -> ReachObservation {
        ReachObservation(target: ReachTarget(source: source, role: role, host: host), result: probe(host, outcome, ms: 7))
    }

    /// The doctor's two checks over one set of live observations.
    static func run(_ facts: MachineFacts, lock: LockState, probes: [ProbeResult], reach: [ReachObservation],
                    owners: [PortOwner] = []) -> (probe: CheckResult, reach: CheckResult, inputs: DoctorInputs) {
        var live = DoctorTestInputs.quietLive()
        live.lock = .value(lock)
        if case .held(let metadata?) = lock { live.lockHolder = .value(.verified(pid: metadata.pid, startTime: 1)) }
        live.probes = .value(probes)
        live.portOwners = .value(owners)
        live.reach = .value(ReachGathered(observations: reach, bootId: "boot"))
        let inputs = DoctorTestInputs.inputs(facts, live: live)
        return (DoctorTestInputs.run("gateway.probe", inputs), DoctorTestInputs.run("gateway.reach", inputs), inputs)
    }

    static func cell(_ result: CheckResult, _ source: String, _ host: String) -> [String: JSONValue]? {
        guard case .object(let data) = result.data, case .array(let cells)? = data["cells"] else { return nil }
        for case .object(let cell) in cells where cell["source"] == .string(source) && cell["host"] == .string(host) {
            return cell
        }
        return nil
    }

    @Test("mirrored, closed-port hang, gateway running: the reach cell of 127.0.0.1 IS the loopback probe's result, and both checks warn that the lock holder is not reached there")
    func closedPortHangWithGateway() throws {
        let facts = try DoctorTestInputs.live("wsl2-mirrored-full.txt")
        // The reach edge's own Linux rows (another moment, another answer) must not stand beside the probe's.
        let (probe, reach, inputs) = Self.run(
            facts, lock: .held(metadata: DoctorTestInputs.metadata()),
            probes: [Self.probe("127.0.0.1", .timeout, ms: 1001), Self.probe("::1", Self.ours, ms: 2)],
            reach: [Self.seen(.linux, .loopback, "127.0.0.1", Self.ours), Self.seen(.linux, .ipv6Loopback, "::1", Self.ours),
                    Self.seen(.linux, .secondLoopback, "127.0.0.2", .refused)])
        let v4 = try #require(Self.cell(reach, "linux", "127.0.0.1"), "\(reach)")
        #expect(v4["answer"] == .string("no-answer") && v4["elapsedMs"] == .number(1001), "\(v4)")
        #expect(v4["status"] == .string("warn"), "\(v4)")
        #expect(Self.cell(reach, "linux", "::1")?["elapsedMs"] == .number(2))
        #expect(reach.status == .warn, "\(reach)")
        #expect(probe.status == .warn, "\(probe)")
        #expect(!probe.title.contains("agree"), "\(probe.title)")
        #expect(probe.title == "the lock holder (gateway pid 4242) is not reached on 127.0.0.1:18789, which it binds", "\(probe.title)")
        #expect(probe.detail.contains { $0.contains("127.0.0.1:18789 gave no answer in time: clients of 127.0.0.1:18789 do not reach it")
            && $0.contains("it answers on [::1]:18789, so it is not a hung gateway") && $0.contains("goes through Windows") }, "\(probe.detail)")
        // gateway.bind's Windows-client advice stands, beside the same reading for Linux's own clients.
        let bind = DoctorTestInputs.run("gateway.bind", inputs)
        #expect(bind.detail.contains { $0.hasPrefix("Linux clients of 127.0.0.1:18789 do not reach the gateway now (see gateway.probe)") }, "\(bind.detail)")
        #expect(reach.detail.contains { $0.hasPrefix("from Linux to 127.0.0.1:18789: no answer in time in 1001 ms [warn]")
            && $0.contains("goes through Windows, which did not hand it back") }, "\(reach.detail)")
    }

    @Test("the edge skips 127.0.0.1 and ::1 when the loopback probe runs: the probe's results fill those rows")
    func skippedRowsAreFilled() throws {
        let facts = try DoctorTestInputs.live("wsl2-mirrored-full.txt")
        let skipped = "probed once, by the loopback probe (its result stands in)"
        let (_, reach, _) = Self.run(
            facts, lock: .held(metadata: DoctorTestInputs.metadata()),
            probes: [Self.probe("127.0.0.1", Self.ours, ms: 3), Self.probe("::1", Self.ours, ms: 4)],
            reach: [ReachObservation(target: ReachTarget(source: .linux, role: .loopback, host: "127.0.0.1"), notTried: skipped),
                    ReachObservation(target: ReachTarget(source: .linux, role: .ipv6Loopback, host: "::1"), notTried: skipped),
                    Self.seen(.linux, .secondLoopback, "127.0.0.2", .refused)])
        #expect(Self.cell(reach, "linux", "127.0.0.1")?["answer"] == .string("this-gateway"), "\(reach)")
        #expect(Self.cell(reach, "linux", "127.0.0.1")?["elapsedMs"] == .number(3), "\(reach)")
        #expect(Self.cell(reach, "linux", "::1")?["answer"] == .string("this-gateway"), "\(reach)")
        #expect(!reach.detail.contains { $0.contains(skipped) }, "\(reach.detail)")
    }

    /// The claims may differ in words and weight, never in kind: with a lock holder, a Linux loopback cell at warn or
    /// worse means gateway.probe is at warn or worse and never titled "agree"; gateway.probe at ok means no such cell;
    /// and every Linux loopback cell carries exactly the probe's result.
    @Test("every combination of outcomes, lock states and modes: gateway.probe and gateway.reach never contradict each other on an address",
          arguments: ["wsl2-mirrored-full.txt", "wsl2-nat.txt", "native-debian.txt"])
    func noContradiction(_ fixture: String) throws {
        let facts = try DoctorTestInputs.live(fixture)
        let outcomes: [ProbeOutcome] = [Self.ours, Self.theirs, Self.http404, .refused, .timeout]
        let locks: [LockState] = [
            .held(metadata: DoctorTestInputs.metadata()), .held(metadata: DoctorTestInputs.metadata(status: .starting)),
            .held(metadata: DoctorTestInputs.metadata(binds: ["127.0.0.1"])), .absent,
        ]
        for lock in locks {
            for v4 in outcomes {
                for v6 in outcomes {
                    let probes = [Self.probe("127.0.0.1", v4, ms: 11), Self.probe("::1", v6, ms: 12)]
                    let (probe, reach, _) = Self.run(facts, lock: lock, probes: probes,
                                                     reach: [Self.seen(.linux, .secondLoopback, "127.0.0.2", .refused)])
                    let label = "\(fixture) \(lock) 127.0.0.1 \(v4.name) ::1 \(v6.name)"
                    var problem = false
                    for result in probes {
                        let cell = try #require(Self.cell(reach, "linux", result.host), "\(label)")
                        #expect(cell["outcome"] == JSONValue(encoding: result.outcome) && cell["elapsedMs"] == .number(Double(result.elapsedMicros / 1000)), "\(label): \(cell)")
                        if cell["status"] == .string("warn") || cell["status"] == .string("fail") { problem = true }
                    }
                    guard case .held = lock else { continue }
                    if problem {
                        #expect(probe.status == .warn || probe.status == .fail, "\(label): \(probe) vs \(reach.detail)")
                        #expect(!probe.title.contains("agree with the lock"), "\(label): \(probe.title)")
                    }
                    if probe.status == .ok { #expect(!problem, "\(label): \(reach.detail)") }
                }
            }
        }
    }
}
