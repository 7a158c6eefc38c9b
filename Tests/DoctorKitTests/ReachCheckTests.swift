@testable import DoctorKit
import Gateway
import NetProbe
import Testing
import TestSupport

/// `gateway.reach` over the derived view's matrix: status, title, detail and JSON, from hand-made observations.
@Suite("gateway.reach")
struct ReachCheckTests {
    static func seen(_ source: ReachSource, _ role: ReachRole, _ host: String, _ outcome: ProbeOutcome) -> ReachObservation {
        ReachObservation(target: ReachTarget(source: source, role: role, host: host),
                         result: ProbeResult(host: host, port: 18789, outcome: outcome, elapsedMicros: 4000))
    }

    static func live(reach: Observation<ReachGathered>, lock: LockState = .held(metadata: DoctorTestInputs.metadata())) -> LiveObservations {
        var live = DoctorTestInputs.quietLive()
        live.lock = .value(lock)
        // As with `--only gateway.reach`: the loopback probe does not run, so the reach edge's own rows stand.
        live.probes = .notGathered("not needed by the selected checks")
        live.reach = reach
        return live
    }

    static let ours = ProbeOutcome.gateway(identity: GatewayIdentity(instanceId: "inst-ours"), isSelf: false)

    @Test("mirrored: a Windows program on 127.0.0.1 where the gateway listens fails, naming the cell; JSON carries every cell")
    func mirroredShadow() throws {
        let facts = try DoctorTestInputs.live("wsl2-mirrored-full.txt")
        let reach = ReachGathered(observations: [
            Self.seen(.linux, .loopback, "127.0.0.1", Self.ours),
            Self.seen(.linux, .ipv6Loopback, "::1", Self.ours),
            Self.seen(.linux, .secondLoopback, "127.0.0.2", .refused),
            Self.seen(.windows, .loopback, "127.0.0.1", .httpNotWebSocket(status: 404, server: "WindowsDevServer/1.0")),
            Self.seen(.windows, .ipv6Loopback, "::1", .refused),
            Self.seen(.windows, .localhost, "localhost", .httpNotWebSocket(status: 404, server: "WindowsDevServer/1.0")),
        ], bootId: "boot")
        let result = DoctorTestInputs.run("gateway.reach", DoctorTestInputs.inputs(facts, live: Self.live(reach: .value(reach))))
        #expect(result.status == .fail, "\(result)")
        #expect(result.title == "from Windows to 127.0.0.1:18789: another program (a Windows program): http-not-websocket (HTTP 404, server WindowsDevServer/1.0)",
                "\(result)")
        #expect(result.detail.contains { $0.hasPrefix("from Linux to 127.0.0.1:18789: this gateway in 4 ms [ok]") }, "\(result.detail)")
        #expect(result.fix?.contains("taskkill") == true)
        guard case .object(let data) = result.data, case .array(let cells)? = data["cells"] else { Issue.record("\(result.data)"); return }
        #expect(data["mode"] == .string("mirrored") && data["status"] == .string("fail"))
        // Seven rows: the plan's LAN row (192.168.1.23 in the capture) was not observed, so it is "not tried: not probed".
        #expect(cells.count == 7, "\(cells)")
        let answers = cells.compactMap { cell -> String? in
            guard case .object(let o) = cell, case .string(let a)? = o["answer"] else { return nil }
            return a
        }
        #expect(answers == ["this-gateway", "this-gateway", "refused", "not-tried", "other-program", "refused", "other-program"], "\(answers)")
    }

    @Test("a replay shows the capture's reach section as it was seen; a capture without one skips saying so")
    func replay() throws {
        var facts = try DoctorTestInputs.facts("wsl2-mirrored-full.txt")
        let without = DoctorTestInputs.run("gateway.reach", DoctorTestInputs.inputs(facts))
        #expect(without.status == .skip && without.title.contains("not in this capture"), "\(without)")
        facts.reach = ReachSection.write([
            Self.seen(.linux, .loopback, "127.0.0.1", .timeout),
            Self.seen(.linux, .secondLoopback, "127.0.0.2", .refused),
        ], bootId: nil)
        let replayed = DoctorTestInputs.run("gateway.reach", DoctorTestInputs.inputs(facts))
        #expect(replayed.status == .info, "\(replayed)")
        #expect(replayed.detail.contains { $0.hasPrefix("from Linux to 127.0.0.1:18789: no answer in time in 4 ms") }, "\(replayed.detail)")
        #expect(replayed.detail.contains { $0.hasPrefix("evidence: 127.0.0.1:18789 did not answer in time") }, "\(replayed.detail)")
    }

    @Test("a native capture's replay: no Windows rows, and the last line says why (not WSL, the capture's verdict, what would say WSL)")
    func replayNative() throws {
        var facts = try DoctorTestInputs.facts("native-debian.txt")
        facts.reach = ReachSection.write([Self.seen(.linux, .loopback, "127.0.0.1", .refused)], bootId: nil)
        let replayed = DoctorTestInputs.run("gateway.reach", DoctorTestInputs.inputs(facts))
        #expect(!replayed.detail.contains { $0.hasPrefix("from Windows") }, "\(replayed.detail)")
        #expect(replayed.detail.last?.hasPrefix("nothing is tried from Windows: not WSL: native Linux (the verdict: native Linux") == true, "\(replayed.detail)")
        guard case .object(let data) = replayed.data else { Issue.record("\(replayed.data)"); return }
        #expect(data["windowsNotTried"] == .string(replayed.detail.last ?? ""), "\(data)")
    }

    @Test("not gathered is a skip; a timeout of the probes is a failure; only not-tried cells is a skip")
    func notGathered() throws {
        let facts = try DoctorTestInputs.live("wsl2-mirrored-full.txt")
        let none = DoctorTestInputs.run("gateway.reach", DoctorTestInputs.inputs(facts, live: Self.live(reach: .notGathered("not needed"))))
        #expect(none.status == .skip && none.title.contains("not needed"))
        let late = DoctorTestInputs.run("gateway.reach", DoctorTestInputs.inputs(facts, live: Self.live(reach: .timedOut(milliseconds: 2000))))
        #expect(late.status == .fail && late.title.contains("did not finish within 2000 ms"))
        let target = ReachTarget(source: .windows, role: .loopback, host: "127.0.0.1")
        let only = ReachGathered(observations: [ReachObservation(target: target, notTried: "interop is off: test")], bootId: nil)
        var nativeFacts = try DoctorTestInputs.live("wsl2-mirrored-full.txt")
        nativeFacts.origin = .live
        let skipped = DoctorTestInputs.run("gateway.reach", DoctorTestInputs.inputs(nativeFacts, live: Self.live(reach: .value(only))))
        // The Linux rows the plan wants were not in the observations: "not probed"; the Windows row says why.
        #expect(skipped.status == .skip, "\(skipped)")
        #expect(skipped.detail.contains { $0.contains("not tried: interop is off: test") }, "\(skipped.detail)")
    }
}
