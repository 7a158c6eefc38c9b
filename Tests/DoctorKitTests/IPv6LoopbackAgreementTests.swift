@testable import DoctorKit
@testable import Gateway
import GatewayLive
import NetProbe
import Testing
import TestSupport

/// "Is ::1 bindable" has one rule (`IPv6LoopbackAvailability.judge`): the doctor's plan and `gateway run`'s start
/// path both read it, and the start's real bind of `[::1]:0` only confirms or overrides it (issue 18 item 3).
@Suite("IPv6 loopback: the doctor's plan and gateway run's plan read one rule")
struct IPv6LoopbackAgreementTests {
    typealias T = DoctorTestInputs

    static func options(_ configuration: StartConfiguration = StartConfiguration()) -> GatewayStartOptions {
        GatewayStartOptions(configuration: configuration, token: nil, paths: T.paths)
    }

    /// The doctor's plan of `facts`, and what `gateway run`'s start path plans with a bind of `[::1]:0` answering
    /// `bind`.
    static func plans(_ facts: MachineFacts, bind: Bool) -> (doctor: StartPlan?, gateway: SituationView) {
        let verdict = Classifier.classify(facts)
        let doctor = try? T.inputs(facts).plan.get()
        let gateway = GatewayStartRules.plan(facts: facts, verdict: verdict, options: options(), ipv6BindSucceeded: bind)
        return (doctor, gateway)
    }

    /// Facts where ::1 is absent (lo and IPv6 addresses shown, no ::1), disabled by sysctl, and present.
    static func variants(_ name: String) throws -> [(String, MachineFacts, Bool)] {
        let present = try T.facts(name)
        var absent = present
        absent.addresses = (present.addresses ?? []).filter { $0.local != "::1" }
        var disabled = present
        disabled.sysctls = (present.sysctls ?? [:]).merging(["net.ipv6.conf.all.disable_ipv6": "1"]) { $1 }
        var loDisabled = present
        loDisabled.sysctls = (present.sysctls ?? [:]).merging(["net.ipv6.conf.lo.disable_ipv6": "1"]) { $1 }
        return [("present", present, true), ("absent", absent, false), ("disabled", disabled, false),
                ("lo disabled", loDisabled, false)]
    }

    @Test("absent, disabled (all and lo) and present: the doctor's plan and the start's plan bind the same addresses for the same reason")
    func agreeWhenTheBindConfirms() throws {
        for name in ["native-debian.txt", "wsl2-virtioproxy.txt", "wsl2-mirrored-full.txt"] {
            for (label, facts, expected) in try Self.variants(name) {
                let rule = IPv6LoopbackAvailability.judge(facts)
                #expect(rule.available == expected, "\(name) \(label): \(rule.reason)")
                let (doctor, gateway) = Self.plans(facts, bind: expected)
                let started = try gateway.plan.get()
                #expect(doctor?.bindAddresses == started.bindAddresses, "\(name) \(label)")
                #expect(started.bindAddresses.contains("::1") == expected, "\(name) \(label): \(started.bindAddresses)")
                // Same reason words, the start's only adding that its bind confirms the rule.
                let doctorLine = doctor?.reasons.first { $0.hasPrefix("bind loopback") } ?? ""
                let startLine = started.reasons.first { $0.hasPrefix("bind loopback") } ?? ""
                #expect(doctorLine.contains(rule.reason), "\(name) \(label): \(doctorLine)")
                #expect(startLine.contains(rule.reason) && startLine.contains("a bind of [::1]:0 confirms it"),
                        "\(name) \(label): \(startLine)")
            }
        }
    }

    @Test("the start's real bind overrides the rule only when the kernel disagrees, and its plan says so")
    func bindOverrides() throws {
        for (label, facts, expected) in try Self.variants("native-debian.txt") {
            let (_, gateway) = Self.plans(facts, bind: !expected)
            let started = try gateway.plan.get()
            #expect(started.bindAddresses.contains("::1") == !expected, "\(label): \(started.bindAddresses)")
            #expect(gateway.environment.ipv6Loopback.bindSucceeded == !expected)
            let line = started.reasons.first { $0.hasPrefix("bind loopback") } ?? ""
            #expect(line.contains("although the facts say otherwise"), "\(label): \(line)")
        }
    }

    @Test("every capture fixture: the doctor's plan equals the start's plan when the bind confirms the rule")
    func everyFixture() throws {
        var answers = Set<Bool>()
        for name in T.allFixtureNames {
            let facts = try T.facts(name)
            let rule = IPv6LoopbackAvailability.judge(facts)
            answers.insert(rule.available)
            let (doctor, gateway) = Self.plans(facts, bind: rule.available)
            #expect(doctor?.bindAddresses == (try? gateway.plan.get())?.bindAddresses, "\(name)")
            #expect(doctor?.strategy == (try? gateway.plan.get())?.strategy, "\(name)")
        }
        #expect(answers.contains(true), "no fixture holds ::1")
    }
}
