import NetProbe

/// `env.wsl.requested-vs-effective` when no `.wslconfig` is in the facts: "looked and found none" only when the
/// live reader or the capture's `paths-checked` says it looked; otherwise "not in the facts" (skip).
///
/// Looked and none found: WSL's default is NAT. The result agrees with the verdict: on a machine in another
/// mode it says the mode was set elsewhere (or the file is somewhere not looked at), never "WSL uses NAT".
enum RequestedModeAbsence {
    static func result(id: String, inputs: DoctorInputs) -> CheckResult {
        guard let looked = inputs.facts.wslconfigLookedFor else {
            let why = ".wslconfig is not in the facts (no wslconfig section, and paths-checked does not list it): the requested mode is unknown"
            return CheckResult(id: id, status: .skip, title: why,
                               fix: "to compare, ask for the Windows-side %UserProfile%\\.wslconfig (`type %UserProfile%\\.wslconfig` in cmd)",
                               data: ["found": .null, "reason": "not in the facts"])
        }
        let effective = inputs.verdict.wslNetworkingMode ?? .unknown
        let words = VerdictWording.mode(inputs.verdict)
        let detail = ["looked under \(looked)"]
        let data: JSONValue = ["found": false, "lookedUnder": .string(looked), "effective": .string(effective.rawValue)]
        switch effective {
        case .nat:
            return CheckResult(id: id, status: .info,
                               title: "no .wslconfig found: no mode requested, and the machine is in WSL's default NAT mode",
                               detail: detail, data: data)
        case .unknown:
            return CheckResult(id: id, status: .info,
                               title: "no .wslconfig found: no mode requested (WSL's default is NAT); the effective mode is unknown",
                               detail: detail, data: data)
        default:
            return CheckResult(id: id, status: .info,
                               title: "no .wslconfig found, yet the machine is in \(words) mode: the mode is set elsewhere (another Windows user's .wslconfig, a policy) or by a file not looked at",
                               detail: detail, data: data)
        }
    }
}
