/// One Windows program listening on a port: pid, image name (from `tasklist`) and the local addresses.
public struct WindowsPortHolder: Sendable, Equatable, Codable {
    public var pid: Int
    /// `node.exe`: from `tasklist`, else from `netstat -b`'s `[node.exe]` line; `nil` when neither names the pid.
    public var image: String?
    /// Local addresses it listens on: `0.0.0.0:18789`, `[::1]:18789`.
    public var endpoints: [String]

    public init(pid: Int, image: String?, endpoints: [String]) {
        self.pid = pid
        self.image = image
        self.endpoints = endpoints
    }

    /// A Windows-side OpenClaw: `node.exe` (OpenClaw runs on Node) or an `openclaw*.exe`.
    public var looksLikeOpenClaw: Bool {
        guard let name = image?.lowercased() else { return false }
        // `node` / `openclaw`: `Get-Process` names a process without `.exe`.
        return name == "node.exe" || name == "node" || name.hasPrefix("openclaw")
    }

    /// `node.exe (pid 4242)`, or `pid 4242 (image unknown)`.
    public var label: String { image.map { "\($0) (pid \(pid))" } ?? "pid \(pid) (image unknown)" }
}

/// What the Windows half says about one TCP port: who listens, whether it is excluded, whether it is in the dynamic
/// range. Each part is `nil` when its tool did not answer (unknown), never "none". Pure.
public struct WindowsPortFinding: Sendable, Equatable {
    public var port: UInt16
    /// Listeners on the port; `nil` when `netstat` did not answer.
    public var holders: [WindowsPortHolder]?
    /// The excluded ranges that contain the port; `nil` when `netsh ... excludedportrange` did not answer.
    public var excludedRanges: [ExcludedPortRange]?
    /// The dynamic range, when read.
    public var dynamicRange: DynamicPortRange?

    public init(port: UInt16, holders: [WindowsPortHolder]?, excludedRanges: [ExcludedPortRange]?, dynamicRange: DynamicPortRange?) {
        self.port = port
        self.holders = holders
        self.excludedRanges = excludedRanges
        self.dynamicRange = dynamicRange
    }

    /// From the raw facts: parses `netstat`, `tasklist`, `netsh` output that answered.
    public static func analyse(_ windows: WindowsFacts, port: UInt16) -> WindowsPortFinding {
        var holders: [WindowsPortHolder]? = nil
        if let netstat = windows.netstat, netstat.answered {
            let images = windows.tasklist.flatMap { $0.answered ? TasklistImages.parse($0.output) : nil } ?? [:]
            var byPid: [Int: WindowsPortHolder] = [:]
            var order: [Int] = []
            for listener in NetstatListeners.parse(netstat.output) where listener.port == port {
                if byPid[listener.pid] == nil {
                    byPid[listener.pid] = WindowsPortHolder(pid: listener.pid, image: images[listener.pid] ?? listener.image,
                                                            endpoints: [])
                    order.append(listener.pid)
                } else if byPid[listener.pid]?.image == nil {
                    byPid[listener.pid]?.image = listener.image
                }
                if byPid[listener.pid]?.endpoints.contains(listener.endpoint) == false {
                    byPid[listener.pid]?.endpoints.append(listener.endpoint)
                }
            }
            holders = order.compactMap { byPid[$0] }
        }
        let excluded = windows.excludedPortRange.flatMap { run in
            run.answered ? ExcludedPortRanges.parse(run.output).filter { $0.contains(port) } : nil
        }
        let dynamic = windows.dynamicPortRange.flatMap { $0.answered ? DynamicPortRange.parse($0.output) : nil }
        return WindowsPortFinding(port: port, holders: holders, excludedRanges: excluded, dynamicRange: dynamic)
    }

    /// Whether anything on Windows explains a refused bind of the port.
    public var explainsRefusedBind: Bool { !(holders ?? []).isEmpty || !(excludedRanges ?? []).isEmpty }

    /// `port 18789 is held on Windows by node.exe (pid 4242)`, or the excluded-range sentence; `nil` when neither.
    public var headline: String? {
        if let holders, !holders.isEmpty {
            return "port \(port) is held on Windows by \(holders.map(\.label).joined(separator: ", "))"
        }
        if let range = excludedRanges?.first {
            return "port \(port) is inside a Windows excluded port range \(range.text) "
                + (range.administered ? "(an administered exclusion)" : "(reserved by Hyper-V/WinNAT)")
        }
        return nil
    }
}
