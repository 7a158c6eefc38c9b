@testable import DoctorKit
import Gateway
import NetProbe
import Testing
import TestSupport

/// One predicate for "does loopback go through Windows here" (`LoopbackCrossing`), read alike by the doctor's checks
/// and by `gateway run`'s clash wording: virtioproxy is judged as mirrored, NAT is not, unknown is unknown
/// (issue 18 items 1 and 9; virtioproxy was untested before).
@Suite("Loopback crossing: checks and clash wording agree per mode")
struct LoopbackCrossingAgreementTests {
    typealias T = DoctorTestInputs

    func live(_ facts: String, _ edit: (inout LiveObservations) -> Void) throws -> DoctorInputs {
        var observations = T.quietLive()
        edit(&observations)
        return T.inputs(try T.live(facts), live: observations)
    }

    func clash(_ verdict: EnvironmentVerdict) -> (Int32?, String) {
        let inputs = ClashInputs(port: 18789, verdict: verdict, strategy: .pidfile, lock: .acquired,
                                 bind: .addressInUse(address: "127.0.0.1"), holder: .outsideLinux,
                                 windows: .unavailable("not asked in this test"))
        switch ClashDecider.decide(inputs) {
        case .proceed(let notes): return (nil, notes.joined(separator: "\n"))
        case .stop(let code, let message): return (code, message)
        }
    }

    @Test("the fixtures classify as the modes this suite compares")
    func fixtureModes() throws {
        #expect(Classifier.classify(try T.facts("wsl2-virtioproxy.txt")).wslNetworkingMode == .virtioproxy)
        #expect(Classifier.classify(try T.facts("wsl2-mirrored-full.txt")).wslNetworkingMode == .mirrored)
        #expect(Classifier.classify(try T.facts("wsl2-nat-wsl4150.txt")).wslNetworkingMode == .nat)
    }

    @Test("the predicate per mode: mirrored and virtioproxy through Windows, WSL1 shared, NAT/bridged/none inside, unknown unknown")
    func predicate() {
        func crossing(_ kind: EnvironmentKind, _ mode: WSLNetworkingMode?) -> Bool? {
            LoopbackCrossing.judge(EnvironmentVerdict(kind: kind, wslNetworkingMode: mode, confidence: .high, evidence: [])).crossesToWindows
        }
        #expect(crossing(.wsl2, .mirrored) == true && crossing(.wsl2, .virtioproxy) == true && crossing(.wsl1, nil) == true)
        #expect(crossing(.wsl2, .nat) == false && crossing(.wsl2, .bridged) == false && crossing(.wsl2, WSLNetworkingMode.none) == false)
        #expect(crossing(.native, nil) == false && crossing(.container, nil) == false)
        #expect(crossing(.wsl2, .unknown) == nil && crossing(.unknown, nil) == nil)
    }

    @Test("gateway.port: EADDRINUSE with no Linux holder names the Windows side under virtioproxy as under mirrored, not under NAT")
    func portCheck() throws {
        for facts in ["wsl2-virtioproxy.txt", "wsl2-mirrored-full.txt"] {
            let r = T.run("gateway.port", try live(facts) { $0.bindAttempt = .value(.addressInUse) })
            #expect(r.status == .fail && r.title.contains("no Linux holder"), "\(facts): \(r.title)")
            #expect(r.detail.contains { $0.contains("Windows") }, "\(facts): \(r.detail)")
        }
        let nat = T.run("gateway.port", try live("wsl2-nat-wsl4150.txt") { $0.bindAttempt = .value(.addressInUse) })
        #expect(nat.status == .fail && !nat.detail.contains { $0.contains("a Windows program") }, "\(nat.detail)")
    }

    @Test("gateway.probe: a refusal on 127.0.0.1 where the held lock binds it is the holder not reached there in every mode; where loopback goes through Windows (virtioproxy as mirrored) it says so, not under NAT")
    func probeCheck() throws {
        // The probe is one of 127.0.0.1's clients: what it gets, they get, whatever the path (gateway.reach's cell
        // reads the same reading). It used to be "ok" where the path goes through Windows, beside reach's warning.
        for facts in ["wsl2-virtioproxy.txt", "wsl2-mirrored-full.txt"] {
            let r = T.run("gateway.probe", try live(facts) { $0.lock = .value(.held(metadata: T.metadata(binds: ["127.0.0.1"]))) })
            #expect(r.status == .warn, "\(facts): \(r.status) \(r.title)")
            #expect(r.detail.contains { $0.contains("goes through Windows") }, "\(facts): \(r.detail)")
        }
        let nat = T.run("gateway.probe", try live("wsl2-nat-wsl4150.txt") { $0.lock = .value(.held(metadata: T.metadata(binds: ["127.0.0.1"]))) })
        #expect(nat.status == .warn, "\(nat.status) \(nat.title)")
        #expect(!nat.detail.contains { $0.contains("goes through Windows") }, "\(nat.detail)")
    }

