import NetProbe

/// The service half of `openclaw gateway status`: the unit's state, the main process's uptime, systemd's restart
/// count and the open connections on the port. Pure over what `systemctl --user show` and `/proc/net/tcp{,6}` said.
public struct ServiceStatus: Sendable, Equatable, Encodable {
    public var unit: String
    public var unitPath: String
    /// `LoadState`, `ActiveState`, `SubState`, `UnitFileState` as systemd prints them.
    public var loadState: String?
    public var activeState: String?
    public var subState: String?
    public var unitFileState: String?
    /// `MainPID` (absent when 0: no main process).
    public var mainPID: Int?
    /// `NRestarts`: restarts systemd made since the unit was last started by hand.
    public var restarts: Int?
    /// Seconds since `ExecMainStartTimestampMonotonic`, while the unit is active.
    public var uptimeSeconds: Int?
    /// ESTABLISHED TCP sockets whose local port is the gateway's (`/proc/net/tcp` and `tcp6`); `nil` when unread.
    public var openConnections: Int?

    /// `monotonicNow`: CLOCK_MONOTONIC in microseconds (systemd's `...Monotonic` timestamps use the same clock).
    public static func from(_ file: ServiceUnitFile, monotonicNow: UInt64, openConnections: Int?) -> ServiceStatus {
        let p = file.state?.properties ?? [:]
        func value(_ key: String) -> String? { p[key].flatMap { $0.isEmpty ? nil : $0 } }
        var uptime: Int?
        if value("ActiveState") == "active", let start = value("ExecMainStartTimestampMonotonic").flatMap(UInt64.init),
           start > 0, monotonicNow >= start {
            uptime = Int((monotonicNow - start) / 1_000_000)
        }
        return ServiceStatus(
            unit: file.name, unitPath: file.path, loadState: value("LoadState"), activeState: value("ActiveState"),
            subState: value("SubState"), unitFileState: value("UnitFileState"),
            mainPID: value("MainPID").flatMap(Int.init).flatMap { $0 == 0 ? nil : $0 }, restarts: file.state?.restarts,
            uptimeSeconds: uptime, openConnections: openConnections)
    }

    /// `openclaw-gateway.service active (running), pid 812, up 3 min 4 s, 0 restarts, 2 open connections`.
    public var line: String {
        var parts = ["\(unit) \(activeState ?? "unknown")\(subState.map { " (\($0))" } ?? "")"]
        if let mainPID { parts.append("pid \(mainPID)") }
        if let uptimeSeconds { parts.append("up \(Self.duration(uptimeSeconds))") }
        if let restarts { parts.append("\(restarts) restart\(restarts == 1 ? "" : "s")") }
        if let openConnections { parts.append("\(openConnections) open connection\(openConnections == 1 ? "" : "s")") }
        return parts.joined(separator: ", ")
    }

    static func duration(_ seconds: Int) -> String {
        if seconds < 60 { return "\(seconds) s" }
        if seconds < 3600 { return "\(seconds / 60) min \(seconds % 60) s" }
        if seconds < 86400 { return "\(seconds / 3600) h \(seconds % 3600 / 60) min" }
        return "\(seconds / 86400) d \(seconds % 86400 / 3600) h"
    }

    /// ESTABLISHED (`st` 01) sockets with local port `port`: the gateway's side of its client connections.
    public static func openConnections(_ rows: [TCPSocketRow], port: UInt16) -> Int {
        rows.filter { $0.state == 0x01 && $0.localPort == port }.count
    }
}
