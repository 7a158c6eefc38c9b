@testable import DoctorKit
import Foundation
import Gateway
import NetProbe
import Testing
import TestSupport

/// `--redact` and `capture` over every fixture: no address, MAC, host or user name of the input survives, and the
/// verdict of the redacted facts equals the original's.
@Suite("Doctor redaction")
struct DoctorRedactionTests {
    typealias T = DoctorTestInputs

    static func same(_ a: EnvironmentVerdict, _ b: EnvironmentVerdict) -> Bool {
        a.kind == b.kind && a.container == b.container && a.wslNetworkingMode == b.wslNetworkingMode && a.confidence == b.confidence
    }

    @Test("every fixture: redacted report (JSON and text) and capture leak nothing; verdicts and statuses unchanged")
    func everyFixture() throws {
        var checkedSomething = false
        var documents: [String] = []
        for name in T.allFixtureNames {
            let facts = try T.facts(name)
            var sensitive = DoctorSensitive.tokens(of: facts)
            // A host called "WSL1" cannot be told from the doctor's own words for the environment.
            sensitive.names = sensitive.names.filter { !DoctorSensitive.containsWord($0, in: Classifier.classify(facts).summary) }
            checkedSomething = checkedSomething || !sensitive.isEmpty
            let redactor = Redactor(key: 0x5eed, learningFrom: facts)
            let report = Doctor.report(facts: facts, configuration: T.configuration(), live: .none("snapshot"), redactor: redactor)
            let plain = Doctor.report(facts: facts, configuration: T.configuration(), live: .none("snapshot"))
            let json = JSONRenderer.render(report)
            documents.append(json)
            #expect(report.redacted)
            #expect(DoctorSensitive.leaks(sensitive, in: json).isEmpty, "\(name) JSON: \(DoctorSensitive.leaks(sensitive, in: json))")
            let text = TextRenderer(verbose: true).render(report)
            #expect(DoctorSensitive.leaks(sensitive, in: text).isEmpty, "\(name) text: \(DoctorSensitive.leaks(sensitive, in: text))")
            #expect(Self.same(report.environment, plain.environment), "\(name)")
            #expect(report.checks.map(\.status) == plain.checks.map(\.status), "\(name)")

            let capture = CaptureWriter.write(redactor.redact(facts))
            #expect(DoctorSensitive.leaks(sensitive, in: capture).isEmpty, "\(name) capture: \(DoctorSensitive.leaks(sensitive, in: capture))")
            let replayed = CaptureReader.parse(text: capture, file: "redacted-\(name)")
            #expect(Self.same(Classifier.classify(replayed), plain.environment), "\(name) replayed")
        }
        #expect(checkedSomething, "the fixtures hold addresses and names to redact")
        try DoctorSchema.validate(each: documents)
    }

    @Test("the leak detector itself finds what it must (so a green run means something)")
    func detectorWorks() throws {
        let facts = try T.facts("wsl2-mirrored-full.txt")
        let sensitive = DoctorSensitive.tokens(of: facts)
        #expect(!sensitive.addresses.isEmpty && !sensitive.macs.isEmpty)
        let unredacted = JSONRenderer.render(Doctor.report(facts: facts, configuration: T.configuration(), live: .none("x")))
        #expect(!DoctorSensitive.leaks(sensitive, in: unredacted).isEmpty)
        #expect(!DoctorSensitive.leaks(sensitive, in: CaptureWriter.write(facts)).isEmpty)
        #expect(DoctorSensitive.canonical("fe80:0:0::1") == "fe80::1")
        #expect(DoctorSensitive.containsWord("alice", in: "/mnt/c/Users/alice/.wslconfig"))
        #expect(!DoctorSensitive.containsWord("alice", in: "malice"))
    }

    @Test("live observations are scrubbed too: a user name and an address in a port owner's command line")
    func liveStringsScrubbed() throws {
        var live = T.quietLive()
        live.portOwners = .value([PortOwner(pid: 9, comm: "python3", cmdline: ["python3", "/home/zelda/serve.py", "--bind", "192.168.77.5"],
                                            user: "zelda", uid: 1000, inode: 1, localAddress: "192.168.77.5")])
        live.bindAttempt = .notGathered("listeners")
        let redactor = Redactor(key: 7, userNames: ["zelda"])
        let report = Doctor.report(facts: try T.live("native-debian.txt"), configuration: T.configuration(), live: live, redactor: redactor)
        let json = JSONRenderer.render(report)
        try DoctorSchema.validate(json)
        #expect(!json.contains("zelda") && !json.contains("192.168.77.5"))
        #expect(json.contains("user-1"))
    }
}
