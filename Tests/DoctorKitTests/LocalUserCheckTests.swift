@testable import DoctorKit
import Foundation
import Gateway
import NetProbe
import Testing
import TestSupport

/// `gateway.state` and `gateway.cmdline` (issue 23 items 4 and 5) over hand-made observations, and the exposure
/// finder as a property over every planted secret form.
@Suite("Doctor local-user checks")
struct LocalUserCheckTests {
    typealias T = DoctorTestInputs

    func live(_ edit: (inout LiveObservations) -> Void) throws -> DoctorInputs {
        var observations = T.quietLive()
        edit(&observations)
        return T.inputs(try T.live("native-debian.txt"), live: observations)
    }

    @Test("gateway.state: the gateway's own refusal, with path, owner, mode and fix; ok when trusted; skip when not gathered")
    func state() throws {
        let entry = StatePathTrust.Entry(path: "/home/bob/state", role: .stateDirectory, uid: 1001, mode: 0o755)
        let refusal = try #require(StatePathTrust.judge(entry, effectiveUID: 0))
        let failed = T.run("gateway.state", try live { $0.stateDirectory = .value(.init(entries: [entry], refusal: refusal, effectiveUID: 0)) })
        #expect(failed.status == .fail)
        #expect(failed.title.contains("/home/bob/state") && failed.title.contains("uid 1001") && failed.title.contains("mode 755"), "\(failed.title)")
        #expect(failed.fix?.contains("--state-dir") == true && failed.data["problem"]?.stringValue == "foreign-owner")
        let trusted = StatePathTrust.Entry(path: "/root/.openclaw", role: .stateDirectory, uid: 0, mode: 0o700)
        let ok = T.run("gateway.state", try live { $0.stateDirectory = .value(.init(entries: [trusted], refusal: nil, effectiveUID: 0)) })
        #expect(ok.status == .ok)
        #expect(T.run("gateway.state", try live { _ in }).status == .skip)
    }

    @Test("the journal knows gateway run's state-directory refusal as its own exit-78 refusal of an unsafe path")
    func journalSignature() throws {
        let entry = StatePathTrust.Entry(path: "/home/bob/state", role: .stateDirectory, uid: 1001, mode: 0o755)
        let refusal = try #require(StatePathTrust.judge(entry, effectiveUID: 0))
        let line = "openclaw gateway: \(refusal.description)"
        #expect(SignatureMatcher().matches(line).map(\.signature).contains(.ownUnsafeLock), "\(line)")
        #expect(SignatureMatcher().matches("openclaw gateway: Refusing to use the gateway lock: /x is a symbolic link.")
            .contains(SignatureMatch(signature: .ownUnsafeLock, captured: [])))
    }

    @Test("gateway.cmdline: a readable secret fails, an overwritten one warns, none is ok; the value never appears")
    func commandLine() throws {
        let readable = HolderCommandLine(pid: 77, role: "port holder", arguments: ["node", "gateway", "--token", "SeKrVisible123"])
        let failed = T.run("gateway.cmdline", try live { $0.holderCommandLines = .value([readable]) })
        #expect(failed.status == .fail && failed.title.contains("pid 77") && failed.fix?.contains("--token-file") == true)
        let text = ([failed.title] + failed.detail + [failed.fix ?? ""]).joined(separator: "\n")
        #expect(!text.contains("SeKrVisible123") && text.contains("--token ***"), "\(text)")
        let wiped = HolderCommandLine(pid: 78, role: "lock holder", arguments: ["openclaw", "gateway", "run", "--token", "xxxxxxxxxx"])
        #expect(T.run("gateway.cmdline", try live { $0.holderCommandLines = .value([wiped]) }).status == .warn)
        let clean = HolderCommandLine(pid: 79, role: "lock holder", arguments: ["openclaw", "gateway", "run", "--token-file", "/etc/oc/token"])
        #expect(T.run("gateway.cmdline", try live { $0.holderCommandLines = .value([clean]) }).status == .ok)
        #expect(T.run("gateway.cmdline", try live { $0.holderCommandLines = .value([wiped, readable]) }).status == .fail)
    }

    @Test("gateway.cmdline with no command line read never says the lock is free: an unverified holder (flock, sleep) may hold it")
    func noCommandLineWithHeldLock() throws {
        let metadata = InstanceMetadata(pid: 4242, processStartTime: 1, bootId: "b", instanceId: "i", port: 18789,
                                        bindAddresses: ["127.0.0.1"], strategy: "pidfile", version: "0.1.0",
                                        startedAt: "2026-12-08T00:00:00Z", status: .ready)
        let result = T.run("gateway.cmdline", try live {
            $0.lock = .value(.held(metadata: metadata))
            $0.holderCommandLines = .value([])
        })
        #expect(result.status == .ok)
        #expect(!result.title.contains("no process holds"), "\(result.title)")
        #expect(result.title.contains("no verified gateway holds its lock"), "\(result.title)")
    }

    @Test("exposures: every planted secret form on an argv is found, masked, and never overwritten-looking", arguments: 0..<4)
    func plantedForms(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        let planted = PlantedSecrets(&rng)
        for form in planted.forms {
            // An option form as the shell splits it; any other form as one argument (as `sh -c` or `-H` get it).
            let argv = ["openclaw", "gateway", "run"] + (form.text.hasPrefix("-") ? PlantedSecrets.shellWords(form.text) : [form.text])
                + ["--port", "18789"]
            let holder = HolderCommandLine(pid: 1, role: "port holder", arguments: argv)
            #expect(!holder.exposures.isEmpty, "not found: \(form)")
            #expect(holder.exposures.allSatisfy { !$0.wiped }, "\(form)")
            #expect(planted.leaks(in: holder.maskedArguments.joined(separator: " ")).isEmpty, "leaked: \(form) -> \(holder.maskedArguments)")
        }
        for argv in [["--token", "xxxxxxxx"], ["--token=xxxxxxxx"], ["--gateway.auth.token", "xxxx"]] {
            let found = CommandLineExposure.find(in: ["openclaw"] + argv)
            #expect(found.count == 1 && found[0].wiped, "\(argv): \(found)")
        }
        #expect(CommandLineExposure.find(in: ["openclaw", "gateway", "run", "--port", "18789", "--token-file", "/t"]).isEmpty)
    }
}
