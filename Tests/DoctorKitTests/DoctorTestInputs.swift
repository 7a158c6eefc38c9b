@testable import DoctorKit
import Foundation
import Gateway
import NetProbe
import NetProbeLive
import TestSupport

/// Builds `DoctorInputs` for pure check tests: facts from fixture captures (or hand-made), a configuration with
/// state paths that do not exist, and hand-made live observations.
enum DoctorTestInputs {
    /// Facts of a fixture capture (`Tests/Fixtures/captures/NAME`).
    static func facts(_ name: String) throws -> MachineFacts {
        try CaptureReader.read(path: Fixtures.path("captures/\(name)"))
    }

    /// The same facts, as if read from the live machine (so live checks are evaluated, not skipped).
    static func live(_ name: String) throws -> MachineFacts {
        var f = try facts(name)
        f.origin = .live
        return f
    }

    /// Every capture fixture (text and `ip -j` JSON forms).
    static var allFixtureNames: [String] {
        Fixtures.files(in: "captures").map { ($0 as NSString).lastPathComponent }.filter { $0.hasSuffix(".txt") }
    }

    static let paths = GatewayPaths(stateDirectory: "/nonexistent/openclaw-test/state", lockDirectory: "/nonexistent/openclaw-test/run")

    static func configuration(
        port: UInt16 = 18789, bind: BindMode = .loopback, bindHost: String? = nil, token: Bool = false,
        instanceCheck: InstanceCheck = .auto, ipv6: Bool = true
    ) -> DoctorConfiguration {
        DoctorConfiguration(
            port: port,
            start: StartConfiguration(port: port, bindMode: bind, bindHost: bindHost, instanceCheck: instanceCheck,
                                      tokenPresent: token, ipv6LoopbackAvailable: ipv6),
            paths: paths)
    }

    static func inputs(_ facts: MachineFacts, _ configuration: DoctorConfiguration = configuration(),
                       live: LiveObservations = .none("test")) -> DoctorInputs {
        DoctorInputs(facts: facts, verdict: Classifier.classify(facts), configuration: configuration, live: live)
    }

    /// Runs one check through the runner (so skips get their reason, throws become failures).
    static func run(_ id: String, _ inputs: DoctorInputs) -> CheckResult {
        let results = CheckRunner.run(DoctorChecks.all, inputs: inputs, selection: CheckSelection(only: [id]))
        return results.first ?? CheckResult(id: id, status: .fail, title: "no such check")
    }

    /// Live observations where nothing holds anything: port free, lock absent, no lock dir, no units.
    static func quietLive(port: UInt16 = 18789) -> LiveObservations {
        LiveObservations(
            probes: .value([ProbeResult(host: "127.0.0.1", port: port, outcome: .refused, elapsedMicros: 90),
                            ProbeResult(host: "::1", port: port, outcome: .refused, elapsedMicros: 80)]),
            portOwners: .value([]), bindAttempt: .value(.succeeded), lock: .value(.absent),
            lockDirectory: .value(directory(exists: false)), units: .value([]))
    }

    static func metadata(pid: Int32 = 4242, instance: String = "inst-ours", port: UInt16 = 18789,
                         binds: [String] = ["127.0.0.1", "::1"], status: InstanceStatus = .ready) -> InstanceMetadata {
        InstanceMetadata(pid: pid, processStartTime: 1, bootId: "boot", instanceId: instance, port: port,
                         bindAddresses: binds, strategy: "loopback-probe", version: "test",
                         startedAt: "2026-01-01T00:00:00Z", status: status)
    }

    static func owner(pid: Int32?, address: String = "127.0.0.1", comm: String = "python3", uid: UInt32 = 1000) -> PortOwner {
        PortOwner(pid: pid, comm: comm, cmdline: pid == nil ? nil : [comm], user: nil, uid: uid, inode: 77,
                  localAddress: address)
    }

    static func directory(exists: Bool = true, symlink: Bool = false, isDirectory: Bool = true, mode: UInt32 = 0o700,
                          owner: UInt32 = 1000, me: UInt32 = 1000, gatewayOwned: Bool = true) -> LockDirectoryState {
        LockDirectoryState(path: paths.lockDirectory, exists: exists, isSymlink: symlink, isDirectory: isDirectory,
                           mode: mode, ownerUID: owner, currentUID: me, gatewayOwned: gatewayOwned)
    }

    static func probes(_ v4: ProbeOutcome, _ v6: ProbeOutcome, port: UInt16 = 18789) -> Observation<[ProbeResult]> {
        .value([ProbeResult(host: "127.0.0.1", port: port, outcome: v4, elapsedMicros: 1000),
                ProbeResult(host: "::1", port: port, outcome: v6, elapsedMicros: 1000)])
    }
}
