import NetProbe

/// `env.wsl.requested-vs-effective`: `.wslconfig` asks for a networking mode the machine is not in.
///
/// skip: not WSL2 (or unknown whether it is: the reason says what would decide it), or `.wslconfig` is not in the facts (a capture without a `wslconfig` section that does not say
/// it looked); info: looked and found none (see `RequestedModeAbsence`), or the effective mode is unknown so
/// nothing can be compared; ok: requested equals effective; warn: they differ (mirrored that fell back to NAT or
/// to none).
enum RequestedModeCheck {
    static let id = "env.wsl.requested-vs-effective"

    static let check = DoctorCheck(
        id: id, summary: "The networking mode .wslconfig requests against the mode the machine is really in"
    ) { inputs in
        guard inputs.environment.wsl2.applies else {
            return WindowsCheckSupport.notApplicable(id, inputs.environment.wsl2, "WSL2")
        }
        guard let file = inputs.facts.wslconfig, let config = inputs.wslConfig else {
            return RequestedModeAbsence.result(id: id, inputs: inputs)
        }
        let requested = config.requestedNetworkingMode ?? .nat
        let effective = inputs.verdict.wslNetworkingMode ?? .unknown
        let data: JSONValue = ["found": true, "requested": .string(requested.rawValue),
                               "requestedExplicitly": .bool(config.requestedNetworkingMode != nil),
                               "effective": .string(effective.rawValue), "path": .string(file.path)]
        let line = config.networkingModeEntry.map { ":\($0.line)" } ?? ""
        if effective == .unknown {
            return CheckResult(id: id, status: .info,
                               title: "requested \(requested.rawValue); the effective mode is unknown, so they cannot be compared",
                               detail: ["\(file.path)\(line) requests networkingMode=\(requested.rawValue)"],
                               fix: "run `wslinfo --networking-mode` inside WSL to see the mode WSL really uses",
                               data: data, path: file.path)
        }
        if effective == requested {
            return CheckResult(id: id, status: .ok, title: "requested \(requested.rawValue), effective \(effective.rawValue)",
                               data: data, path: file.path)
        }
        let effectiveWords = VerdictWording.mode(inputs.verdict)
        var detail = ["\(file.path)\(line) requests networkingMode=\(requested.rawValue); the machine is in \(effectiveWords) mode"]
        if requested == .mirrored && (effective == .nat || effective == .none) {
            detail += [
                "WSL falls back from mirrored (to NAT, or to no network) when: Windows is older than Windows 11 22H2,",
                "the WSL kernel is older than 5.10 or lacks seccomp, IPv6 is disabled by registry",
                "(DisabledComponents=0xFF), or a group policy overrides the mode.",
                "Windows then says: \"Mirrored networking mode is not supported: ... Falling back to NAT networking.\"",
            ]
        }
        return CheckResult(id: id, status: .warn,
                           title: "requested \(requested.rawValue) but the machine is in \(effectiveWords) mode",
                           detail: detail,
                           fix: "from Windows: `wsl --shutdown`, start WSL again, and read the warning it prints; check with `wslinfo --networking-mode`",
                           data: data, path: file.path)
    }
}
