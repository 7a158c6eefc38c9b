@testable import DoctorKit
import Foundation
import Gateway
import NetProbe
import NetProbeLive
import Testing
import TestSupport

/// A report on a damaged view of the machine still completes: netlink facts missing (with LiveReader's warning),
/// unreadable files, nothing live gathered.
@Suite("Doctor on a damaged machine view")
struct DamagedMachineTests {
    typealias T = DoctorTestInputs

    @Test("facts with nil netlink fields plus a warning: the report completes, validates, and names the warning")
    func netlinkFailedFacts() throws {
        var facts = try T.live("native-debian.txt")
        facts.links = nil; facts.addresses = nil; facts.routes = nil; facts.rules = nil; facts.rules6 = nil; facts.neighbours = nil
        facts.warnings.append(FactWarning(section: "ip-link", message: "netlink: ENOENT; links, addresses, routes, rules and neighbours are unknown"))
        let report = Doctor.report(facts: facts, configuration: T.configuration(), live: T.quietLive())
        try DoctorSchema.validate(JSONRenderer.render(report))
        #expect(report.checks.count == DoctorChecks.all.count)
        #expect(report.warnings.contains { $0.contains("netlink") })
        #expect(report.checks.first { $0.id == "net.loopback" }?.status == .skip)
        #expect(report.checks.first { $0.id == "net.loopback-routing" }?.status == .skip)
        #expect(TextRenderer().render(report).contains("  warning: section ip-link: netlink"))
    }

    @Test("LiveReader pointed at a missing network namespace: nil netlink facts, a warning, a complete report")
    func missingNamespace() throws {
        let facts = LiveReader(options: .init(netlinkNamespacePath: "/run/netns/openclaw-doctor-missing-\(UUID().uuidString.prefix(6))")).read()
        #expect(facts.links == nil && facts.addresses == nil)
        #expect(!facts.warnings.isEmpty)
        let report = Doctor.report(facts: facts, configuration: T.configuration(), live: T.quietLive())
        try DoctorSchema.validate(JSONRenderer.render(report))
        #expect(report.checks.count == DoctorChecks.all.count)
        #expect(!report.checks.contains { $0.title.contains("the check itself failed") })
    }

    @Test("LiveReader over a file tree with every file missing: unknown facts, a complete, valid report")
    func missingFiles() throws {
        let root = TestDirectory.make("emptyroot")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/proc", withIntermediateDirectories: true)
        // A directory where a file belongs: unreadable, never fatal.
        try FileManager.default.createDirectory(atPath: root + "/etc/hosts", withIntermediateDirectories: true)
        let facts = LiveReader(options: .init(fileRoot: root, environment: [:], wslinfoCandidates: [], wslconfigRoot: root + "/mnt/c/Users")).read()
        #expect(facts.procVersion == nil && facts.hosts == nil && facts.osRelease == nil)
        let report = Doctor.report(facts: facts, configuration: T.configuration(), live: .none("not gathered"))
        try DoctorSchema.validate(JSONRenderer.render(report))
        #expect(report.checks.count == DoctorChecks.all.count)
        #expect(report.environment == Classifier.classify(facts))
    }

    @Test("every live source failed or timed out: each check reports it, none is fatal")
    func everySourceFailed() throws {
        let live = LiveObservations(probes: .timedOut(milliseconds: 2000), portOwners: .failed("EACCES"),
                                    bindAttempt: .failed("EACCES"), lock: .failed("EIO"),
                                    lockDirectory: .timedOut(milliseconds: 1000), units: .failed("EIO"))
        let report = Doctor.report(facts: try T.live("native-debian.txt"), configuration: T.configuration(), live: live)
        try DoctorSchema.validate(JSONRenderer.render(report))
        let status = Dictionary(uniqueKeysWithValues: report.checks.map { ($0.id, $0.status) })
        #expect(status["gateway.probe"] == .fail && status["gateway.port"] == .fail && status["gateway.lock"] == .fail)
        #expect(status["supervisor.systemd"] == .skip)
        #expect(status["env.classification"] == .ok && status["gateway.plan"] == .ok)
        #expect(report.exitCode == 1)
    }
}
