import NetProbe

/// `windows.excluded-port`: is the gateway port inside a Windows excluded (reserved) port range
/// (`netsh interface ipv4|ipv6 show excludedportrange protocol=tcp`)?
///
/// skip: not WSL, or `netsh` not known; ok: outside every range; fail: inside one, naming it and whether it is
/// administered (`*`), with fixes.
enum WindowsExcludedPortCheck {
    static let id = "windows.excluded-port"
    /// Most ranges holding the port listed in `data.ranges`.
    static let listedRanges = 20

    static let check = DoctorCheck(
        id: id, summary: "Whether the gateway port is inside a Windows excluded port range (Hyper-V/WinNAT reservations)"
    ) { inputs in
        guard inputs.environment.wsl.applies else { return WindowsCheckSupport.notApplicable(id, inputs.environment.wsl, "WSL") }
        let port = inputs.port
        guard let windows = inputs.facts.windows, let run = windows.excludedPortRange, run.answered else {
            return WindowsCheckSupport.unknown(id, "netsh.exe show excludedportrange", inputs.facts.windows?.excludedPortRange, inputs)
        }
        let all = ExcludedPortRanges.parse(run.output)
        let hits = all.filter { $0.contains(port) }
        // The ranges holding the port, at most `listedRanges` of them (`rangesHolding` counts them all).
        let data: JSONValue = ["port": .number(Double(port)), "rangesRead": .number(Double(all.count)),
                               "rangesHolding": .number(Double(hits.count)), "ranges": JSONValue(encoding: Array(hits.prefix(Self.listedRanges)))]
        guard let range = hits.first else {
            return CheckResult(id: id, status: .ok, title: "port \(port) is outside the \(all.count) Windows excluded port ranges",
                               data: data)
        }
        var detail = [
            range.administered
                ? "\(range.text) is an administered exclusion (marked *): someone reserved it with `netsh ... add excludedportrange`"
                : "\(range.text) is reserved by Hyper-V/WinNAT/HNS (not administered); such blocks move at every reboot",
            "Windows refuses binds inside it (EACCES/EADDRINUSE), and under WSL2 mirrored networking so does Linux",
        ]
        var fixes = ["start the gateway with another --port outside \(range.text)"]
        if inputs.environment.loopback.ignoredPortsApplies {
            fixes.append("or add `ignoredPorts=\(port)` under [experimental] in %UserProfile%\\.wslconfig and `wsl --shutdown`")
        }
        if !range.administered {
            fixes.append("or free it (as administrator): `net stop winnat`, `netsh int ipv4 add excludedportrange protocol=tcp startport=\(port) numberofports=1`, `net start winnat`")
            detail.append("an administered exclusion of the port itself keeps Hyper-V/WinNAT from taking it again")
        }
        return CheckResult(id: id, status: .fail,
                           title: "port \(port) is inside a Windows excluded port range \(range.text)"
                               + (range.administered ? " (administered)" : " (reserved by Hyper-V/WinNAT)"),
                           detail: detail, fix: fixes.joined(separator: "; "), data: data)
    }
}
