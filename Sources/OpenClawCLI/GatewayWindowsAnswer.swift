import Foundation
import Gateway
import NetProbe

/// `gateway status` / `gateway probe`: a non-gateway answer where the derived view says the connection reaches
/// Windows (`LoopbackCrossing`: 127.0.0.1 under WSL2 mirrored or virtioproxy networking, every address on WSL1) and
/// no Linux process listens there (`ProbeReading.answeredBy == .windowsProgram`) comes from Windows; this names the
/// Windows program (`node.exe (pid 4242)`) by asking the Windows half (`netstat.exe`, `tasklist.exe` through interop,
/// one deadline, 1.5 s by default). Edge: reads the live machine.
enum GatewayWindowsAnswer {
    /// The Windows program(s) behind `result`, or `nil` (not a non-gateway answer, loopback does not reach Windows
    /// here, a Linux process listens there, interop off, nobody named).
    static func name(_ result: ProbeResult, port: UInt16) -> String? {
        guard result.outcome.category == .notAGateway else { return nil }
        let facts = LiveReader(options: .init(readsSocketTables: false)).read()
        let environment = EnvironmentView.derive(facts: facts, verdict: Classifier.classify(facts))
        let owners = PortOwners.listeners(port: port)
        func judge(_ windows: WindowsPortFinding?) -> ProbeReading {
            ProbeReading.judge(result, holder: nil, lockHeld: nil, owners: owners, loopback: environment.loopback, windows: windows)
        }
        guard case .windowsProgram = judge(nil).answeredBy else { return nil }
        let windows = facts.windows ?? WindowsFacts.readLive(options: WindowsToolOptions.from(ProcessInfo.processInfo.environment))
        guard case .windowsProgram(let holders?) = judge(WindowsPortFinding.analyse(windows, port: port)).answeredBy else { return nil }
        return holders.map(\.label).joined(separator: ", ") + " on Windows"
    }
}
