@testable import DoctorKit
import Foundation
import Gateway
import NetProbe
import Testing
import TestSupport

/// The runner, the report, its JSON (validated against docs/doctor-report.schema.json) and the text renderer.
@Suite("Doctor report and renderers")
struct DoctorReportTests {
    typealias T = DoctorTestInputs

    static func report(_ facts: MachineFacts, live: LiveObservations = .none("replaying a snapshot"),
                       selection: CheckSelection = CheckSelection(), configuration: DoctorConfiguration = T.configuration()) -> DoctorReport {
        Doctor.report(facts: facts, configuration: configuration, live: live, selection: selection, version: "9.9.9")
    }

    @Test("every fixture's report validates against the schema; counts, findings and ok agree with the checks")
    func fixturesValidate() throws {
        var documents: [String] = []
        for name in T.allFixtureNames {
            let report = Self.report(try T.facts(name))
            let json = JSONRenderer.render(report)
            documents.append(json)
            #expect(json.hasSuffix("}\n") && json.filter { $0 == "\n" }.count == 1, "one line: \(name)")
            #expect(report.checks.map(\.id) == DoctorChecks.all.map(\.id))
            #expect(report.checksRun + report.checksSkipped == report.checks.count)
            #expect(report.findings.map(\.checkId) == report.checks.filter { $0.status != .ok && $0.status != .skip }.map(\.id))
            #expect(report.ok == !report.checks.contains { $0.status == .warn || $0.status == .fail })
            #expect(report.exitCode == (report.ok ? 0 : 1))
            #expect(report.environment == Classifier.classify(try T.facts(name)))
        }
        try DoctorSchema.validate(each: documents)
    }

    @Test("live reports with hand-made observations validate, in every state the gateway checks reach")
    func liveStatesValidate() throws {
        var states: [LiveObservations] = [T.quietLive(), .none("x")]
        var held = T.quietLive()
        held.lock = .value(.held(metadata: T.metadata()))
        held.portOwners = .value([T.owner(pid: 1)])
        held.probes = T.probes(.gateway(identity: GatewayIdentity(instanceId: "zz", pid: 3), isSelf: false), .timeout)
        states.append(held)
        var broken = T.quietLive()
        broken.lockDirectory = .value(T.directory(symlink: true))
        broken.units = .failed("EIO")
        broken.bindAttempt = .value(.addressInUse)
        states.append(broken)
        var documents = try states.map { JSONRenderer.render(Self.report(try T.live("wsl2-mirrored-full.txt"), live: $0)) }
        documents.append(JSONRenderer.render(Self.report(try T.facts("native-debian.txt"), configuration: T.configuration(bind: .lan))))
        try DoctorSchema.validate(each: documents)
    }

