import Foundation
import Gateway
import NetProbe
import NetProbeLive

/// `gateway status` / `gateway probe`: the derived view's reading of each live probe (`ProbeReading.judge`, with
/// this machine's `LoopbackCrossing`, port owners and the lock), so a non-gateway answer where the connection reaches
/// Windows (127.0.0.1 under WSL2 mirrored or virtioproxy networking, every address on WSL1) and no Linux process
/// listens there is read as a Windows program (`answeredBy == .windowsProgram`), named (`node.exe (pid 4242)`) when
/// the Windows half answers (`netstat.exe`, `tasklist.exe` through interop, one deadline, 1.5 s by default).
/// Edge: reads the live machine, and only when a probe got a non-gateway answer.
enum GatewayWindowsAnswer {
    struct Judged {
        var readings: [ProbeReading]
        /// The crossing the readings were judged with; `nil` when no answer needed the machine read.
        var loopback: LoopbackCrossing?
    }

    /// The readings of `results` (in order). `lock`: the port's lock as read (`nil`: not read, as in `gateway probe`).
    /// `windowsOptions`: the Windows tools' options (`OPENCLAW_WINDOWS_TIMEOUT_MS`), resolved by the command first.
    static func judge(_ results: [ProbeResult], port: UInt16, lock: LockState?, windowsOptions: WindowsToolRunner.Options) -> Judged {
        let holder: InstanceMetadata?
        if case .held(let metadata)? = lock { holder = metadata } else { holder = nil }
        let lockHeld: Bool? = lock.map { if case .held = $0 { return true } else { return false } }
        guard results.contains(where: { $0.outcome.category == .notAGateway }) else {
            // No answer whose answerer depends on the machine: gateway answers, refusals, hangs.
            let unread = LoopbackCrossing(path: .unknown, reason: "not read (no probe got a non-gateway answer)", context: "")
            return Judged(readings: results.map {
                ProbeReading.judge($0, holder: holder, lockHeld: lockHeld, owners: nil, loopback: unread, windows: nil)
            }, loopback: nil)
        }
        let facts = LiveReader(options: .init(readsSocketTables: false)).read()
        let loopback = EnvironmentView.derive(facts: facts, verdict: Classifier.classify(facts)).loopback
        let owners = PortOwners.listeners(port: port)
        func readings(_ windows: WindowsPortFinding?) -> [ProbeReading] {
            results.map {
                ProbeReading.judge($0, holder: holder, lockHeld: lockHeld, owners: owners, loopback: loopback, windows: windows)
            }
        }
        let first = readings(nil)
        guard first.contains(where: { if case .windowsProgram = $0.answeredBy { return true } else { return false } }) else {
            return Judged(readings: first, loopback: loopback)
        }
        let windows = facts.windows ?? WindowsFacts.readLive(options: windowsOptions)
        return Judged(readings: readings(WindowsPortFinding.analyse(windows, port: port)), loopback: loopback)
    }

    /// The Windows program(s) behind a reading (`node.exe (pid 4242) on Windows`), or `nil` (not a Windows
    /// program's answer, or Windows did not name it).
    static func name(_ reading: ProbeReading) -> String? {
        guard case .windowsProgram(let holders?) = reading.answeredBy else { return nil }
        return holders.map(\.label).joined(separator: ", ") + " on Windows"
    }
}
