import NetProbe

/// `env.classification`: the verdict with its confidence and evidence.
enum ClassificationCheck {
    static let check = DoctorCheck(
        id: "env.classification",
        summary: "What this machine is (native, container, WSL1, WSL2 and its networking mode), with evidence",
        needsLive: false
    ) { inputs in
        let v = inputs.verdict
        let status: CheckStatus
        switch (v.kind, v.confidence) {
        case (.unknown, _): status = .warn
        case (_, .low): status = .warn
        case (.wsl2, _) where v.wslNetworkingMode == .unknown: status = .info
        default: status = .ok
        }
        let detail = v.evidence.map { e in
            "\(e.stance.rawValue) \(e.claim): \(e.signal) = \(e.observed) (\(e.source))"
        }
        let fix: String? = status == .ok ? nil
            : "run `openclaw-doctor capture` on the machine itself (not a pasted fragment) so every signal is read"
        return CheckResult(id: "env.classification", status: status, title: v.summary, detail: detail, fix: fix,
                           data: .from(v))
    }
}

/// `env.wsl.requested-vs-effective`: `.wslconfig` asks for a mode the machine is not in.
enum RequestedModeCheck {
    static let id = "env.wsl.requested-vs-effective"

    static let check = DoctorCheck(
        id: id, summary: "The networking mode .wslconfig requests against the mode the machine is really in",
        needsLive: false
    ) { inputs in
        guard inputs.verdict.kind == .wsl2 else {
            return CheckResult(id: id, status: .skip, title: "not WSL2", data: ["reason": "not WSL2"])
        }
        guard let file = inputs.facts.wslconfig, let config = inputs.wslConfig else {
            return CheckResult(id: id, status: .info, title: "no .wslconfig found: WSL uses NAT unless told otherwise",
                               detail: ["looked under /mnt/c/Users/*/.wslconfig"], data: ["found": false])
        }
        let requested = config.requestedNetworkingMode ?? .nat
        let effective = inputs.verdict.wslNetworkingMode ?? .unknown
        let data: JSONValue = ["requested": .string(requested.rawValue), "effective": .string(effective.rawValue),
                               "path": .string(file.path)]
        if effective == .unknown || effective == requested {
            return CheckResult(id: id, status: .ok,
                               title: "requested \(requested.rawValue), effective \(effective.rawValue)",
                               data: data, path: file.path)
        }
        var detail = ["\(file.path) requests networkingMode=\(requested.rawValue); the machine is in \(effective.rawValue) mode"]
        if requested == .mirrored && effective == .nat {
            detail += [
                "WSL falls back from mirrored to NAT when: Windows is older than Windows 11 22H2,",
                "the WSL kernel is older than 5.10 or lacks seccomp, IPv6 is disabled by registry",
                "(DisabledComponents=0xFF), or a group policy overrides the mode.",
                "Windows then says: \"Mirrored networking mode is not supported: ... Falling back to NAT networking.\"",
            ]
        }
        return CheckResult(id: id, status: .warn,
                           title: "requested \(requested.rawValue) but the machine is in \(effective.rawValue) mode",
                           detail: detail,
                           fix: "from Windows: `wsl --shutdown`, start WSL again, and read the warning it prints; check with `wslinfo --networking-mode`",
                           data: data, path: file.path)
    }
}

/// `env.wsl.config-keys`: keys in the wrong section, unknown networking modes.
enum ConfigKeysCheck {
    static let id = "env.wsl.config-keys"

    static let check = DoctorCheck(
        id: id, summary: ".wslconfig keys in the wrong section (hostAddressLoopback, ignoredPorts) and unknown modes",
        needsLive: false
    ) { inputs in
        guard let file = inputs.facts.wslconfig, let config = inputs.wslConfig else {
            let why = inputs.verdict.kind == .wsl2 ? "no .wslconfig found" : "not WSL2"
            return CheckResult(id: id, status: .skip, title: why, data: ["reason": .string(why)])
        }
        guard !config.problems.isEmpty else {
            return CheckResult(id: id, status: .ok, title: "\(config.entries.count) keys, none misplaced",
                               data: ["path": .string(file.path)], path: file.path)
        }
        let detail = config.problems.map { "\(file.path):\($0.line): \($0.description)" }
        return CheckResult(
            id: id, status: .warn,
            title: "\(config.problems.count) problem\(config.problems.count == 1 ? "" : "s") in .wslconfig",
            detail: detail,
            fix: "put hostAddressLoopback and ignoredPorts under [experimental], networkingMode under [wsl2]; then `wsl --shutdown`",
            data: ["problems": .array(config.problems.map { .string("line \($0.line): \($0.description)") })],
            path: file.path)
    }
}
