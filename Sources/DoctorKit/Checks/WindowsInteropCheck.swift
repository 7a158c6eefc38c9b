import NetProbe

/// `windows.interop`: can Windows programs be run from this Linux (`/etc/wsl.conf` `[interop] enabled`, binfmt_misc
/// `WSLInterop`, and whether `netstat.exe` & co. answered before their deadline)?
///
/// skip: not WSL, or nothing known (a capture without the Windows sections); ok: the tools answered; warn: interop is
/// disabled (with the `wsl.conf` line to change), binfmt_misc has no `WSLInterop`/`WSLInterop-late` entry where the
/// reader looked (with the command that registers it again), the tools hung, or every one failed.
enum WindowsInteropCheck {
    static let id = "windows.interop"

    static let check = DoctorCheck(
        id: id, summary: "Whether Windows' own tools (netstat.exe, netsh.exe, tasklist.exe, wsl.exe) can be run from WSL"
    ) { inputs in
        guard inputs.environment.wsl.applies else { return WindowsCheckSupport.notApplicable(id, inputs.environment.wsl, "WSL") }
        let assessment = InteropAssessment.assess(inputs.facts)
        var data: [String: JSONValue] = ["state": .string(assessment.state.rawValue), "reason": .string(assessment.reason)]
        let runs = inputs.facts.windows?.runs.compactMap { entry in entry.run.map { (entry.section, $0) } } ?? []
        let detail = runs.map { section, run in
            "\(section.rawValue): " + (run.problem ?? ("answered" + (run.elapsedMilliseconds.map { " in \($0) ms" } ?? "")))
        }
        if let line = assessment.wslConfLine { data["wslConfLine"] = .number(Double(line)) }
        let windowsNote = "without interop the doctor and the gateway cannot name a Windows program that holds a port"
        switch assessment.state {
        case .available:
            return CheckResult(id: id, status: .ok, title: "Windows tools can be run from WSL", detail: detail, data: .object(data))
        case .unknown:
            return CheckResult(id: id, status: .skip, title: assessment.reason, data: .object(data))
        case .disabled where assessment.binfmtMissing:
            return CheckResult(
                id: id, status: .warn, title: "Windows interop is off: \(assessment.reason)",
                detail: [windowsNote, "every reachability cell from Windows (gateway.reach) is not tried for the same reason"] + detail,
                fix: "register WSL's entry again: `echo ':WSLInterop:M::MZ::/init:PF' | sudo tee /usr/lib/binfmt.d/WSLInterop.conf`, "
                    + "then `sudo systemctl restart systemd-binfmt` (systemd's binfmt service can drop WSL's entry), or `wsl --shutdown` from Windows",
                data: .object(data), path: ProbedPath.wslInterop)
        case .disabled:
            let fix = assessment.wslConfLine.map {
                "set `enabled=true` under [interop] in /etc/wsl.conf (line \($0)), then `wsl --shutdown` from Windows"
            } ?? "enable interop: `[interop]` `enabled=true` in /etc/wsl.conf, then `wsl --shutdown` from Windows"
            return CheckResult(id: id, status: .warn, title: "Windows interop is disabled: \(assessment.reason)",
                               detail: [windowsNote] + detail, fix: fix, data: .object(data), path: "/etc/wsl.conf")
        case .hung, .failing:
            return CheckResult(id: id, status: .warn, title: "Windows tools did not answer: \(assessment.reason)",
                               detail: [windowsNote] + detail,
                               fix: "from Windows: `wsl --shutdown`, then start WSL again (a stuck interop socket is cleared by a restart)",
                               data: .object(data))
        }
    }
}
