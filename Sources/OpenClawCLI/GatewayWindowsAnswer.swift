import Foundation
import NetProbe

/// `gateway status` / `gateway probe`: under WSL2 mirrored networking, a non-gateway answer on 127.0.0.1 with no Linux
/// process listening on the port comes from Windows; this names the Windows program (`node.exe (pid 4242)`) by asking
/// the Windows half (`netstat.exe`, `tasklist.exe` through interop, one deadline, 1.5 s by default). Edge.
enum GatewayWindowsAnswer {
    /// NetProbe verdict names of an answer that is not a gateway.
    static let nonGatewayVerdicts: Set<String> = ["not-http", "http-not-websocket", "websocket-not-gateway"]

    /// The Windows program(s) behind the answer, or `nil` (not mirrored, a Linux holder exists, interop off, nobody).
    static func name(port: UInt16, nonGatewayAnswerOn127: Bool) -> String? {
        guard nonGatewayAnswerOn127 else { return nil }
        let verdict = GatewayEnvironment.liveVerdict()
        guard verdict.kind == .wsl2, verdict.wslNetworkingMode == .mirrored || verdict.wslNetworkingMode == .virtioproxy,
              PortOwners.listeners(port: port).isEmpty else { return nil }
        let windows = WindowsFacts.readLive(options: WindowsToolOptions.from(ProcessInfo.processInfo.environment))
        guard let holders = WindowsPortFinding.analyse(windows, port: port).holders, !holders.isEmpty else { return nil }
        return holders.map(\.label).joined(separator: ", ") + " on Windows"
    }
}
