@testable import DoctorKit
import Foundation
import Gateway
import NetProbe
import Testing
import TestSupport

/// `env.classification`, `env.wsl.requested-vs-effective` and `env.wsl.config-keys` over fixture captures.
@Suite("Doctor environment checks")
struct EnvironmentCheckTests {
    typealias T = DoctorTestInputs

    @Test("env.classification: status follows the verdict for every fixture, and carries the evidence")
    func classificationEveryFixture() throws {
        for name in T.allFixtureNames {
            let facts = try T.facts(name)
            let verdict = Classifier.classify(facts)
            let result = T.run("env.classification", T.inputs(facts))
            let expected: CheckStatus = verdict.kind == .unknown || verdict.confidence == .low ? .warn
                : (verdict.kind == .wsl2 && (verdict.wslNetworkingMode ?? .unknown) == .unknown ? .info : .ok)
            #expect(result.status == expected, "\(name): \(result.title)")
            #expect(result.title == verdict.summary)
            #expect(result.detail.count == verdict.evidence.count, "\(name)")
            #expect((result.fix != nil) == (expected != .ok), "\(name)")
            #expect(result.data["kind"]?.stringValue == verdict.kind.rawValue)
        }
    }

    @Test("env.classification: ok, info, warn each reached by a real capture; a live unknown asks for a capture")
    func classificationStates() throws {
        #expect(T.run("env.classification", T.inputs(try T.facts("native-debian.txt"))).status == .ok)
        #expect(T.run("env.classification", T.inputs(try T.facts("wsl2-kernel419-wsl5831.txt"))).status == .info)
        #expect(T.run("env.classification", T.inputs(try T.facts("wsl2-mirrored-fragment-wsl12548.txt"))).status == .warn)
        let empty = T.run("env.classification", T.inputs(MachineFacts(origin: .live)))
        #expect(empty.status == .warn)
        #expect(empty.fix?.contains("bug report") == true)
    }

    @Test("requested-vs-effective: skip off WSL2, info without .wslconfig, ok when equal, warn on mirrored fallback")
    func requestedVersusEffective() throws {
        let id = "env.wsl.requested-vs-effective"
        let native = T.run(id, T.inputs(try T.facts("native-debian.txt")))
        #expect(native.status == .skip)
        #expect(native.data["reason"]?.stringValue == "not WSL2")
        // A capture without a wslconfig section did not say it looked: not in the facts. Live, the same holds when
        // the search timed out; a finished search is in `paths.checked`, as the live reader records it.
        let notInFacts = T.run(id, T.inputs(try T.facts("wsl2-nat.txt")))
        #expect(notInFacts.status == .skip)
        #expect(notInFacts.data["reason"]?.stringValue == "not in the facts")
        var timedOut = try T.live("wsl2-nat.txt")
        timedOut.paths.checked?.remove(FactSection.wslconfig.liveSource)
        #expect(T.run(id, T.inputs(timedOut)).status == .skip)
        var looked = try T.live("wsl2-nat.txt")
        looked.paths.checked = (looked.paths.checked ?? []).union([FactSection.wslconfig.liveSource])
        let noConfig = T.run(id, T.inputs(looked))
        #expect(noConfig.status == .info)
        #expect(noConfig.data["found"] == .bool(false))
        let same = T.run(id, T.inputs(try T.facts("wsl2-mirrored-full.txt")))
        #expect(same.status == .ok)
        #expect(same.data["requested"]?.stringValue == "mirrored" && same.data["effective"]?.stringValue == "mirrored")
        let fallback = T.run(id, T.inputs(try T.facts("wsl2-mirrored-requested-but-nat.txt")))
        #expect(fallback.status == .warn)
        #expect(fallback.title == "requested mirrored but the machine is in nat mode")
        #expect(fallback.detail.contains { $0.contains("Windows 11 22H2") })
        #expect(fallback.path?.hasSuffix(".wslconfig") == true || fallback.path != nil)
        let none = T.run(id, T.inputs(try T.facts("wsl2-none-mirrored-requested.txt")))
        #expect(none.status == .warn)
        #expect(none.detail.contains { $0.contains("falls back from mirrored") })
    }

    @Test("requested-vs-effective: an unknown effective mode is info, never ok")
    func requestedVersusUnknown() throws {
        var facts = try T.facts("wsl2-kernel419-wsl5831.txt")
        facts.wslconfig = WslConfigFile(path: "/mnt/c/Users/someone/.wslconfig", text: "[wsl2]\nnetworkingMode=mirrored\n")
        let verdict = Classifier.classify(facts)
        try #require(verdict.kind == .wsl2 && (verdict.wslNetworkingMode ?? .unknown) == .unknown)
        let result = T.run("env.wsl.requested-vs-effective", T.inputs(facts))
        #expect(result.status == .info)
        #expect(result.detail.first?.contains(".wslconfig:2") == true)
    }

    @Test("config-keys: skip without .wslconfig, ok for a clean file, warn with lines for misplaced keys and bad modes")
    func configKeys() throws {
        let id = "env.wsl.config-keys"
        #expect(T.run(id, T.inputs(try T.facts("wsl2-nat.txt"))).status == .skip)
        #expect(T.run(id, T.inputs(try T.facts("native-debian.txt"))).data["reason"] != nil)
        #expect(T.run(id, T.inputs(try T.facts("wsl2-mirrored-full.txt"))).status == .ok)

        var facts = try T.facts("wsl2-mirrored-full.txt")
        facts.wslconfig = WslConfigFile(path: "/mnt/c/Users/someone/.wslconfig",
                                        text: "[wsl2]\nnetworkingMode=Mirored\nhostAddressLoopback=true\n[experimental]\nignoredPorts=80,x\n")
        let bad = T.run(id, T.inputs(facts))
        #expect(bad.status == .warn)
        #expect(bad.title == "3 problems in .wslconfig")
        #expect(bad.detail.contains { $0.contains("line 3") && $0.contains("hostAddressLoopback") })
        #expect(bad.detail.contains { $0.contains("line 2") && $0.contains("Mirored") })
        #expect(!bad.detail.contains { $0.contains(":2: ") }, "the line is named once")
        let fix = try #require(bad.fix)
        #expect(fix.contains("[experimental]") && fix.contains("nat, mirrored") && fix.contains("correct or remove"))
        #expect(bad.path == "/mnt/c/Users/someone/.wslconfig")
    }
}