    @Test("the schema accepts the error object and rejects what the doctor must never print")
    func schemaStrictness() throws {
        try DoctorSchema.validate(JSONRenderer.render(DoctorErrorReport(code: "usage", message: "unknown check id x")))
        let good = JSONRenderer.render(Self.report(try T.facts("native-debian.txt")))
        #expect(throws: DoctorSchema.Invalid.self) { try DoctorSchema.validate(good + good) }
        #expect(throws: DoctorSchema.Invalid.self) { try DoctorSchema.validate(good.replacingOccurrences(of: #""status":"ok""#, with: #""status":"fine""#)) }
        #expect(throws: DoctorSchema.Invalid.self) { try DoctorSchema.validate(good.replacingOccurrences(of: #""schemaVersion":1"#, with: #""schemaVersion":1,"extra":true"#)) }
        #expect(throws: DoctorSchema.Invalid.self) {
            try DoctorSchema.validate(#"{"schemaVersion":1,"tool":"openclaw-doctor","ok":true,"error":{"code":"usage","message":"m"}}"#)
        }
        // A skip must say why.
        let skipNoReason = good.replacingOccurrences(of: #""data":{"reason":"snapshot"}"#, with: #""data":{}"#)
        #expect(skipNoReason != good)
        #expect(throws: DoctorSchema.Invalid.self) { try DoctorSchema.validate(skipNoReason) }
    }

    @Test("runner: --only, --skip (skip with reason), unknown ids named once, a throwing check fails alone")
    func runner() throws {
        struct Boom: Error {}
        let inputs = T.inputs(try T.facts("native-debian.txt"))
        let throwing = DoctorCheck(id: "test.boom", summary: "throws") { _ in throw Boom() }
        let results = CheckRunner.run([throwing] + DoctorChecks.all, inputs: inputs)
        #expect(results.first?.status == .fail && results.first?.title.contains("Boom") == true)
        #expect(results.count == DoctorChecks.all.count + 1)

        let only = CheckRunner.run(DoctorChecks.all, inputs: inputs, selection: CheckSelection(only: ["net.loopback", "gateway.plan"]))
        #expect(only.map(\.id) == ["net.loopback", "gateway.plan"])
        let skipped = CheckRunner.run(DoctorChecks.all, inputs: inputs, selection: CheckSelection(skip: ["net.loopback"]))
        let s = try #require(skipped.first { $0.id == "net.loopback" })
        #expect(s.status == .skip && s.data["reason"]?.stringValue == "skipped by --skip")
        #expect(CheckSelection(only: ["nope", "net.loopback"], skip: ["nope", "also"]).unknownIDs(in: DoctorChecks.all) == ["nope", "also"])
        #expect(CheckSelection(only: ["env.classification"]).liveSources(of: DoctorChecks.all).isEmpty)
        #expect(CheckSelection(skip: ["gateway.probe", "gateway.port", "gateway.reach"]).liveSources(of: DoctorChecks.all)
                == [.lock, .lockDirectory, .units, .stateDirectory, .holderCommandLines])
        #expect(CheckSelection(only: ["gateway.reach"]).liveSources(of: DoctorChecks.all) == [.reach, .lock, .portOwners])
        // `gateway.port` states `gateway run`'s answer, which reads the probes (78 for a holder answering as a gateway,
        // else 75): alone it gathers them as a full run does.
        #expect(CheckSelection(only: ["gateway.port"]).liveSources(of: DoctorChecks.all) == [.portOwners, .lock, .probes])
        #expect(Set(DoctorChecks.all.map(\.id)).count == DoctorChecks.all.count, "ids are unique")
    }

    @Test("text: header, one marker line per check, indented details and fixes, summary; colour only when asked")
    func text() throws {
        let report = Self.report(try T.facts("wsl2-mirrored-requested-but-nat.txt"))
        let plain = TextRenderer().render(report)
        let lines = plain.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first?.hasPrefix("openclaw-doctor 9.9.9: \(report.environment.summary), port 18789") == true)
        for check in report.checks {
            #expect(lines.contains("\(check.status.marker) \(check.id): \(check.title)"), "\(check.id)")
        }
        #expect(lines.contains { $0.hasPrefix("    fix: from Windows") })
        let warns = report.checks.filter { $0.status == .warn }.count
        #expect(lines.dropLast().last == "Doctor found problems: \(report.checksRun) checks run, \(report.checksSkipped) skipped, \(warns) warning\(warns == 1 ? "" : "s"), 0 failures.")
        #expect(!plain.contains("\u{1B}"))
        // One check run: "1 check run", never "1 checks run".
        let one = Self.report(try T.facts("wsl2-mirrored-requested-but-nat.txt"),
                              selection: CheckSelection(only: ["env.classification"], skip: []))
        let oneLines = TextRenderer().render(one).split(separator: "\n").map(String.init)
        #expect(oneLines.last?.contains(": 1 check run, ") == true, "\(oneLines.last ?? "")")
        let coloured = TextRenderer(colour: true).render(report)
        #expect(coloured.contains("\u{1B}[33m!\u{1B}[0m"))
        let verbose = TextRenderer(verbose: true).render(report)
        #expect(verbose.split(separator: "\n").count > plain.split(separator: "\n").count)
        #expect(verbose.contains(report.environment.evidence.first?.signal ?? "-"))

        #expect(!TextRenderer.shouldColour(isTerminal: false, environment: [:]))
        #expect(TextRenderer.shouldColour(isTerminal: true, environment: [:]))
        #expect(!TextRenderer.shouldColour(isTerminal: true, environment: ["NO_COLOR": "1"]))
        #expect(TextRenderer.shouldColour(isTerminal: true, environment: ["NO_COLOR": ""]))
        #expect(!TextRenderer.shouldColour(isTerminal: true, environment: ["TERM": "dumb"]))
    }
}