    @Test("virtioproxy is worded as virtioproxy, never as mirrored: gateway.probe, gateway.reach and gateway status over one hang of 127.0.0.1")
    func virtioproxyWording() throws {
        typealias P = ProbeReachAgreementTests
        let facts = try T.live("wsl2-virtioproxy.txt")
        func words(_ r: CheckResult) -> String {
            ([r.title] + r.detail + [r.fix ?? ""]).joined(separator: "\n") + "\n" + String(describing: r.data)
        }
        // No gateway: 127.0.0.1 hangs (a closed port through Windows), ::1 is refused.
        let quiet = P.run(facts, lock: .absent, probes: [P.probe("127.0.0.1", .timeout, ms: 1001), P.probe("::1", .refused, ms: 0)],
                          reach: [P.seen(.linux, .secondLoopback, "127.0.0.2", .refused)])
        #expect(quiet.probe.detail.contains("127.0.0.1 hangs: a closed port can hang under WSL2 virtioproxy networking (the connection goes through Windows); this is not \"free\""),
                "\(quiet.probe.detail)")
        #expect(words(quiet.reach).contains("under virtioproxy networking a closed 127.0.0.1 port can hang"), "\(quiet.reach)")
        // The gateway holds the lock and binds 127.0.0.1 and ::1; it answers on ::1, 127.0.0.1 hangs.
        let holder = T.metadata(binds: ["127.0.0.1", "::1"])
        let probes = [P.probe("127.0.0.1", .timeout, ms: 1001), P.probe("::1", P.ours, ms: 2)]
        let held = P.run(facts, lock: .held(metadata: holder), probes: probes, reach: [P.seen(.linux, .secondLoopback, "127.0.0.2", .refused)])
        #expect(held.probe.status == .warn, "\(held.probe)")
        #expect(held.probe.detail.contains { $0.contains("under WSL2 virtioproxy networking 127.0.0.1 goes through Windows") }, "\(held.probe.detail)")
        let status = StatusAssessor.assess(lock: .held(metadata: holder), probes: probes, port: 18789, lockHolder: nil, listeners: [],
                                           readings: held.inputs.view.probes, loopback: held.inputs.environment.loopback)
        #expect(status.agreement == .holderUnreached, "\(status)")
        #expect(status.explanation.contains("under WSL2 virtioproxy networking 127.0.0.1 goes through Windows"), "\(status.explanation)")
        for (label, text) in [("quiet probe", words(quiet.probe)), ("quiet reach", words(quiet.reach)), ("probe", words(held.probe)),
                              ("reach", words(held.reach)), ("status", status.explanation)] {
            #expect(!text.contains("mirrored"), "\(label) says mirrored under virtioproxy: \(text)")
        }
    }

    @Test("gateway run's clash wording: the Windows explanation under virtioproxy as under mirrored, not under NAT")
    func clashWording() {
        let verdict = { (mode: WSLNetworkingMode) in EnvironmentVerdict(kind: .wsl2, wslNetworkingMode: mode, confidence: .high, evidence: []) }
        let (virtioCode, virtio) = clash(verdict(.virtioproxy))
        let (mirroredCode, mirrored) = clash(verdict(.mirrored))
        let (natCode, nat) = clash(verdict(.nat))
        #expect(virtioCode == 75 && mirroredCode == 75 && natCode == 75)
        #expect(virtio.contains("Windows") && mirrored.contains("Windows"), "virtioproxy: \(virtio)\nmirrored: \(mirrored)")
        let windowsHolder = "a Windows program or a Windows port reservation holds it"
        #expect(virtio.contains("Under WSL2 virtioproxy networking " + windowsHolder), "\(virtio)")
        #expect(mirrored.contains("Under WSL2 mirrored networking " + windowsHolder), "\(mirrored)")
        #expect(virtio.replacingOccurrences(of: "virtioproxy", with: "mirrored") == mirrored)
        #expect(!nat.contains(windowsHolder), "\(nat)")
    }

    @Test("applicability under an unknown verdict: 'unknown whether this is WSL', never 'not WSL'")
    func unknownApplicability() throws {
        var facts = MachineFacts(origin: .capture(path: "empty.txt"))
        facts.procVersion = nil
        let inputs = T.inputs(facts)
        #expect(inputs.verdict.kind == .unknown)
        for id in ["windows.interop", "windows.port-holder", "windows.excluded-port", "wsl.version"] {
            let r = T.run(id, inputs)
            #expect(r.status == .skip, "\(id)")
            #expect(r.title.hasPrefix("unknown whether this is WSL"), "\(id): \(r.title)")
            #expect(!r.title.hasPrefix("not WSL"), "\(id): \(r.title)")
        }
    }
}
