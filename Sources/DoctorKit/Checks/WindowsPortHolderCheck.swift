import NetProbe

/// `windows.port-holder`: who listens on the gateway port on Windows (`netstat.exe -ano`, image names from
/// `tasklist.exe`), with the addresses. A Windows-side OpenClaw (`node.exe`, `openclaw*.exe`) is called out.
///
/// skip: not WSL, or `netstat` not known; ok: nobody on Windows; fail: a Windows program holds it where Windows and
/// Linux share ports (WSL1, WSL2 mirrored or virtioproxy: the gateway's bind would fail); info: it does under NAT
/// (separate stacks; Windows' localhost relay for the port is taken).
enum WindowsPortHolderCheck {
    static let id = "windows.port-holder"
    /// Most holders (and endpoints of a holder) named.
    static let listedHolders = 20

    static let check = DoctorCheck(
        id: id, summary: "Which Windows program (image name and pid) listens on the gateway port (netstat.exe, tasklist.exe)"
    ) { inputs in
        guard inputs.environment.wsl.applies else { return WindowsCheckSupport.notApplicable(id, inputs.environment.wsl, "WSL") }
        let port = inputs.port
        guard let windows = inputs.facts.windows, let netstat = windows.netstat, netstat.answered else {
            return WindowsCheckSupport.unknown(id, "netstat.exe", inputs.facts.windows?.netstat, inputs)
        }
        let finding = WindowsPortFinding.analyse(windows, port: port)
        let all = finding.holders ?? []
        // At most `listedHolders` are named (in detail, title, fix and data); `holdersFound` counts them all, so a
        // netstat of 100,000 rows on the port does not make a report of 100,000 lines.
        let holders = Array(all.prefix(Self.listedHolders))
        let data: JSONValue = ["port": .number(Double(port)), "holdersFound": .number(Double(all.count)),
                               "holders": JSONValue(encoding: holders)]
        guard !holders.isEmpty else {
            return CheckResult(id: id, status: .ok, title: "no Windows program listens on port \(port)", data: data)
        }
        var detail = holders.map { "\($0.label) listens on \($0.endpoints.prefix(Self.listedHolders).joined(separator: ", "))" }
        if all.count > holders.count { detail.append("\(all.count - holders.count) more holders are not listed") }
        if holders.contains(where: { $0.image == nil }) {
            detail.append("tasklist.exe " + (windows.tasklist?.problem ?? "did not list the pid") + ": the image name is unknown")
        }
        let openClaw = holders.contains(where: \.looksLikeOpenClaw)
        if openClaw {
            detail.append("this looks like OpenClaw running on Windows (a Windows node or gateway on the same port)")
        }
        let pids = holders.map { String($0.pid) }.joined(separator: " ")
        let fix = "stop it on Windows (`taskkill /PID \(pids)`" + (openClaw ? ", or stop the Windows-side OpenClaw" : "")
            + ") or run the gateway with another --port"
        let title = "port \(port) is held on Windows by \(holders.map(\.label).joined(separator: ", "))"
            + (openClaw ? " (a Windows-side OpenClaw)" : "")
        if inputs.environment.loopback.crossesToWindows == true {
            return CheckResult(id: id, status: .fail, title: title, detail: detail + [
                "Windows and this Linux share ports here (\(inputs.environment.loopback.reason)): the gateway's bind of \(port) fails (EADDRINUSE) while it runs",
            ], fix: fix, data: data)
        }
        return CheckResult(id: id, status: .info, title: title, detail: detail + [
            "under NAT networking Linux has its own ports, but Windows clients of localhost:\(port) reach this program, not the gateway",
        ], fix: fix, data: data)
    }
}
