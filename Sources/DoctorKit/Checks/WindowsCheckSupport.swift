import NetProbe

/// Shared gates of the Windows-half checks: WSL only, and "not read" is a skip naming why, never "none".
enum WindowsCheckSupport {
    static func isWSL(_ inputs: DoctorInputs) -> Bool { inputs.verdict.kind == .wsl1 || inputs.verdict.kind == .wsl2 }

    static func notWSL(_ id: String) -> CheckResult {
        CheckResult(id: id, status: .skip, title: "not WSL", data: ["reason": "not WSL"])
    }

    /// A skip for a tool output that is not known, saying why (interop off, hung, not in the capture).
    static func unknown(_ id: String, _ what: String, _ run: WindowsToolRun?, _ inputs: DoctorInputs) -> CheckResult {
        let why: String
        if let problem = run?.problem {
            why = "\(what) \(problem)"
        } else if let reason = inputs.facts.windows?.notRunReason {
            why = "Windows tools not run: \(reason)"
        } else {
            why = inputs.isLive ? "\(what) was not run" : "\(what) is not in this capture"
        }
        return CheckResult(id: id, status: .skip, title: why, data: ["reason": .string(why)])
    }

    /// Under WSL2 mirrored networking (or WSL1, one shared stack) a Windows port is this Linux's port too.
    static func sharesPortsWithWindows(_ inputs: DoctorInputs) -> Bool {
        inputs.verdict.kind == .wsl1 || inputs.isMirrored || inputs.verdict.wslNetworkingMode == .virtioproxy
    }
}
