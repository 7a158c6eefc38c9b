import NetProbe

/// `windows.adapters`: do the Windows adapters (`ipconfig /all`: `ipconfig.exe` through interop on a live machine,
/// the `windows-ipconfig` section of a capture or a paste) fit the effective WSL2 networking mode? Reads the one
/// judgement `WindowsAdapterMatch.judge` over the adapters, `ip addr`'s addresses and the verdict's mode.
///
/// skip: not WSL2, `ipconfig` not known (says why), no adapter in it, or a mode this does not compare (bridged,
/// virtioproxy, none, unknown); ok: NAT with eth0 in `vEthernet (WSL)`'s subnet, or mirrored with every Windows
/// address copied; info: something the comparison needs is missing (no mask, no eth0 address, no Linux addresses);
/// warn: NAT with eth0 outside that subnet or no `vEthernet (WSL)` adapter, mirrored with an adapter missing or
/// an extra address (the detail gives the confidence: two listings may be of two moments).
enum WindowsAdaptersCheck {
    static let id = "windows.adapters"

    static let check = DoctorCheck(
        id: id, summary: "The Windows adapters (ipconfig /all) against the Linux interfaces: NAT's vEthernet (WSL) subnet holds eth0; mirrored copies every adapter"
    ) { inputs in
        guard inputs.environment.wsl2.applies else { return WindowsCheckSupport.notApplicable(id, inputs.environment.wsl2, "WSL2") }
        guard let run = inputs.facts.windows?.ipconfig, run.answered else {
            return WindowsCheckSupport.unknown(id, "ipconfig.exe /all", inputs.facts.windows?.ipconfig, inputs)
        }
        let adapters = IpconfigAdapters.parse(run.output)
        guard !adapters.isEmpty else {
            return CheckResult(id: id, status: .skip, title: "ipconfig printed no adapter this check can read",
                               data: ["reason": "no adapter in the ipconfig output"])
        }
        let mode = inputs.environment.verdict.wslNetworkingMode ?? .unknown
        let judged = WindowsAdapterMatch.judge(adapters: adapters, addresses: inputs.facts.addresses, mode: mode)
        let data: JSONValue = [
            "mode": .string(mode.rawValue), "outcome": .string(judged.outcome.rawValue), "confidence": .string(judged.confidence.rawValue),
            "adapters": .array(adapters.prefix(20).map { .string($0.heading) }),
            "missing": .array(judged.missing.prefix(20).map { .string($0) }), "extra": .array(judged.extra.prefix(20).map { .string($0) }),
        ]
        let confidence = "confidence \(judged.confidence.rawValue)"
        switch judged.outcome {
        case .notJudged:
            return CheckResult(id: id, status: .skip, title: judged.findings.first ?? "not judged", data: data)
        case .incomplete:
            return CheckResult(id: id, status: .info, title: "the Windows adapters are not compared: " + (judged.findings.first ?? ""),
                               data: data)
        case .consistent:
            return CheckResult(id: id, status: .ok, title: judged.findings.first ?? "the adapters fit \(mode.rawValue) networking",
                               detail: [confidence], data: data)
        case .inconsistent:
            let title = mode == .nat ? "the Windows adapters do not fit NAT networking"
                : "the Linux interfaces do not mirror the Windows adapters"
            let fix = mode == .nat
                ? "take `ipconfig /all` (Windows) and `ip addr` (WSL) in the same WSL session, without `wsl --shutdown` between them"
                : "take both listings at once; if an adapter stays missing, `wsl --shutdown` and start WSL again (WSL copies adapters when the VM starts and as they change)"
            return CheckResult(id: id, status: .warn, title: title, detail: judged.findings + [confidence], fix: fix, data: data)
        }
    }
}
