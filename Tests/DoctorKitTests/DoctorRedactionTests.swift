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
        #expect(json.contains(redactor.scrub("zelda")) && redactor.scrub("zelda").hasPrefix("user-"))
    }

    static func signalIds(_ v: EnvironmentVerdict) -> [String] { v.evidence.map { "\($0.signal) \($0.stance) \($0.claim)" } }

    @Test("redaction never changes a verdict or drops evidence: every fixture, the report and the replayed redacted capture")
    func verdictUnchanged() throws {
        #expect(T.allFixtureNames.contains("wsl2-generated-headers.txt"))
        for name in T.allFixtureNames {
            let facts = try T.facts(name)
            let plain = Doctor.report(facts: facts, configuration: T.configuration(), live: .none("snapshot"))
            for key: UInt64 in [1, 0x5eed, 0xdead_beef] {
                let redactor = Redactor(key: key, learningFrom: facts)
                let report = Doctor.report(facts: facts, configuration: T.configuration(), live: .none("snapshot"), redactor: redactor)
                #expect(Self.same(report.environment, plain.environment), "\(name) key \(key)")
                #expect(Self.signalIds(report.environment) == Self.signalIds(plain.environment), "\(name) key \(key)")
                #expect(report.checks.map(\.status) == plain.checks.map(\.status), "\(name) key \(key)")
                let replayed = Classifier.classify(CaptureReader.parse(text: CaptureWriter.write(redactor.redact(facts)), file: "r"))
                #expect(Self.same(replayed, plain.environment), "\(name) key \(key) replayed: \(replayed.summary) vs \(plain.environment.summary)")
                #expect(Self.signalIds(replayed) == Self.signalIds(plain.environment), "\(name) key \(key) replayed")
            }
        }
    }

    @Test("issue 10.5: WSL's generated headers and 10.255.255.254 stay WSL2 (mode unknown, low) when redacted; their text stays")
    func generatedHeaders() throws {
        let facts = try T.facts("wsl2-generated-headers.txt")
        let redactor = Redactor(key: 3, learningFrom: facts)
        let report = Doctor.report(facts: facts, configuration: T.configuration(), live: .none("snapshot"), redactor: redactor)
        #expect(report.environment.kind == .wsl2 && report.environment.wslNetworkingMode == .unknown && report.environment.confidence == .low)
        let text = TextRenderer(verbose: true).render(report)
        #expect(text.contains("automatically generated by WSL"))
        #expect(!text.contains("JOHNS-PC") && !text.contains("attach.example"))
    }

    @Test("issue 10.6: one input, one token in the whole report (checks, evidence, plan, warnings, live observations)")
    func oneMapping() throws {
        for name in T.allFixtureNames {
            var facts = try T.live(name)
            facts.warnings.append(FactWarning(section: "ip-addr", message: "not `ip addr` output: inet 192.168.1.57/24 scope global eth0"))
            var live = T.quietLive()
            live.portOwners = .value([PortOwner(pid: 9, comm: "python3", cmdline: ["python3", "serve.py", "--bind", "192.168.1.57"],
                                                user: "nobody", uid: 65534, inode: 1, localAddress: "192.168.1.57")])
            live.bindAttempt = .notGathered("listeners")
            let redactor = Redactor(key: 0x5eed, learningFrom: facts)
            let report = Doctor.report(facts: facts, configuration: T.configuration(), live: live, redactor: redactor)
            let json = JSONRenderer.render(report)
            // Every address in the report is an input address's image under the one mapping (or kept):
            // redacting twice, or with two mappings, would show addresses outside this set.
            let images = Set(DoctorSensitive.addressCandidates(redactor.scrub(CaptureWriter.write(facts) + "\n192.168.1.57/24\n"))
                .compactMap(DoctorSensitive.canonical))
            let originals = Set(DoctorSensitive.addressCandidates(CaptureWriter.write(facts)).compactMap(DoctorSensitive.canonical))
            let strays = DoctorSensitive.addressCandidates(json).compactMap(DoctorSensitive.canonical)
                .filter { !images.contains($0) && !(originals.contains($0) && DoctorSensitive.isKept($0)) && !DoctorSensitive.isKept($0) }
            #expect(strays.isEmpty, "\(name): addresses that no input maps to: \(Set(strays))")
            let token = redactor.scrub("192.168.1.57")
            #expect(json.contains(token) && !json.contains("192.168.1.57"), "\(name)")
        }
    }

    @Test("a replayed redacted capture reports redacted: true, with or without --redact")
    func replayedRedactedCapture() throws {
        let facts = try T.facts("wsl2-nat.txt")
        let written = CaptureWriter.write(Redactor(key: 4, learningFrom: facts).redact(facts))
        #expect(written.contains("\n# redacted"))
        let replay = CaptureReader.parse(text: written, file: "redacted.txt")
        let report = Doctor.report(facts: replay, configuration: T.configuration(), live: .none("snapshot"))
        #expect(report.redacted)
        #expect(JSONRenderer.render(report).contains("\"redacted\" : true") || JSONRenderer.render(report).contains("\"redacted\":true"))
        #expect(!Doctor.report(facts: facts, configuration: T.configuration(), live: .none("snapshot")).redacted)
    }

    @Test("a doctor never prints a secret: the port holder's --token is masked in plain, -v, --json and --redact")
    func secretsNeverPrinted() throws {
        var live = T.quietLive()
        live.portOwners = .value([PortOwner(pid: 9, comm: "node", cmdline: ["node", "gw.js", "--token", "s3cr3tTOKEN", "--password=pw-s3cr3t"],
                                            user: "nobody", uid: 65534, inode: 1, localAddress: "127.0.0.1")])
        live.bindAttempt = .notGathered("listeners")
        let facts = try T.live("native-debian.txt")
        for redactor in [nil, Redactor(key: 8, learningFrom: facts)] {
            let report = Doctor.report(facts: facts, configuration: T.configuration(), live: live, redactor: redactor)
            for output in [JSONRenderer.render(report), TextRenderer(verbose: true).render(report), TextRenderer(verbose: false).render(report)] {
                #expect(!output.contains("s3cr3tTOKEN") && !output.contains("pw-s3cr3t"))
            }
            #expect(JSONRenderer.render(report).contains("--token ***"))
        }
    }
}
