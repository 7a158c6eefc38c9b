import NetProbe

/// `wsl.version`: the WSL, kernel and Windows versions (`wsl.exe --version`), the sourced faults known for the running
/// WSL release (`WslReleaseFault.all`, shown only when it is in range), and mirrored networking requested on a Windows
/// build that cannot do it (older than Windows 11 22H2, build 22621) or a WSL older than 2.0.0, the reason for a NAT
/// fallback (`WslVersionInfo.mirroredSupport`, the one judgement; the detail says whether mirrored exists here).
///
/// skip: not WSL, or the versions not known; info: versions read, no known fault; warn: a known fault applies, or
/// mirrored is requested on a Windows build older than 22621.
enum WslVersionCheck {
    static let id = "wsl.version"

    static let check = DoctorCheck(
        id: id, summary: "WSL, kernel and Windows versions (wsl.exe --version), with the known loopback/bind faults of that WSL release"
    ) { inputs in
        guard inputs.environment.wsl.applies else { return WindowsCheckSupport.notApplicable(id, inputs.environment.wsl, "WSL") }
        guard let run = inputs.facts.windows?.wslVersion, run.answered else {
            return WindowsCheckSupport.unknown(id, "wsl.exe --version", inputs.facts.windows?.wslVersion, inputs)
        }
        guard let info = WslVersionInfo.parse(run.output) else {
            return CheckResult(id: id, status: .skip, title: "wsl.exe --version printed nothing this check can read",
                               data: ["reason": "unparseable wsl.exe --version output"])
        }
        var data: [String: JSONValue] = [:]
        if let wsl = info.wsl { data["wsl"] = .string(wsl.description) }
        if let windows = info.windows { data["windows"] = .string(windows.description) }
        // One fact, one reading: a kernel release read anywhere (`uname -r`, an issue form's field) is this kernel.
        let kernel = info.kernel ?? inputs.facts.kernelRelease
        if let kernel { data["kernel"] = .string(kernel) }
        let title = "WSL \(info.wsl?.description ?? "unknown"), kernel \(kernel ?? "unknown"), Windows \(info.windows?.description ?? "unknown")"
        var detail: [String] = []
        var problem = false
        let faults = info.wsl.map { version in WslReleaseFault.all.filter { $0.applies(to: version) } } ?? []
        if !faults.isEmpty {
            data["faults"] = .array(faults.map { .object(["range": .string($0.range), "symptom": .string($0.symptom), "source": .string($0.source)]) })
            for fault in faults {
                detail.append("known fault of WSL \(fault.range): \(fault.symptom) (\(fault.source))")
            }
            problem = true
        }
        let requested = inputs.wslConfig?.requestedNetworkingMode
        let support = info.mirroredSupport
        data["mirrored"] = .string(support.word)
        var fixes: [String] = []
        let runsMirrored = inputs.environment.mirrored.applies
        if case .unavailable(let why) = support, runsMirrored {
            // The machine runs mirrored networking: versions that say it cannot are of another moment or machine.
            detail.append("the versions say mirrored networking does not exist here (\(why)), yet this machine runs it: the versions are not of this moment or machine")
        } else if requested == .mirrored, case .unavailable(let why) = support {
            detail.append("mirrored networking is requested, but \(why): WSL falls back to NAT")
            data["mirroredUnsupported"] = true
            problem = true
            if let build = info.windowsBuild, build < WslVersionInfo.mirroredMinimumBuild {
                fixes.append("update Windows to Windows 11 22H2 or later, or use NAT networking")
            }
            if let wsl = info.wsl, wsl < WslVersionInfo.mirroredMinimumWSL { fixes.append("update WSL (`wsl --update` from Windows)") }
        } else {
            switch support {
            case .available: detail.append("the versions allow mirrored networking (WSL 2.0.0 or later, Windows build 22621 or later)")
            case .unavailable(let why): detail.append("mirrored networking does not exist here: \(why)")
            case .unknown(let why): detail.append("whether mirrored networking exists here is not known: \(why)")
            }
        }
        if problem {
            if !faults.isEmpty { fixes.append("update WSL (`wsl --update` from Windows) to a release outside the affected range") }
            return CheckResult(id: id, status: .warn, title: title, detail: detail, fix: fixes.joined(separator: "; "),
                               data: .object(data))
        }
        return CheckResult(id: id, status: .info, title: title, detail: detail, data: .object(data))
    }
}
